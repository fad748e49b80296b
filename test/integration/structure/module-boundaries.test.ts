import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The library layering as `npm run lint` enforces it: the repository's own eslint.config.mjs run on an
 * import written into a file of a real project. Type information is left out (it does not decide
 * boundaries), so each check is quick.
 */
let eslint: ESLint;

beforeAll(() => {
  // The rule reads Nx's cached project graph, made as `npm run lint` makes it.
  execFileSync('npx', ['nx', 'show', 'projects'], {
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
  eslint = new ESLint({ overrideConfig: [tseslint.configs.disableTypeChecked] });
}, 60_000);

/** The module-boundary errors of a file at `path` holding `source`. */
async function boundaryErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: path });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries' && m.severity === 2)
    .map((m) => m.message);
}

describe('library boundaries', () => {
  it('refuses a feature importing another feature', async () => {
    expect(
      await boundaryErrors(
        'libs/board/src/probe.ts',
        "import { readImageTag } from '@auto-promote/planner';",
      ),
    ).toEqual([
      expect.stringContaining('A project tagged with "type:feature" can only depend on libs tagged with'),
    ]);
    expect(
      await boundaryErrors(
        'libs/ingress/src/probe.ts',
        "import { createBoardRouter } from '@auto-promote/board';",
      ),
    ).toHaveLength(1);
  });

  it('refuses an import upwards: a feature from the runtime, the domain from a utility', async () => {
    expect(
      await boundaryErrors(
        'libs/operations/src/probe.ts',
        "import { startService } from '@auto-promote/runtime';",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'libs/domain/src/probe.ts',
        "import { createLogger } from '@auto-promote/observability';",
      ),
    ).toEqual([expect.stringContaining('A project tagged with "type:domain"')]);
  });

  it('refuses tooling in a service library, even on a layer it may import', async () => {
    expect(
      await boundaryErrors(
        'libs/planner/src/probe.ts',
        "import { GitLabEmulator } from '@auto-promote/emulators';",
      ),
    ).toEqual([
      expect.stringMatching(
        /"scope:service" and "type:feature" can not depend on libs tagged with "scope:tooling"/,
      ),
    ]);
  });

  it('refuses reaching into another project by relative path', async () => {
    expect(
      await boundaryErrors(
        'apps/board-ui/src/probe.ts',
        "import { linkKey } from '../../../libs/board-view/src/index';",
      ),
    ).toEqual([expect.stringContaining('Projects cannot be imported by a relative or absolute path')]);
  });

  it('allows imports downwards and the composition of features', async () => {
    expect(
      await boundaryErrors(
        'libs/runtime/src/probe.ts',
        "import { createBoardRouter } from '@auto-promote/board';\nimport { previewPush } from '@auto-promote/planner';",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'libs/board/src/probe.ts',
        "import { PromotionStore } from '@auto-promote/records';",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'apps/sandbox/src/probe.ts',
        "import { startSandbox } from '@auto-promote/sandbox';",
      ),
    ).toEqual([]);
  });

  it("keeps the emulators and the sandbox out of the service's entry points", async () => {
    expect(
      await boundaryErrors('apps/cli/src/probe.ts', "import { startSandbox } from '@auto-promote/sandbox';"),
    ).toEqual([expect.stringContaining('scope:tooling')]);
  });
});
