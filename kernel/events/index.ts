export * from './runtime-event.js';
export { EventBus } from './event-bus.js';
