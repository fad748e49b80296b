import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@auto-promote/sandbox';
import { uniquePrefix } from '../support/redis';
import { waitFor } from '../support/wait-for';

const run = promisify(execFile);
const stateFile = join(mkdtempSync(join(tmpdir(), 'ap-cli-')), 'sandbox.json');
let sandbox: Sandbox;

/** Runs `auto-promote-sandbox …` from source, as `npx auto-promote-sandbox` does from the build. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--import', './tools/register-lua.mjs', 'apps/sandbox/src/main.ts', ...args],
      {
        env: { ...process.env, AUTO_PROMOTE_SANDBOX_STATE: stateFile, NO_COLOR: '1' },
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(async () => {
  process.env['AUTO_PROMOTE_SANDBOX_STATE'] = stateFile;
  sandbox = await startSandbox({
    ports: { autoPromote: 0, gitlab: 0, jenkins: 0 },
    queuePrefix: uniquePrefix('sandbox-cli'),
    env: { JENKINS_POLL_INTERVAL_MS: '50', LOG_LEVEL: 'warn' },
  });
});

afterAll(async () => {
  await sandbox.close();
  delete process.env['AUTO_PROMOTE_SANDBOX_STATE'];
});

describe('auto-promote-sandbox drive commands', () => {
  it('commit, mrs and merge drive a promotion by hand', async () => {
    const commit = await cli('commit', '--app', 'exampleApp', '--tag', '1.0.60-SNAPSHOT-abcdef0', '--json');
    expect(commit.code).toBe(0);
    expect(JSON.parse(commit.stdout)).toMatchObject({
      branch: 'dev',
      app: 'exampleApp',
      tag: '1.0.60-SNAPSHOT-abcdef0',
    });

    const listed = await waitFor('the stage MR in `auto-promote-sandbox mrs`', async () => {
      const mrs = await cli('mrs', '--json');
      const list = JSON.parse(mrs.stdout) as Array<{ iid: number; title: string }>;
      return list.find((mr) => mr.title === 'Promote exampleApp to stage: 1.0.60-rc1-abcdef0');
    });
    const table = await cli('mrs');
    expect(table.stdout).toContain(`!${listed.iid}`);

    const merged = await cli('merge', String(listed.iid));
    expect(merged.stdout).toContain(`merged !${listed.iid} into stage`);
    await waitFor('the prod MR', async () =>
      (await cli('mrs')).stdout.includes('Promote exampleApp to prod: 1.0.60-abcdef0'),
    );
  });

  it('freeze-period adds a GitLab Deploy Freeze period, validated as GitLab validates it', async () => {
    const added = await cli('freeze-period', '--start', '0 0 1 1 *', '--end', '0 0 2 1 *', '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      freeze_start: '0 0 1 1 *',
      freeze_end: '0 0 2 1 *',
      cron_timezone: 'UTC',
    });
    const refused = await cli('freeze-period', '--start', '0 0 0 * *', '--end', '0 0 2 1 *');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is invalid syntax');
  });

  it('says clearly when no sandbox is running or an app does not exist', async () => {
    const unknown = await cli('commit', '--app', 'nope', '--tag', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("There is no app 'nope' on dev.");
    const noSandbox = await run(
      process.execPath,
      ['--import', 'tsx', '--import', './tools/register-lua.mjs', 'apps/sandbox/src/main.ts', 'mrs'],
      {
        env: { ...process.env, AUTO_PROMOTE_SANDBOX_STATE: join(tmpdir(), 'no-such-sandbox.json') },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { stderr: string; code: number }) => e,
    );
    expect(noSandbox.code).toBe(1);
    expect(noSandbox.stderr).toContain('No sandbox is running');
  });
});
