export * from './jenkins-client';
export * from './jenkins-paths';
export * from './classify-response';
export * from './errors/jenkins-error';
