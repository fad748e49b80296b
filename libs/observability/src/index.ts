export * from './logger';
export * from './metrics';
export * from './http-serializers';
export * from './redis-health';
