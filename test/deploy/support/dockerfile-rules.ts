import { isConfigKey } from './config-keys';
import {
  baseImage,
  effective,
  effectiveCmd,
  effectiveEnv,
  execForm,
  healthcheckCommand,
  lineage,
  type Dockerfile,
  type Stage,
} from './dockerfile';

export const BASE_IMAGE = 'node:20-bookworm-slim';
export const ENTRYPOINT = ['node', 'dist/apps/cli/main.js'];
/** The sandbox's bundle: the emulators' entry point, tooling that only the emulators stage may hold. */
export const SANDBOX_ENTRYPOINT = ['node', 'dist/apps/sandbox/main.js'];
const SANDBOX_BUNDLE = /dist\/apps\/sandbox\/?$/;
export const SERVICE_CMD = ['serve', '--role', 'ingress'];
export const EMULATORS_STAGE = 'emulators';

/** Node's own variables the service image may set besides configuration keys. */
const NODE_KEYS = new Set(['NODE_ENV', 'NODE_OPTIONS']);

const runs = (stage: Stage, pattern: RegExp): boolean =>
  stage.instructions.some((i) => i.keyword === 'RUN' && pattern.test(i.args));
const FULL_INSTALL = /\bnpm ci\b(?![^&;|]*--omit=dev)/;
const PROD_INSTALL = /\bnpm (?:ci|prune)\b[^&;|]*--omit=dev/;
const stageLabel = (stage: Stage): string => stage.name ?? `#${stage.index}`;

/** COPY --from=<stage> <src> <dest> instructions of a stage's lineage. */
function copiesFrom(stage: Stage): Array<{ from: string; src: string; dest: string }> {
  return lineage(stage).flatMap((s) =>
    s.instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => /--from=(\S+)\s+(?:--\S+\s+)*(\S+)\s+(\S+)$/.exec(i.args))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ from: m[1]!, src: m[2]!, dest: m[3]! })),
  );
}

function userProblems(stage: Stage): string[] {
  const user = effective(stage, 'USER')?.args.split(':')[0];
  if (user === undefined) return [`${stageLabel(stage)}: runs as root (no USER)`];
  if (user === 'root' || user === '0') return [`${stageLabel(stage)}: runs as ${user}`];
  if (user !== 'node' && user !== '1000')
    return [`${stageLabel(stage)}: USER ${user} is not node (uid 1000)`];
  return [];
}

/**
 * The Dockerfile's rules: multi-stage on node:20-bookworm-slim with `npm ci`, a default target that holds
 * the built dist and production dependencies only, runs as node with a /healthz HEALTHCHECK, one entrypoint
 * for every role; an emulators stage on top of it with git.
 */
