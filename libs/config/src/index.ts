export * from './config';
export * from './config-schema';
export * from './duration';
export * from './mask-config';
export * from './errors/config-error';
