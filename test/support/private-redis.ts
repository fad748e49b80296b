export { PrivateRedisServer as PrivateRedis, freePort } from '@auto-promote/sandbox';