export function dockerfileProblems(dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  const { stages } = dockerfile;
  if (stages.length < 2) return ['not a multi-stage build'];
  for (const stage of stages)
    if (stage.parent === undefined && stage.from !== BASE_IMAGE)
      problems.push(`${stageLabel(stage)}: FROM ${stage.from}, expected ${BASE_IMAGE}`);

  const builder = stages.find((s) => lineage(s).some((l) => runs(l, /\bnpm run build\b/)));
  if (!builder) problems.push('no stage runs npm run build');
  else if (!lineage(builder).some((l) => runs(l, FULL_INSTALL)))
    problems.push('the build does not install with npm ci');

  const target = stages[stages.length - 1]!;
  const chain = lineage(target);
  if (chain.some((s) => runs(s, FULL_INSTALL) || runs(s, /\bnpm run build\b/)))
    problems.push('the default target installs dev dependencies or builds (build in an earlier stage)');
  const copies = copiesFrom(target);
  const modules = copies.find((c) => /node_modules\/?$/.test(c.src));
  const modulesStage = stages.find((s) => s.name === modules?.from);
  if (!modulesStage || !lineage(modulesStage).some((s) => runs(s, PROD_INSTALL)))
    problems.push('node_modules of the default target do not come from npm ci/prune --omit=dev');
  if (!copies.some((c) => /dist\/apps\/cli\/?$/.test(c.src) && c.from === builder?.name))
    problems.push("the default target does not copy the CLI's bundle from the build stage");
  if (copies.some((c) => c.from === builder?.name && (/dist\/?$/.test(c.src) || SANDBOX_BUNDLE.test(c.src))))
    problems.push('the default target copies the sandbox bundle (emulators) from the build stage');
  if (
    !chain.some((s) =>
      s.instructions.some((i) => i.keyword === 'COPY' && /(^|\s)package\.json(\s|$)/.test(i.args)),
    )
  )
    problems.push('the default target lacks package.json ("type": "module" makes dist/*.js ES modules)');

  problems.push(...userProblems(target));
  const health = healthcheckCommand(target);
  if (!health || !health.join(' ').includes('/healthz'))
    problems.push('the default target has no /healthz HEALTHCHECK');
  const entrypoint = effective(target, 'ENTRYPOINT');
  if (!entrypoint || JSON.stringify(execForm(entrypoint.args)) !== JSON.stringify(ENTRYPOINT))
    problems.push(`ENTRYPOINT is not ${JSON.stringify(ENTRYPOINT)}`);
  if (JSON.stringify(effectiveCmd(target)) !== JSON.stringify(SERVICE_CMD))
    problems.push(`the default CMD is not ${JSON.stringify(SERVICE_CMD)}`);
  const exposed = chain.flatMap((s) =>
    s.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/)),
  );
  if (!exposed.includes('3000') && !exposed.includes('3000/tcp')) problems.push('port 3000 is not exposed');
  const env = effectiveEnv(target);
  if (env.get('NODE_ENV') !== 'production') problems.push('NODE_ENV is not production');
  // The heap limits keep a role's RSS bounded after a burst (docs/performance.md, target 7).
  if (!/--max-old-space-size=\d+/.test(env.get('NODE_OPTIONS') ?? ''))
    problems.push('NODE_OPTIONS does not cap the V8 heap (--max-old-space-size)');
  for (const key of env.keys())
    if (!NODE_KEYS.has(key) && !isConfigKey(key)) problems.push(`ENV ${key} is no configuration key`);

  const emulators = stages.find((s) => s.name === EMULATORS_STAGE);
  if (!emulators) problems.push(`no ${EMULATORS_STAGE} stage`);
  else {
    if (!lineage(emulators).some((s) => lineage(target).includes(s) && s.parent === undefined))
      problems.push(`${EMULATORS_STAGE}: not built on the service image`);
    if (!runs(emulators, /apt-get install\b[^&;|]*\bgit\b/))
      problems.push(`${EMULATORS_STAGE}: git is not installed`);
    problems.push(...userProblems(emulators));
    const emulatorEntrypoint = effective(emulators, 'ENTRYPOINT');
    if (
      !emulatorEntrypoint ||
      JSON.stringify(execForm(emulatorEntrypoint.args)) !== JSON.stringify(SANDBOX_ENTRYPOINT)
    )
      problems.push(`${EMULATORS_STAGE}: ENTRYPOINT is not the sandbox's`);
    if (!copiesFrom(emulators).some((c) => SANDBOX_BUNDLE.test(c.src) && c.from === builder?.name))
      problems.push(`${EMULATORS_STAGE}: does not copy the sandbox bundle from the build stage`);
    if (JSON.stringify(effectiveCmd(emulators)) !== JSON.stringify(['emulators']))
      problems.push(`${EMULATORS_STAGE}: CMD is not ["emulators"]`);
    if (!healthcheckCommand(emulators)) problems.push(`${EMULATORS_STAGE}: no HEALTHCHECK`);
    for (const key of effectiveEnv(emulators).keys())
      if (!NODE_KEYS.has(key) && !isConfigKey(key) && !/^EMULATOR_/.test(key))
        problems.push(`${EMULATORS_STAGE}: ENV ${key} is no configuration key`);
  }
  if (baseImage(target) !== BASE_IMAGE) problems.push(`the default target is not based on ${BASE_IMAGE}`);
  return problems;
}
