import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The vendored real material (see test/fixtures/real/SOURCES.md). */
export const REAL_DIR = fileURLToPath(new URL('../../fixtures/real/', import.meta.url));

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface RealPayload {
  file: string;
  /** The X-Gitlab-Event header GitLab sent with it, from the SOURCES.md table. */
  event: string;
  /** The file's bytes, posted as they are. */
  raw: Buffer;
  body: JsonObject;
}

/** The rows of one table of SOURCES.md (the one under the heading starting with `heading`): cells per row. */
export function sourceRows(heading: string): string[][] {
  const lines = readFileSync(`${REAL_DIR}SOURCES.md`, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${heading}`));
  if (start < 0) throw new Error(`SOURCES.md has no section '${heading}'`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('| `')) continue;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const unquote = (cell: string): string => cell.replace(/^`|`$/g, '');

export function listDir(sub: string): string[] {
  return readdirSync(`${REAL_DIR}${sub}`)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Every vendored webhook payload with its X-Gitlab-Event header. */
export function realPayloads(): RealPayload[] {
  const events = new Map(
    sourceRows('Webhook payloads').map((cells) => [unquote(cells[0] ?? ''), cells[1] ?? '']),
  );
  return listDir('payloads').map((file) => {
    const event = events.get(file);
    if (event === undefined) throw new Error(`${file} has no row in SOURCES.md`);
    const raw = readFileSync(`${REAL_DIR}payloads/${file}`);
    return { file, event, raw, body: JSON.parse(raw.toString('utf8')) as JsonObject };
  });
}

/** The text of a vendored API answer (served as it is) and its parsed value. */
export function realAnswer(file: string): { text: string; json: Json } {
  const text = readFileSync(`${REAL_DIR}api/${file}`, 'utf8');
  return { text, json: JSON.parse(text) as Json };
}

export function realObject(file: string): JsonObject {
  const { json } = realAnswer(file);
  if (!isObject(json)) throw new Error(`${file} is not a JSON object`);
  return json;
}

export function realArray(file: string): Json[] {
  const { json } = realAnswer(file);
  if (!Array.isArray(json)) throw new Error(`${file} is not a JSON array`);
  return json;
}

export function realSchema(file: string): JsonObject {
  return JSON.parse(readFileSync(`${REAL_DIR}schemas/${file}`, 'utf8')) as JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field of an object as a string (undefined when absent or not a string). */
export function str(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}
