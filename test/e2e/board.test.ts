import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockStore, FreezeStore } from '@auto-promote/records';
import { SandboxClient, startSandbox, type Sandbox } from '@auto-promote/sandbox';
import { testRedis, uniquePrefix } from '../support/redis';
import { waitFor } from '../support/wait-for';

/**
 * The promotion board in a real browser (Debian's Chromium driven by playwright-core) against the sandbox
 * stack: a change merged into dev shows its stage promotion go from planned to succeeded without a reload,
 * with the merge request its build opened awaiting review; a freeze of prod (its owner, and GitLab's deploy
 * freeze calendar beside it) is marked on its column; a blocked version and a disabled webhook are shown.
 */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const root = fileURLToPath(new URL('../..', import.meta.url));
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) {
  console.warn(`board browser tests skipped: no browser at ${CHROMIUM} (apt-get install -y chromium)`);
}

/** The page is built from the current sources, so the test never runs against a stale dist/board. */
function buildBoardUi(): void {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/board-ui/vite.config.ts'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Waits (bounded) until the element's attribute has the value; the last value seen is in the error. */
async function hasAttribute(
  locator: Locator,
  name: string,
  value: string,
  timeoutMs = 10_000,
): Promise<void> {
  let last: string | null = null;
  await waitFor(
    `${name}="${value}" (last seen: ${String(last)})`,
    async () => {
      last = await locator.getAttribute(name, { timeout: 500 }).catch(() => null);
      return last === value;
    },
    { timeoutMs, intervalMs: 50 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last ${name}=${String(last)}`);
  });
}

/** Waits (bounded) until the element's text contains `expected`. */
async function hasText(locator: Locator, expected: string, timeoutMs = 10_000): Promise<void> {
  let last = '';
  await waitFor(
    `text "${expected}"`,
    async () => {
      last = (await locator.textContent({ timeout: 500 }).catch(() => null)) ?? '';
      return last.includes(expected);
    },
    { timeoutMs, intervalMs: 50 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last text: ${JSON.stringify(last)}`);
  });
}

