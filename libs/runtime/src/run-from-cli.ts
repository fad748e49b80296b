import { ConfigError, loadConfig } from '@auto-promote/config';
import { RedisPolicyError } from './check-redis';
import { startService, type Role, type RunningService } from './start-service';

/**
 * Entry point of `auto-promote serve` and the per-role apps: loads the configuration (one message
 * naming every bad key), starts the roles, and wires SIGTERM/SIGINT to a graceful shutdown; a
 * second signal exits at once.
 */
export async function runFromCli(
  roles: readonly Role[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService> {
  let config;
  try {
    config = loadConfig({ env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let service: RunningService;
  try {
    service = await startService(config, { roles });
  } catch (error) {
    if (error instanceof RedisPolicyError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      service.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    service
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        service.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return service;
}
