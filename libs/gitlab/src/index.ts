export * from './gitlab-client';
export * from './classify-error';
export * from './errors/gitlab-error';
export * from './project-hook';
export * from './compare-truncation';
export * from './merge-request-url';
export * from './freeze-periods';
export * from './promotion-merge-request';
