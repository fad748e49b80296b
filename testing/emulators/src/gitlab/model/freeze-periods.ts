import { CronExpressionParser } from 'cron-parser';

/** Deploy Freeze periods (Ci::FreezePeriod) and the validation GitLab applies to them. */

export interface FreezePeriodRecord {
  id: number;
  freezeStart: string;
  freezeEnd: string;
  cronTimezone: string;
  createdAt: string;
  updatedAt: string;
}

export interface FreezePeriodInput {
  freezeStart?: string;
  freezeEnd?: string;
  cronTimezone?: string;
}

/** A refused write: GitLab's render_validation_error! → 400 {"message":{"attribute":["…"]}}. */
export class FreezePeriodValidationError extends Error {
  readonly status = 400;
  constructor(readonly errors: Record<string, string[]>) {
    super(JSON.stringify(errors));
    this.name = 'FreezePeriodValidationError';
  }

  get body(): Record<string, unknown> {
    return { message: this.errors };
  }
}

/** ActiveRecord::RecordNotFound, which GitLab answers 404 {"message":"404 Not found"}. */
export class FreezePeriodNotFoundError extends Error {
  constructor(id: number) {
    super(`freeze period ${id} not found`);
    this.name = 'FreezePeriodNotFoundError';
  }
}

/** Fugit (GitLab's cron parser) reads 5 fields, or 6 with seconds first. */
function cronValid(cron: string, zone: string): boolean {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return false;
  try {
    CronExpressionParser.parse(cron.trim(), { tz: zone }).next();
    return true;
  } catch {
    return false;
  }
}

function zoneValid(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * GitLab's validations in its order: freeze_start (cron, presence), freeze_end (cron, presence),
 * cron_timezone (CronFreezePeriodTimezoneValidator, presence). Crons are stripped first (strip_attributes!).
 */
function validate(period: Omit<FreezePeriodRecord, 'id' | 'createdAt' | 'updatedAt'>): void {
  const errors: Record<string, string[]> = {};
  const add = (attribute: string, message: string) => (errors[attribute] ??= []).push(message);
  const zone = zoneValid(period.cronTimezone) ? period.cronTimezone : 'UTC';
  for (const [attribute, cron] of [
    ['freeze_start', period.freezeStart],
    ['freeze_end', period.freezeEnd],
  ] as const) {
    if (!cronValid(cron, zone)) add(attribute, ' is invalid syntax');
    if (cron.trim() === '') add(attribute, "can't be blank");
  }
  if (!zoneValid(period.cronTimezone)) add('cron_timezone', ' is invalid syntax');
  if (period.cronTimezone.trim() === '') add('cron_timezone', "can't be blank");
  if (Object.keys(errors).length > 0) throw new FreezePeriodValidationError(errors);
}

/** A project's freeze periods, listed oldest first (GitLab's default scope orders by created_at). */
export class FreezePeriodStore {
  private readonly items: FreezePeriodRecord[] = [];

  constructor(private readonly nextId: () => number) {}

  list(): FreezePeriodRecord[] {
    return this.items.map((p) => ({ ...p }));
  }

  get(id: number): FreezePeriodRecord {
    const found = this.items.find((p) => p.id === id);
    if (!found) throw new FreezePeriodNotFoundError(id);
    return { ...found };
  }

  /** `cronTimezone` defaults to UTC, as the API documents. */
  create(
    input: Required<Pick<FreezePeriodInput, 'freezeStart' | 'freezeEnd'>> & FreezePeriodInput,
    now: string,
  ) {
    const period = {
      freezeStart: input.freezeStart.trim(),
      freezeEnd: input.freezeEnd.trim(),
      cronTimezone: input.cronTimezone ?? 'UTC',
    };
    validate(period);
    const record: FreezePeriodRecord = { id: this.nextId(), ...period, createdAt: now, updatedAt: now };
    this.items.push(record);
    return { ...record };
  }

  /** Only the attributes given change; nothing changes when the result is invalid. */
  update(id: number, input: FreezePeriodInput, now: string): FreezePeriodRecord {
    const index = this.items.findIndex((p) => p.id === id);
    const current = this.items[index];
    if (!current) throw new FreezePeriodNotFoundError(id);
    const next = {
      freezeStart: (input.freezeStart ?? current.freezeStart).trim(),
      freezeEnd: (input.freezeEnd ?? current.freezeEnd).trim(),
      cronTimezone: input.cronTimezone ?? current.cronTimezone,
    };
    validate(next);
    const changed =
      next.freezeStart !== current.freezeStart ||
      next.freezeEnd !== current.freezeEnd ||
      next.cronTimezone !== current.cronTimezone;
    const record = { ...current, ...next, updatedAt: changed ? now : current.updatedAt };
    this.items[index] = record;
    return { ...record };
  }

  remove(id: number): void {
    const index = this.items.findIndex((p) => p.id === id);
    if (index < 0) throw new FreezePeriodNotFoundError(id);
    this.items.splice(index, 1);
  }
}

/** Entities::FreezePeriod. */
export function freezePeriodEntity(p: FreezePeriodRecord) {
  return {
    id: p.id,
    freeze_start: p.freezeStart,
    freeze_end: p.freezeEnd,
    cron_timezone: p.cronTimezone,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}
