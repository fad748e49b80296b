import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  index: number;
  name: string | undefined;
  /** The FROM image with ARG defaults substituted, or the name of an earlier stage. */
  from: string;
  /** The earlier stage this one builds on, if any. */
  parent: Stage | undefined;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Map<string, string>;
  stages: Stage[];
}

/** Splits a Dockerfile into instructions: comments dropped, `\` continuations joined. */
export function instructionsOf(text: string): Instruction[] {
  const result: Instruction[] = [];
  let buffer = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (buffer === '' && (line === '' || line.startsWith('#'))) return;
    if (buffer !== '' && line.startsWith('#')) return; // comments inside a continuation
    if (buffer === '') start = index + 1;
    if (line.endsWith('\\')) {
      buffer += `${line.slice(0, -1)} `;
      return;
    }
    buffer += line;
    const match = /^([A-Za-z]+)\s*(.*)$/s.exec(buffer);
    if (!match) throw new Error(`Dockerfile:${start}: cannot parse ${buffer}`);
    result.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: start });
    buffer = '';
  });
  if (buffer !== '') throw new Error('Dockerfile: ends inside a line continuation');
  return result;
}

const substitute = (value: string, args: Map<string, string>): string =>
  value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => {
    const name = a ?? b ?? '';
    const replacement = args.get(name);
    if (replacement === undefined) throw new Error(`Dockerfile: ARG ${name} has no default`);
    return replacement;
  });

export function parseDockerfile(text: string): Dockerfile {
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructionsOf(text)) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`Dockerfile:${instruction.line}: cannot parse FROM ${instruction.args}`);
      const from = substitute(match[1]!, args);
      const parent = stages.find((s) => s.name !== undefined && s.name.toLowerCase() === from.toLowerCase());
      stages.push({ index: stages.length, name: match[2], from, parent, instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (stage === undefined) {
      if (instruction.keyword !== 'ARG')
        throw new Error(`Dockerfile:${instruction.line}: only ARG may precede FROM`);
      const [name, value] = instruction.args.split('=', 2) as [string, string | undefined];
      if (value !== undefined) args.set(name, value);
      continue;
    }
    stage.instructions.push(instruction);
  }
  return { args, stages };
}

export function readDockerfile(path: string): Dockerfile {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

/** The stage and the stages it builds on, nearest first. */
export function lineage(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s !== undefined; s = s.parent) chain.push(s);
  return chain;
}

/** The base image a stage finally builds on. */
export function baseImage(stage: Stage): string {
  const chain = lineage(stage);
  return chain[chain.length - 1]!.from;
}

/** The last instruction of a kind that applies to a stage (its own, else inherited). */
export function effective(stage: Stage, keyword: string): Instruction | undefined {
  for (const s of lineage(stage)) {
    const own = s.instructions.filter((i) => i.keyword === keyword);
    if (own.length > 0) return own[own.length - 1];
  }
  return undefined;
}

/** JSON (exec) form of ENTRYPOINT, CMD or HEALTHCHECK … CMD; shell form is an error. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((p): p is string => typeof p === 'string'))
    throw new Error(`not an exec-form array: ${args}`);
  return parsed;
}

/** The CMD a container of this stage runs with: a later ENTRYPOINT in the same stage resets inherited CMD. */
export function effectiveCmd(stage: Stage): string[] | undefined {
  for (const s of lineage(stage)) {
    const relevant = s.instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
    const last = relevant[relevant.length - 1];
    if (last === undefined) continue;
    return last.keyword === 'CMD' ? execForm(last.args) : undefined;
  }
  return undefined;
}

/** ENV of a stage, inherited values first. Supports `ENV A=b C="d e"` (plain or double-quoted values). */
export function effectiveEnv(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  const pair = /([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"\\]*)"|([^\s"']+))(?:\s+|$)/y;
  for (const s of lineage(stage).reverse()) {
    for (const instruction of s.instructions.filter((i) => i.keyword === 'ENV')) {
      const args = instruction.args.trim();
      pair.lastIndex = 0;
      while (pair.lastIndex < args.length) {
        const match = pair.exec(args);
        if (!match)
          throw new Error(
            `Dockerfile:${instruction.line}: use ENV KEY=value pairs (values plain or "double-quoted")`,
          );
        env.set(match[1] ?? '', match[2] ?? match[3] ?? '');
      }
    }
  }
  return env;
}

/** HEALTHCHECK [options] CMD [...]: the exec-form command, or undefined for NONE / none at all. */
export function healthcheckCommand(stage: Stage): string[] | undefined {
  const instruction = effective(stage, 'HEALTHCHECK');
  if (instruction === undefined || /^NONE$/i.test(instruction.args)) return undefined;
  const match = /^(?:--\S+\s+)*CMD\s+(\[.*\])$/s.exec(instruction.args);
  if (!match) throw new Error(`Dockerfile:${instruction.line}: HEALTHCHECK must use CMD in exec form`);
  return execForm(match[1]!);
}
