import { isInteractive, type CliIo } from './cli-io';

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;
export type Colour = keyof typeof CODES;

/** Plain ANSI colours, or none at all off a terminal (see `isInteractive`). */
export interface Style {
  (colour: Colour, text: string): string;
  readonly enabled: boolean;
}

export function styleFor(io: CliIo): Style {
  const enabled = isInteractive(io);
  const style = (colour: Colour, text: string): string =>
    enabled ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
  return Object.assign(style, { enabled });
}

/** Strips ANSI colour codes (to measure what a cell shows). */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

const STATUS_COLOURS: Record<string, Colour> = {
  succeeded: 'green',
  failed: 'red',
  abandoned: 'red',
  planned: 'yellow',
  triggered: 'yellow',
  building: 'cyan',
  superseded: 'dim',
  skipped: 'dim',
};

export function statusColour(status: string): Colour | null {
  return STATUS_COLOURS[status.split(' ')[0] ?? ''] ?? null;
}
