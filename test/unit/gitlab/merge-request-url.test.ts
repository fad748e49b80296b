import { describe, expect, it } from 'vitest';
import { mergeRequestWebUrl } from '@auto-promote/gitlab';

describe('mergeRequestWebUrl', () => {
  const gitlab = 'https://gitlab.example.com/';

  it("keeps GitLab's web_url", () => {
    const url = 'https://gitlab.example.com/p2c/k8s-deployments/-/merge_requests/7';
    expect(mergeRequestWebUrl({ iid: 7, web_url: url }, gitlab, 42)).toBe(url);
  });

  it('builds it from references.full when web_url is missing, then from the project path', () => {
    expect(mergeRequestWebUrl({ iid: 7, references: { full: 'p2c/sub/k8s!7' } }, gitlab, 42)).toBe(
      'https://gitlab.example.com/p2c/sub/k8s/-/merge_requests/7',
    );
    expect(mergeRequestWebUrl({ iid: 7, web_url: '' }, gitlab, 'p2c/k8s-deployments')).toBe(
      'https://gitlab.example.com/p2c/k8s-deployments/-/merge_requests/7',
    );
  });

  it('says null when only a numeric project id is known', () => {
    expect(mergeRequestWebUrl({ iid: 7 }, gitlab, 42)).toBeNull();
    expect(mergeRequestWebUrl({ iid: 7 }, gitlab, '42')).toBeNull();
  });
});
