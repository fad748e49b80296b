import { describe, expect, it } from 'vitest';
import { aggregateFeedback, type FeedbackItem, type FeedbackPromotionStatus } from '@auto-promote/domain';

const item = (app: string, status: FeedbackPromotionStatus, build: number | null = null): FeedbackItem => ({
  app,
  status,
  buildNumber: build,
  buildUrl: build === null ? null : `http://jenkins/job/promote-environment/${build}/`,
});

describe('aggregateFeedback', () => {
  it.each([
    ['all planned', [item('a', 'planned'), item('b', 'planned')], 'pending', false],
    ['queued in Jenkins is still pending', [item('a', 'triggered')], 'pending', false],
    ['one build running', [item('a', 'building', 1), item('b', 'planned')], 'running', false],
    [
      'running while another already failed',
      [item('a', 'building', 1), item('b', 'failed', 2)],
      'running',
      true,
    ],
    ['all succeeded', [item('a', 'succeeded', 1), item('b', 'succeeded', 2)], 'success', true],
    ['one failed', [item('a', 'succeeded', 1), item('b', 'failed', 2)], 'failed', true],
    ['abandoned counts as failed', [item('a', 'succeeded', 1), item('b', 'abandoned')], 'failed', true],
    ['success with a skipped app', [item('a', 'succeeded', 1), item('b', 'skipped')], 'success', true],
    ['all superseded', [item('a', 'superseded')], 'canceled', true],
    ['all skipped', [item('a', 'skipped'), item('b', 'superseded')], 'skipped', true],
  ])('%s → %s', (_name, items, state, settled) => {
    const feedback = aggregateFeedback('stage', items);
    expect(feedback?.state).toBe(state);
    expect(feedback?.settled).toBe(settled);
  });

  it('is null without promotions', () => {
    expect(aggregateFeedback('stage', [])).toBeNull();
  });

  it('names every app in the description and links the most relevant build', () => {
    const running = aggregateFeedback('stage', [
      item('postgres', 'succeeded', 1),
      item('exampleApp', 'building', 2),
    ]);
    expect(running?.description).toBe('stage: exampleApp building #2, postgres succeeded #1');
    expect(running?.targetUrl).toContain('/2/');
    const failed = aggregateFeedback('stage', [item('a', 'succeeded', 1), item('b', 'failed', 7)]);
    expect(failed?.targetUrl).toContain('/7/');
    expect(aggregateFeedback('prod', [{ ...item('a', 'planned'), frozen: true }])?.description).toBe(
      'prod: a waiting (target frozen)',
    );
  });

  it('keeps the description within 255 characters', () => {
    const many = Array.from({ length: 40 }, (_, i) => item(`application-number-${i}`, 'succeeded', i));
    const description = aggregateFeedback('stage', many)?.description ?? '';
    expect(description.length).toBeLessThanOrEqual(255);
    expect(description).toMatch(/\+\d+ more$/);
  });
});
