import type { Command } from 'commander';
import {
  SandboxClient,
  SandboxError,
  runDemo,
  startSandbox,
  watchActivity,
  type Sandbox,
} from '@auto-promote/sandbox';

interface RunOptions {
  demo?: boolean;
  port: string;
  gitlabPort: string;
  jenkinsPort: string;
}

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

function banner(sandbox: Sandbox): void {
  const { state } = sandbox;
  const auth = `${state.admin.user} / ${state.admin.password}`;
  out('auto-promote sandbox is running');
  out();
  out(`  auto-promote      ${state.autoPromoteUrl}   (webhook: /webhooks/gitlab, metrics: /metrics)`);
  out(`  Bull Board        ${state.autoPromoteUrl}/admin/queues   login ${auth}`);
  out(`  Promotions API    ${state.autoPromoteUrl}/api/promotions  login ${auth}`);
  out(`  GitLab emulator   ${state.gitlabUrl}   project ${state.projectPath} (id ${state.projectId})`);
  out(`  Jenkins emulator  ${state.jenkinsUrl}   job promote-environment`);
  out(`  Redis             ${sandbox.redisUrl}${sandbox.privateRedis ? ' (private, removed on exit)' : ''}`);
  if (sandbox.logFile) out(`  Service log       ${sandbox.logFile}`);
  out();
}

async function run(options: RunOptions): Promise<void> {
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      ports: {
        autoPromote: Number(options.port),
        gitlab: Number(options.gitlabPort),
        jenkins: Number(options.jenkinsPort),
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof SandboxError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  banner(sandbox);
  const client = new SandboxClient(sandbox.state);

  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    out('stopping the sandbox…');
    await sandbox.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (options.demo) {
    out('Demo: a change to exampleApp goes from dev to prod.');
    out();
    try {
      const timeline = await runDemo(client, { print: out });
      out();
      out('step latencies (merge → next promotion MR opened):');
      for (const step of timeline.filter((s) => s.latency !== null))
        out(`  ${String(step.latency).padStart(6)} ms  ${step.step}`);
      await stop(0);
    } catch (error) {
      process.stderr.write(`demo failed: ${(error as Error).message}\n`);
      await stop(1);
    }
    return;
  }
  out('Try it (in another terminal):');
  out(
    '  npx auto-promote-sandbox commit --app exampleApp --tag 1.0.43-SNAPSHOT-def0123   # a change merged into dev',
  );
  out(
    '  npx auto-promote-sandbox mrs                                                      # the promotion MRs it caused',
  );
  out(
    '  npx auto-promote-sandbox merge <iid>                                              # merge one: the next env follows',
  );
  out('Press Ctrl-C to stop. Activity:');
  out();
  watchActivity(client, (line) => out(`  ${new Date().toISOString().slice(11, 19)}  ${line}`));
}

/** `auto-promote-sandbox [run]` (`npm run sandbox`): auto-promote against GitLab and Jenkins emulators on loopback. */
export function registerRunCommand(program: Command): void {
  program
    .command('run', { isDefault: true })
    .description('run auto-promote against GitLab and Jenkins emulators on this machine (the default)')
    .option('--demo', 'walk a change from dev to prod, print the timeline, and exit')
    .option('--port <port>', 'preferred port of auto-promote (a busy one falls back to a free port)', '3000')
    .option('--gitlab-port <port>', 'preferred port of the GitLab emulator', '3001')
    .option('--jenkins-port <port>', 'preferred port of the Jenkins emulator', '3002')
    .action(run);
}
