import type { GitDate } from './types';

/** Date formats GitLab uses: REST commit dates keep the author's offset, records use UTC with millis. */

function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d{2})(\d{2})$/.exec(offset);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** "2024-05-01T12:00:00+02:00" (push hooks) or "2024-05-01T12:00:00.000+02:00" (REST commits). */
export function gitDateIso(date: GitDate, withMillis: boolean): string {
  const minutes = offsetMinutes(date.offset);
  const local = new Date((date.seconds + minutes * 60) * 1000).toISOString(); // wall-clock time in that zone
  const base = withMillis ? local.slice(0, 23) : local.slice(0, 19);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${base}${zone}`;
}

export function gitDateFromMs(ms: number): GitDate {
  return { seconds: Math.floor(ms / 1000), offset: '+0000' };
}

/** Timestamps of emulator records (hooks, MRs, statuses): "2024-05-01T10:00:00.000Z". */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
