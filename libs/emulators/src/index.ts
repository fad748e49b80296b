export * from './fault-switch';
