export * from './queue-names';
export * from './job-data';
export * from './job-options';
export * from './redis-connection';
export * from './redis-keys';
export * from './retry-backoff';
export * from './push-event-producer';
export * from './errors/queue-unavailable-error';
