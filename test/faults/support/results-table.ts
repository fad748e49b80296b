import { mkdirSync, writeFileSync } from 'node:fs';

export interface ScenarioResult {
  scenario: string;
  /** Run beside a busy loop pinned to one core (see CpuHog). */
  cpuHog: boolean;
  events: number;
  expected: number;
  triggered: number;
  lost: number;
  duplicated: number;
  seconds: number;
}

const HEADER = [
  'scenario',
  'CPU hog',
  'events',
  'triggers expected',
  'triggered',
  'lost',
  'duplicated',
  'time',
];

/** The suite's summary: one row per scenario, printed at the end and kept in test-results/. */
export class ResultsTable {
  readonly rows: ScenarioResult[] = [];

  add(row: ScenarioResult): void {
    this.rows.push(row);
  }

  markdown(): string {
    const cells = this.rows.map((r) => [
      r.scenario,
      r.cpuHog ? 'yes' : 'no',
      String(r.events),
      String(r.expected),
      String(r.triggered),
      String(r.lost),
      String(r.duplicated),
      `${r.seconds.toFixed(1)} s`,
    ]);
    const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
    return [line(HEADER), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join(
      '\n',
    );
  }

  write(): void {
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/faults.json', `${JSON.stringify(this.rows, null, 2)}\n`);
    writeFileSync('test-results/faults.md', `${this.markdown()}\n`);
  }
}
