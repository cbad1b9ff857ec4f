import type { Trap } from '../errors/trap.js';
import type { EventBus } from '../events/event-bus.js';

/**
 * Traps already reported: a trap raised in a nested call (host → wasm → host → wasm) reaches
 * every enclosing `Func.call`, and each would report it again.
 */
const reported = new WeakSet<Trap>();

/**
 * Emits `trap` for a trap leaving the guest, once per trap. Backends do not emit it (they do
 * emit `fuel.exhausted`, where fuel runs out); the API does, where every trap passes. Nothing
 * is built when nobody listens.
 */
export function emitTrap(bus: EventBus, storeId: number, trap: Trap): void {
  if (!bus.observed || reported.has(trap)) return;
  reported.add(trap);
  bus.emit({ type: 'trap', storeId, trapCode: trap.trapCode, message: trap.message, backtrace: trap.backtrace });
}
