import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@auto-promote/config';
import { REQUIRED } from './support/config-env';

const targets = (value?: string) =>
  loadConfig({ env: { ...REQUIRED, ...(value === undefined ? {} : { GITLAB_DEPLOY_FREEZE: value }) } }).gitlab
    .deployFreezeTargets;

describe('GITLAB_DEPLOY_FREEZE', () => {
  it('applies the calendar to prod by default, to a list of targets, and to none with `none`', () => {
    expect(targets()).toEqual(['prod']);
    expect(targets(' stage , prod,stage ')).toEqual(['stage', 'prod']);
    expect(targets('none')).toEqual([]);
  });

  it('refuses what cannot be a branch, naming the key', () => {
    expect(() => targets('prod,foo bar')).toThrow(ConfigError);
    expect(() => targets('prod,none')).toThrow(/GITLAB_DEPLOY_FREEZE/);
  });
});
