// Deep imports: the package root loads all of rxjs (~100 ms of start-up) for these two.
import { Subject } from 'rxjs/internal/Subject';
import { filter } from 'rxjs/internal/operators/filter';
import type { Observable } from 'rxjs';
import type { RuntimeEvent, RuntimeEventType } from './runtime-event.js';
import type { StackSampler } from './stack-sampler.js';

/**
 * The engine's event stream. Producers must check `observed` before building an event, so a run
 * nobody watches allocates nothing. RxJS already isolates a subscriber that throws (the error is
 * reported asynchronously, never into the producer); the kernel routes those reports to a
 * warning instead of letting them crash the process (see `installSubscriberErrorGuard`).
 */
export class EventBus {
  private readonly subject = new Subject<RuntimeEvent>();
  /** All events. */
  readonly events$: Observable<RuntimeEvent> = this.subject.asObservable();
  /**
   * Per-call events (`call.enter`/`call.exit`, `host.call`) are compiled in only when this was
   * set before a module was compiled or instantiated.
   */
  callEventsRequested = false;
  /**
   * The guest sampling profiler's hook, when one is attached: modules compiled from then on get
   * sampling check points (`CompileOptions.sampling`) and new stores carry it.
   */
  sampler: StackSampler | null = null;

  get observed(): boolean {
    return this.subject.observed;
  }

  emit(event: RuntimeEvent): void {
    if (this.subject.observed) this.subject.next(event);
  }

  /** Events of one type, narrowed. */
  on<K extends RuntimeEventType>(type: K): Observable<Extract<RuntimeEvent, { type: K }>> {
    return this.subject.pipe(filter((e): e is Extract<RuntimeEvent, { type: K }> => e.type === type));
  }

  complete(): void {
    this.subject.complete();
  }
}
