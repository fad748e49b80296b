export * from './fault-switch';
export * from './gitlab';
export * from './jenkins';
