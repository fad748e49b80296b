import { describe, expect, inject, it } from 'vitest';
import { log, run } from './support/exec';
import { BASE_IMAGE, EMULATORS_IMAGE, SERVICE_IMAGE } from './support/stack';

// The images built from the working tree (global-setup.ts): what the service image holds and how it runs.

const stack = inject('stack');
const skip = 'skip' in stack ? stack.skip : undefined;
const MB = 1024 * 1024;

const inImage = async (image: string, script: string, extra: readonly string[] = []): Promise<string> =>
  (
    await run('docker', ['run', '--rm', ...extra, '--entrypoint', 'sh', image, '-c', script], {
      timeoutMs: 60_000,
    })
  ).stdout;

const sizeOf = async (image: string): Promise<number> =>
  Number((await run('docker', ['image', 'inspect', '-f', '{{.Size}}', image])).stdout.trim());

describe.skipIf(skip !== undefined)('the service image', () => {
  it('runs as the node user, uid 1000', async () => {
    expect(
      (await run('docker', ['image', 'inspect', '-f', '{{.Config.User}}', SERVICE_IMAGE])).stdout.trim(),
    ).toBe('node');
    expect((await inImage(SERVICE_IMAGE, 'id -u; id -g')).trim().split('\n')).toEqual(['1000', '1000']);
  });

  it('works on a read-only root filesystem (nothing writable but /tmp)', async () => {
    const readOnly = ['--read-only', '--tmpfs', '/tmp'];
    const probe =
      "const fs=require('fs');try{fs.writeFileSync('/home/node/x','');console.log('writable')}" +
      "catch(e){console.log(e.code)}fs.writeFileSync('/tmp/x','ok');console.log(fs.readFileSync('/tmp/x','utf8'))";
    const out = await run(
      'docker',
      ['run', '--rm', ...readOnly, '--entrypoint', 'node', SERVICE_IMAGE, '-e', probe],
      {
        timeoutMs: 60_000,
      },
    );
    expect(out.stdout.trim().split('\n')).toEqual(['EROFS', 'ok']);
    // The CLI starts there (the roles' health under read_only: true is checked on the compose stack).
    const help = await run('docker', ['run', '--rm', ...readOnly, SERVICE_IMAGE, '--help'], {
      timeoutMs: 60_000,
    });
    expect(help.stdout).toContain('serve');
  });

  it('holds no dev dependency and no emulator code', async () => {
    const found = await inImage(
      SERVICE_IMAGE,
      'for p in vitest typescript esbuild nx eslint prettier tsx vite @nx fast-check; do ' +
        '[ -e node_modules/$p ] && echo "node_modules/$p"; done; ' +
        '[ -e dist/apps/sandbox ] && echo dist/apps/sandbox; ' +
        'grep -rl GitLabEmulator dist node_modules 2>/dev/null | head -5; true',
    );
    expect(found.trim()).toBe('');
    // The emulators image does hold them (the check above would see them).
    expect(await inImage(EMULATORS_IMAGE, 'grep -rl GitLabEmulator dist | head -1; git --version')).toMatch(
      /dist\/apps\/sandbox[\s\S]*git version/,
    );
  });

  it('adds at most 250 MB to the base image', async () => {
    const [base, service, emulators] = await Promise.all(
      [BASE_IMAGE, SERVICE_IMAGE, EMULATORS_IMAGE].map(sizeOf),
    );
    const added = (service! - base!) / MB;
    log(
      `image sizes: ${BASE_IMAGE} ${Math.round(base! / MB)} MB, ${SERVICE_IMAGE} ${Math.round(service! / MB)} MB ` +
        `(+${Math.round(added)} MB), ${EMULATORS_IMAGE} ${Math.round(emulators! / MB)} MB`,
    );
    expect(added).toBeLessThanOrEqual(250);
  });
});

describe.skipIf(skip === undefined)('without a Docker engine', () => {
  it(`the container suite is skipped (${skip ?? 'no reason'})`, () => {
    log(`container tests skipped: ${skip ?? ''}`);
  });
});
