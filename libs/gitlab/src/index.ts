export * from './gitlab-client';
export * from './classify-error';
export * from './errors/gitlab-error';
