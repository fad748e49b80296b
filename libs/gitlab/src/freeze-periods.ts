import { z } from 'zod';
import type { FreezePeriod } from '@auto-promote/domain';
import { GitLabPermanentError } from './errors/gitlab-error';

/** One entry of `GET /projects/:id/freeze_periods` (Freeze Periods API, GitLab 13.0+). */
const freezePeriodSchema = z.object({
  id: z.number().int(),
  freeze_start: z.string(),
  freeze_end: z.string(),
  cron_timezone: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});

/** GitLab's answer, checked: anything else is a GitLab auto-promote does not understand (not retried). */
export function parseFreezePeriods(raw: unknown): FreezePeriod[] {
  const parsed = z.array(freezePeriodSchema).safeParse(raw);
  if (!parsed.success)
    throw new GitLabPermanentError(
      `list freeze periods: unexpected answer from GitLab (${parsed.error.issues[0]?.message ?? 'invalid'})`,
      200,
    );
  return parsed.data.map((p) => ({
    id: p.id,
    freezeStart: p.freeze_start,
    freezeEnd: p.freeze_end,
    cronTimezone: p.cron_timezone,
  }));
}
