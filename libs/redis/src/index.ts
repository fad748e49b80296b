export * from './redis-keys';
export * from './redis-connection';
export * from './lua-script';
export * from './scripts';
export * from './scan-keys';
