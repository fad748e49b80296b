import { format, resolveConfig } from 'prettier';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { round } from './stats';

/** One measured figure, with its same-run baseline and target when it has them. */
export interface ResultRow {
  /** Target number from the issue (1–7), or 'base' for a baseline. */
  target: string;
  measurement: string;
  value: number;
  unit: string;
  /** The same-run baseline this figure is compared with. */
  baseline?: { name: string; value: number };
  /** value ÷ baseline.value */
  ratio?: number;
  /** The goal in words, e.g. "≥ 0.5× Express". */
  goal?: string;
  /** Whether the goal is met; absent for figures that are only reported. */
  met?: boolean;
  note?: string;
}

export interface RunInfo {
  startedAt: string;
  seconds: number;
  only: string[] | null;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
}

function formatValue(row: ResultRow): string {
  return `${round(row.value).toLocaleString('en-US')} ${row.unit}`.trim();
}

/** Everything a run measured: printed as one table, written as JSON. */
export class Results {
  readonly rows: ResultRow[] = [];

  /** Adds a row; `met`, when given, judges it against its goal (with its ratio worked out). */
  add(row: ResultRow, met?: (row: ResultRow) => boolean): ResultRow {
    const withRatio =
      row.baseline && row.ratio === undefined && row.baseline.value !== 0
        ? { ...row, ratio: row.value / row.baseline.value }
        : row;
    if (met) withRatio.met = met(withRatio);
    this.rows.push(withRatio);
    return withRatio;
  }

  markdown(): string {
    const header = ['#', 'measurement', 'value', 'same-run baseline', 'ratio', 'target', 'met'];
    const cells = this.rows.map((r) => [
      r.target,
      r.note ? `${r.measurement} (${r.note})` : r.measurement,
      formatValue(r),
      r.baseline ? `${r.baseline.name}: ${round(r.baseline.value).toLocaleString('en-US')}` : '',
      r.ratio === undefined ? '' : `${round(r.ratio)}×`,
      r.goal ?? '',
      r.met === undefined ? '' : r.met ? 'yes' : '**no**',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
    const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join(
      '\n',
    );
  }

  /**
   * Writes a full run to bench/results/<date>.json (the record kept in git) and a partial one (`--only`,
   * `--quick`) to bench/results/partial/<time>.json, so trying things never replaces the day's record.
   */
  write(info: RunInfo, directory = 'bench/results'): string {
    const partial = info.only !== null || info.quick;
    const target = partial ? `${directory}/partial` : directory;
    mkdirSync(target, { recursive: true });
    const name = partial ? info.startedAt.replace(/[:.]/g, '-') : info.startedAt.slice(0, 10);
    const path = `${target}/${name}.json`;
    const rows = this.rows.map((r) => ({
      ...r,
      value: round(r.value),
      ...(r.ratio === undefined ? {} : { ratio: round(r.ratio) }),
    }));
    writeFileSync(path, `${JSON.stringify({ ...info, rows }, null, 2)}\n`);
    return path;
  }

  /**
   * Replaces the table between the bench-table markers of docs/performance.md, formatted the way the
   * lint's Prettier check wants it (the doc is checked like every other file).
   */
  async updateDoc(info: RunInfo, path = 'docs/performance.md'): Promise<boolean> {
    const begin = '<!-- bench-table -->';
    const end = '<!-- /bench-table -->';
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return false;
    }
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from === -1 || to === -1) return false;
    const machine = `${info.machine.cpus} × ${info.machine.cpuModel}, ${info.machine.memoryGb} GB, Node ${info.machine.node}`;
    const body = [
      '',
      `Measured ${info.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${machine}; the suite took ${Math.round(info.seconds)} s.`,
      '',
      this.markdown(),
      '',
    ].join('\n');
    const updated = `${text.slice(0, from + begin.length)}\n${body}\n${text.slice(to)}`;
    const options = (await resolveConfig(path)) ?? {};
    writeFileSync(path, await format(updated, { ...options, filepath: path }));
    return true;
  }
}

export function runInfo(startedAt: Date, only: string[] | null, quick: boolean): RunInfo {
  return {
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    only,
    quick,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
  };
}