describe.skipIf(!hasBrowser)('promotion board in a browser', () => {
  let sandbox: Sandbox;
  let client: SandboxClient;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const redis = testRedis();

  beforeAll(async () => {
    buildBoardUi();
    sandbox = await startSandbox({
      ports: { autoPromote: 0, gitlab: 0, jenkins: 0 },
      queuePrefix: uniquePrefix('board'),
      writeState: false,
      env: {
        JENKINS_POLL_INTERVAL_MS: '50',
        LOG_LEVEL: 'warn',
        RECONCILE_INTERVAL: '1s',
        RETRY_MAX_DELAY_MS: '300',
      },
    });
    client = new SandboxClient(sandbox.state);
    // A GitLab deploy freeze period on prod for the whole test (read by the board before the page loads).
    const cron = (at: number) => {
      const d = new Date(at);
      return `${d.getUTCSeconds()} ${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
    };
    sandbox.project.freezePeriods.create(
      { freezeStart: cron(Date.now() - 2_000), freezeEnd: cron(Date.now() + 600_000), cronTimezone: 'UTC' },
      new Date().toISOString(),
    );
    userDataDir = mkdtempSync(join(tmpdir(), 'auto-promote-board-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      httpCredentials: { username: sandbox.admin.user, password: sandbox.admin.password },
      viewport: { width: 1400, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await sandbox?.close();
    redis.disconnect();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('shows a stage promotion go from planned to succeeded live, and a frozen prod', async () => {
    await page.goto(`${sandbox.service.url}/board/`);
    await hasAttribute(page.locator('#connection'), 'data-state', 'live', 10_000);
    // The environment observer's first look (after the first reconcile) fills the cells.
    await hasText(page.getByTestId('cell-exampleApp-dev'), '1.0.42-SNAPSHOT', 10_000);
    await hasText(page.getByTestId('cell-exampleApp-prod'), '1.0.42-', 10_000);
    // A marker a reload would lose.
    await page.evaluate(`document.body.setAttribute('data-no-reload', 'yes')`);

    // Jenkins is down, so the promotion stays planned long enough to be seen as planned.
    sandbox.jenkins.faults.set({ mode: 'down' });
    const change = await client.proposeChange({ app: 'exampleApp', tag: '1.0.60-SNAPSHOT-b0a4d11' });
    await client.merge(change.iid);
    const link = page.getByTestId('link-exampleApp-dev-stage');
    await hasAttribute(link, 'data-status', 'planned', 10_000);
    await hasText(link, 'planned');
    await hasText(link, '1.0.60-SNAPSHOT-b0a4d11');
    await hasText(page.getByTestId('cell-exampleApp-dev'), '1.0.60-SNAPSHOT-b0a4d11', 10_000);

    sandbox.jenkins.faults.set({ mode: 'up' });
    await hasAttribute(link, 'data-status', 'succeeded', 20_000);
    await hasText(link, 'succeeded');
    expect(await link.getByRole('link', { name: /Jenkins build/ }).count()).toBe(1);
    // The merge request the build opened, linked and awaiting review.
    await hasText(link.locator('.merge-request'), 'awaiting review', 15_000);
    expect(await link.locator('.merge-request a').getAttribute('href')).toMatch(/\/merge_requests\/\d+$/);

    // Freeze prod: its column is marked with the reason.
    await new FreezeStore(redis, sandbox.config.redis.prefix).freeze({
      target: 'prod',
      reason: 'release freeze for the board test',
      until: null,
      by: 'board-test',
    });
    const prod = page.getByTestId('env-prod');
    await hasAttribute(prod, 'data-frozen', 'true', 10_000);
    await hasText(prod, 'frozen: release freeze for the board test');
    await hasText(page.getByTestId('freeze-prod'), 'prod is frozen');
    await hasText(page.getByTestId('freeze-prod'), 'by board-test');
    await hasText(page.getByTestId('freeze-prod-gitlab'), 'GitLab deploy freeze until');

    // Merging the stage MR plans a prod promotion, which the freeze holds back: shown as frozen.
    const stageMr = await waitFor('the stage promotion MR', async () =>
      (await client.mergeRequests('opened')).find((mr) => mr.target_branch === 'stage'),
    );
    await client.merge(stageMr.iid);
    const toProd = page.getByTestId('link-exampleApp-stage-prod');
    await hasAttribute(toProd, 'data-status', 'frozen', 15_000);
    await hasText(toProd, 'release freeze for the board test');

    // A quarantined version is shown on its app's row.
    const { block } = await new BlockStore(redis, sandbox.config.redis.prefix).place({
      app: 'exampleApp',
      match: { kind: 'tag', tag: '1.0.61-SNAPSHOT-c0ffee1' },
      target: null,
      reason: 'CVE-2026-1234 in the base image',
      by: 'board-test',
    });
    await hasText(page.getByTestId(`block-${block.id}`), '1.0.61-SNAPSHOT-c0ffee1 blocked', 10_000);

    // GitLab disables the hook after failed deliveries: the reconciler sees it, the board says so.
    const hook = sandbox.project.hooks.list()[0]!;
    sandbox.project.hooks.forceAlertStatus(hook.id, 'disabled', Date.now());
    await hasText(page.getByTestId('hook-alert'), 'GitLab webhook not delivering', 15_000);

    // The side panel's filters, reached by keyboard like any form control.
    const status = page.getByLabel('Status');
    await status.focus();
    await status.selectOption('succeeded');
    const items = page.locator('#recent-list li');
    await waitFor('only succeeded promotions listed', async () => {
      const texts = await items.allTextContents();
      return texts.length > 0 && texts.every((t) => t.includes('succeeded'));
    });
    await status.selectOption('');

    // Never reloaded.
    await hasAttribute(page.locator('body'), 'data-no-reload', 'yes');
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.screenshot({ path: join(root, 'docs', 'img', 'board.png'), fullPage: true });

    // Phone width: no sideways scrolling, every cell still labelled.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'sideways scrolling at phone width (px)').toBeLessThanOrEqual(0);
  }, 90_000);
});
