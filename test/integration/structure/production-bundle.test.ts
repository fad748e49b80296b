import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The emulators are test and sandbox tooling (testing/): the service's CLI bundle — what `npx auto-promote`
 * runs and what the service image copies (see the Dockerfile rules) — holds none of their code. The
 * bundle's source map names every file esbuild put in it.
 */
function bundleSources(app: string): string[] {
  const map = `dist/apps/${app}/main.js.map`;
  if (!existsSync(map)) execFileSync(process.execPath, ['tools/build.mjs', app], { stdio: 'inherit' });
  return (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources.map((s) =>
    s.replace(/^(\.\.\/)+/, ''),
  );
}

describe('the production bundle', () => {
  it('of the CLI holds the service and no emulator or sandbox code', () => {
    const sources = bundleSources('cli');
    expect(sources.some((s) => s.startsWith('libs/runtime/'))).toBe(true);
    expect(sources.filter((s) => s.startsWith('testing/'))).toEqual([]);
    const code = readFileSync('dist/apps/cli/main.js', 'utf8');
    for (const marker of ['GitLabEmulator', 'JenkinsEmulator', 'startSandbox'])
      expect(code).not.toContain(marker);
  });

  it('of the sandbox holds the emulators (so the check above can see them)', () => {
    const sources = bundleSources('sandbox');
    expect(sources.some((s) => s.startsWith('testing/emulators/'))).toBe(true);
    expect(readFileSync('dist/apps/sandbox/main.js', 'utf8')).toContain('GitLabEmulator');
  });
});

describe('the npx entry points', () => {
  const help = (bin: string): string => {
    bundleSources(bin === 'auto-promote' ? 'cli' : 'sandbox');
    return execFileSync(process.execPath, [`bin/${bin}.js`, '--help'], { encoding: 'utf8' });
  };

  it('run their own bundle: `auto-promote` the service CLI, `auto-promote-sandbox` the sandbox', () => {
    expect(help('auto-promote')).toMatch(/^Usage: auto-promote \[options\] \[command\]/);
    expect(help('auto-promote-sandbox')).toMatch(/^Usage: auto-promote-sandbox \[options\] \[command\]/);
  });
});
