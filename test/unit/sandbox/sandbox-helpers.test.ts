import { describe, expect, it } from 'vitest';
import { extractImageTag } from '@auto-promote/domain';
import { appManifest, nextDevTag, retagManifest, tagForEnvironment } from '@auto-promote/sandbox';

describe('tagForEnvironment', () => {
  it.each([
    ['1.0.42-SNAPSHOT-abc1234', 'stage', '1.0.42-rc1-abc1234'],
    ['1.0.42-rc1-abc1234', 'prod', '1.0.42-abc1234'],
    ['1.0.42-abc1234', 'dev', '1.0.42-SNAPSHOT-abc1234'],
    ['1.0.42-SNAPSHOT-abc1234', 'qa', '1.0.42-SNAPSHOT-abc1234'],
    ['latest', 'prod', 'latest'],
  ])('%s in %s → %s', (tag, env, expected) => expect(tagForEnvironment(tag, env)).toBe(expected));
});

describe('retagManifest', () => {
  const manifest = appManifest('exampleApp', 'example-app', '1.0.42-rc1-abc1234', 8080, 'stage');

  it("changes only the app's own image, keeping the registry port and the sidecar", () => {
    const updated = retagManifest(manifest, 'exampleApp', '1.0.43-rc1-def5678');
    expect(extractImageTag([{ path: 'm.yaml', content: updated }], 'exampleApp')?.tag).toBe(
      '1.0.43-rc1-def5678',
    );
    expect(updated).toContain('registry.example.com:5000/p2c/example-app:1.0.43-rc1-def5678');
    expect(updated).toContain('platform/fluent-bit:3.1.9');
    expect(updated.split('\n').length).toBe(manifest.split('\n').length);
  });

  it('keeps quotes and comments, and leaves a manifest without the app unchanged', () => {
    const quoted = '      - image: "reg.io/team/app:1"  # pinned\n';
    expect(retagManifest(quoted, 'app', '2')).toBe('      - image: "reg.io/team/app:2"  # pinned\n');
    expect(retagManifest(manifest, 'postgres', '17')).toBe(manifest);
  });
});

describe('nextDevTag', () => {
  it('bumps the patch version and uses dev style', () => {
    expect(nextDevTag('1.0.42-SNAPSHOT-abc1234')).toMatch(/^1\.0\.43-SNAPSHOT-[0-9a-f]{7}$/);
    expect(nextDevTag('weird')).toMatch(/^1\.0\.0-SNAPSHOT-[0-9a-f]{7}$/);
  });
});
