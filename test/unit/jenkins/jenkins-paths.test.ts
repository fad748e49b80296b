import { describe, expect, it } from 'vitest';
import { jobPath, queueIdFromLocation } from '@auto-promote/jenkins';

describe('jobPath', () => {
  it.each([
    ['promote-environment', '/job/promote-environment'],
    ['platform/promote-environment', '/job/platform/job/promote-environment'],
    ['a b/c#d', '/job/a%20b/job/c%23d'],
    ['/folder//job/', '/job/folder/job/job'],
  ])('%s → %s', (job, path) => expect(jobPath(job)).toBe(path));
});

describe('queueIdFromLocation', () => {
  it.each([
    ['http://jenkins:8080/queue/item/42/', 42],
    ['https://ci.example.com/jenkins/queue/item/7', 7],
    ['http://evil.example.com/queue/item/9/', 9],
    ['http://jenkins/job/x/42/', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (location, id) => expect(queueIdFromLocation(location)).toBe(id));
});
