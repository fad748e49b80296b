export * from './queue-names';
export * from './job-data';
export * from './job-options';
export * from './retry-backoff';
export * from './push-event-producer';
export * from './errors/queue-unavailable-error';
export * from './feedback-notifier';
