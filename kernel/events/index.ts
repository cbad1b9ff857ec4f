export * from './runtime-event.js';
export { EventBus } from './event-bus.js';
export { installSubscriberErrorGuard } from './subscriber-error-guard.js';
export type { StackSampler, SampledFunction } from './stack-sampler.js';
