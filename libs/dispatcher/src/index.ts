export * from './jenkins-circuit';
export * from './trigger-promotion';
export * from './follow-build';
export * from './dispatcher-workers';
