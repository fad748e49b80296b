import { readFileSync } from 'node:fs';

export interface EnvFile {
  /** KEY=value lines: what Compose passes to the containers. */
  values: Map<string, string>;
  /** `# KEY=value` lines: keys documented with the default the service uses when they are unset. */
  documented: Map<string, string>;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/**
 * The subset of Compose's env_file format .env.example uses: KEY=value lines, comments and blank lines.
 * Quotes, `export` and interpolation are refused (Compose and a shell would read them differently).
 */
export function parseEnvFile(text: string, source = '<inline>'): EnvFile {
  const values = new Map<string, string>();
  const documented = new Map<string, string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    const where = `${source}:${index + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const commented = ASSIGNMENT.exec(line.replace(/^#\s?/, ''));
      if (commented && /^[A-Z][A-Z0-9_]*$/.test(commented[1]!)) {
        if (documented.has(commented[1]!)) throw new Error(`${where}: ${commented[1]} is documented twice`);
        documented.set(commented[1]!, commented[2]!);
      }
      return;
    }
    const match = ASSIGNMENT.exec(line);
    if (!match) throw new Error(`${where}: not KEY=value: ${line}`);
    const [, key, value] = match as unknown as [string, string, string];
    if (/^["']|\$|\s#/.test(value))
      throw new Error(`${where}: ${key}: quotes, $ and inline comments are not used`);
    if (values.has(key)) throw new Error(`${where}: ${key} is set twice`);
    values.set(key, value);
  });
  return { values, documented };
}

export function readEnvFile(path: string): EnvFile {
  return parseEnvFile(readFileSync(path, 'utf8'), path);
}
