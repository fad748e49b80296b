export * from './infrastructure';
export * from './start-service';
export * from './check-redis';
export * from './run-from-cli';
export { startBoard } from './roles/board';
export * from './operator-services';
export * from './change-observer';
