import { afterEach, describe, expect, it } from 'vitest';
import { GitLabEmulator } from '@auto-promote/emulators';
import { listDir, realAnswer, realObject } from './support/real-fixtures';

/**
 * GitLab's auto-disabling fields on project hooks (`alert_status`, `disabled_until`; GitLab 15.1+) as the
 * documented example answers them, and their absence in the real answers of older versions.
 */
const TOKEN = 'fidelity-token';
let gitlab: GitLabEmulator | undefined;
afterEach(async () => {
  await gitlab?.stop();
  gitlab = undefined;
});

async function hooksIn(olderGitLab: boolean, status: 'executable' | 'temporarily_disabled' | 'disabled') {
  gitlab = await GitLabEmulator.start({ token: TOKEN, olderGitLab });
  const project = await gitlab.createProject({ path: 'group/project' });
  const hook = project.addHook({ url: 'http://127.0.0.1:9/webhooks/gitlab', token: 's' });
  project.hooks.forceAlertStatus(hook.id, status, Date.now());
  const response = await fetch(`${gitlab.url}/api/v4/projects/${project.id}/hooks/${hook.id}`, {
    headers: { 'PRIVATE-TOKEN': TOKEN },
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('project hook alert status', () => {
  it('answers an executable hook as the documented example does', async () => {
    const documented = realObject('gitlabhq_gitlabhq__project_webhooks.md_get-hook.json');
    const hook = await hooksIn(false, 'executable');
    expect(hook['alert_status']).toBe(documented['alert_status']);
    expect(hook['disabled_until']).toBe(documented['disabled_until']);
  });

  it('reports a temporarily disabled hook with a future disabled_until, a disabled one without', async () => {
    const paused = await hooksIn(false, 'temporarily_disabled');
    expect(paused['alert_status']).toBe('temporarily_disabled');
    expect(Date.parse(String(paused['disabled_until']))).toBeGreaterThan(Date.now());
    await gitlab?.stop();
    const disabled = await hooksIn(false, 'disabled');
    expect(disabled).toMatchObject({ alert_status: 'disabled', disabled_until: null });
  });

  it('leaves both fields out like the real answers of older versions', async () => {
    const olderReal = listDir('api')
      .filter((f) => /hook/i.test(f) && !f.includes('project_webhooks.md'))
      .flatMap((f) => {
        const json = realAnswer(f).json;
        return Array.isArray(json) ? json : [json];
      });
    expect(olderReal.length).toBeGreaterThan(0);
    for (const real of olderReal) expect(real).not.toHaveProperty('alert_status');
    const hook = await hooksIn(true, 'disabled');
    expect(hook).not.toHaveProperty('alert_status');
    expect(hook).not.toHaveProperty('disabled_until');
  });
});
