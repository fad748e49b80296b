import { createHash } from 'node:crypto';

/** The four fields that identify one push, whatever the delivery (GitLab redeliveries repeat all four). */
export interface EventIdentityInput {
  projectId: number;
  ref: string;
  before: string;
  after: string;
  /**
   * Set for events an operator makes (a replay, a manual promotion), so they are not taken for the
   * webhook of the same range; absent for webhooks and the reconciler.
   */
  discriminator?: string;
}

/**
 * A stable id for a push, usable as a BullMQ custom job id so a redelivery dedupes: `ev-` + 32 hex of the
 * sha256 of the four fields (JSON-encoded, so no two different field sets share an input). Never contains
 * `:`, is never all digits, uses only `[a-z0-9-]`, 35 characters. Shas are compared case-insensitively.
 */
export function eventId(input: EventIdentityInput): string {
  const fields: Array<string | number> = [
    input.projectId,
    input.ref,
    input.before.toLowerCase(),
    input.after.toLowerCase(),
  ];
  if (input.discriminator !== undefined) fields.push(input.discriminator);
  const canonical = JSON.stringify(fields);
  return `ev-${createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 32)}`;
}
