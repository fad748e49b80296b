import type { Command } from 'commander';
import { parsePromotionMap } from '@auto-promote/domain';
import { startEmulatedWorld } from '@auto-promote/sandbox';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    process.stderr.write(`${name} is required\n`);
    process.exit(2);
  }
  return value;
};

/**
 * `auto-promote-sandbox emulators`: the sandbox's GitLab and Jenkins emulators as a process of their own, for
 * the compose `sandbox` profile. They share auto-promote's keys (GITLAB_TOKEN, JENKINS_USER, …).
 */
export function registerEmulatorsCommand(program: Command): void {
  program
    .command('emulators')
    .description('run the GitLab and Jenkins emulators (seeded deployments repository) for a local stack')
    .action(async () => {
      const host = env('EMULATOR_HOST', '127.0.0.1');
      const hookUrl = process.env['EMULATOR_HOOK_URL'];
      const emulators = await startEmulatedWorld({
        host,
        ports: {
          gitlab: Number(env('EMULATOR_GITLAB_PORT', '3001')),
          jenkins: Number(env('EMULATOR_JENKINS_PORT', '3002')),
        },
        credentials: {
          gitlabToken: env('GITLAB_TOKEN'),
          jenkinsUser: env('JENKINS_USER'),
          jenkinsToken: env('JENKINS_API_TOKEN'),
          ...(hookUrl ? { webhookSecret: env('GITLAB_WEBHOOK_SECRET') } : {}),
        },
        ...(hookUrl
          ? {
              hook: {
                url: hookUrl,
                name: 'auto-promote',
                enableSslVerification: false,
                promotionMap: parsePromotionMap(env('PROMOTION_MAP', 'dev=stage,stage=prod')),
              },
            }
          : {}),
      });
      process.stdout.write(
        `GitLab emulator ${emulators.gitlab.url} (project ${emulators.project.path}), Jenkins emulator ${emulators.jenkins.url}` +
          `${hookUrl ? `, push hooks to ${hookUrl}` : ''}\n`,
      );
      const stop = (): void => {
        void emulators.stop().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
