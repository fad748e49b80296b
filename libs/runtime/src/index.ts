export * from './start-service';
export * from './check-redis';
export * from './run-from-cli';
