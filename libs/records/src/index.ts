export * from './promotion-record';
export * from './promotion-store';
export * from './event-record';
export * from './event-store';
export * from './errors/record-not-found-error';
export * from './errors/invalid-cursor-error';
export * from './freeze-store';
