export * from './http-result';
export * from './constant-time';
export * from './handlers/receive-webhook';
export * from './handlers/list-promotions';
export * from './handlers/get-promotion';
export * from './handlers/health';
export * from './express/create-ingress-app';
export * from './express/basic-auth';
