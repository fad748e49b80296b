import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { log, run, waitFor } from './exec';

const has = async (command: string): Promise<boolean> =>
  (await run('sh', ['-c', `command -v ${command}`], { allowFailure: true })).code === 0;

const answers = async (): Promise<boolean> =>
  (await run('docker', ['info', '--format', '{{.ServerVersion}}'], { allowFailure: true, timeoutMs: 15_000 }))
    .code === 0;

/**
 * A Docker engine to test against: installs docker.io, docker-compose and debootstrap with apt-get when missing
 * and starts dockerd when none answers. Resolves with the reason when no engine can be had (the suite then skips).
 */
export async function ensureEngine(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const missing: string[] = [];
  if (!(await has('docker'))) missing.push('docker.io');
  if (!(await has('dockerd'))) missing.push('docker.io');
  if (!(await has('docker-compose'))) missing.push('docker-compose');
  if (!(await has('debootstrap'))) missing.push('debootstrap');
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) return { ok: false, reason: `${missing.join(', ')} missing and not root` };
    log(`apt-get install ${[...new Set(missing)].join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update'], { env, timeoutMs: 180_000, allowFailure: true });
    const install = await run('apt-get', ['install', '-y', ...new Set(missing)], {
      env,
      timeoutMs: 300_000,
      allowFailure: true,
    });
    if (install.code !== 0)
      return { ok: false, reason: `apt-get install failed: ${install.stderr.slice(-500)}` };
  }
  if (await answers()) return { ok: true };
  if (process.getuid?.() !== 0)
    return { ok: false, reason: 'no Docker engine answers and not root to start dockerd' };
  log('starting dockerd (log: /tmp/dockerd.log)');
  const out = openSync('/tmp/dockerd.log', 'a');
  const dockerd = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  dockerd.unref();
  try {
    await waitFor('dockerd to answer', async () => ((await answers()) ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `dockerd did not start: ${String(error)} (see /tmp/dockerd.log)` };
  }
}
