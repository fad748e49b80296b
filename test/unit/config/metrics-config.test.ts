import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@auto-promote/config';
import { REQUIRED } from './support/config-env';

describe('METRICS_APP_LABEL', () => {
  it('is off by default: the lead-time histograms have no app label', () => {
    expect(loadConfig({ env: REQUIRED }).metrics).toEqual({ appLabel: false });
  });

  it('turns the app label on', () => {
    expect(loadConfig({ env: { ...REQUIRED, METRICS_APP_LABEL: 'true' } }).metrics.appLabel).toBe(true);
  });

  it('refuses what is not a boolean, naming the key', () => {
    expect(() => loadConfig({ env: { ...REQUIRED, METRICS_APP_LABEL: 'perhaps' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { ...REQUIRED, METRICS_APP_LABEL: 'perhaps' } })).toThrow(
      /METRICS_APP_LABEL/,
    );
  });
});
