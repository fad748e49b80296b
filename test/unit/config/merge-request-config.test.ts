import { describe, expect, it } from 'vitest';
import { loadConfig } from '@auto-promote/config';
import { REQUIRED, problemsOf } from './support/config-env';

describe('merge request configuration', () => {
  it('defaults: promote-{target}-{tag}, looked for 10 minutes, superseded ones left open', () => {
    expect(loadConfig({ env: REQUIRED }).mergeRequests).toEqual({
      branchTemplate: 'promote-{target}-{tag}',
      lookupTimeoutMs: 600_000,
      closeSuperseded: false,
    });
  });

  it('takes a template, a timeout (0 = not looked for) and the closing flag', () => {
    const config = loadConfig({
      env: {
        ...REQUIRED,
        PROMOTION_MR_BRANCH: 'release/{appName}-{sha}',
        PROMOTION_MR_LOOKUP_TIMEOUT: '0',
        GITLAB_CLOSE_SUPERSEDED_MRS: 'true',
      },
    });
    expect(config.mergeRequests).toEqual({
      branchTemplate: 'release/{appName}-{sha}',
      lookupTimeoutMs: 0,
      closeSuperseded: true,
    });
  });

  it('refuses an unknown placeholder and a malformed timeout, naming the key', () => {
    const problems = problemsOf({
      ...REQUIRED,
      PROMOTION_MR_BRANCH: 'promote-{environment}-{tag}',
      PROMOTION_MR_LOOKUP_TIMEOUT: 'soon',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^PROMOTION_MR_BRANCH: unknown placeholder \{environment\}/),
      'PROMOTION_MR_LOOKUP_TIMEOUT: must be a duration such as 10m or 90s, or 0',
    ]);
  });
});
