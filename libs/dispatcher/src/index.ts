export * from './jenkins-circuit';
export * from './trigger-promotion';
export * from './follow-build';
export * from './dispatcher-workers';
export * from './freeze-gate';
export * from './gitlab-feedback';
export * from './feedback-worker';
export * from './merge-request-note';
