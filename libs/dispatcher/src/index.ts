export * from './dispatch-promotion';
export * from './dispatcher-worker';
