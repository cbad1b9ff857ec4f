// A deep import: the package root loads all of rxjs (~100 ms of start-up).
import { config } from 'rxjs/internal/config';

let installed = false;

/**
 * RxJS isolates a subscriber that throws: the producer (a guest run) is never interrupted, and
 * the error is re-thrown later from a timer unless `config.onUnhandledError` is set — which
 * would crash the process. Install once a handler that reports it as a warning on stderr,
 * unless the embedder has set their own (theirs always wins, even when set later).
 */
export function installSubscriberErrorGuard(): void {
  if (installed) return;
  installed = true;
  if (config.onUnhandledError) return;
  const guard = (err: unknown): void => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    try {
      process.emitWarning(`an event subscriber threw (ignored): ${text}`, { code: 'WEFT_SUBSCRIBER_ERROR' });
    } catch {
      // A warning must never become the crash it prevents.
    }
  };
  config.onUnhandledError = guard;
}
