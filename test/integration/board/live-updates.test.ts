import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@auto-promote/config';
import { createBoardRouter, EnvironmentStateStore, type BoardRuntime } from '@auto-promote/board';
import { createLogger } from '@auto-promote/observability';
import { createInfrastructure, startBoard } from '@auto-promote/runtime';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../../support/redis';
import { openEventStream } from '../../support/sse';
import { waitFor } from '../../support/wait-for';

/** The board's live path on a real Redis: record and environment changes reach an SSE stream within a second. */
const prefix = uniquePrefix('board-live');
const auth = 'Basic ' + Buffer.from('admin:secret').toString('base64');
let board: BoardRuntime;
let server: Server;
let url: string;

const config = loadConfig({
  env: {
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    GITLAB_URL: 'http://127.0.0.1:1',
    GITLAB_TOKEN: 't',
    GITLAB_WEBHOOK_SECRET: 's',
    GITLAB_PROJECT: 'p/r',
    JENKINS_URL: 'http://127.0.0.1:1',
    JENKINS_USER: 'u',
    JENKINS_API_TOKEN: 't',
  },
});

// The board as the service composes it: stores and live-updates subscriber from the infrastructure.
const infra = createInfrastructure(config, { logger: createLogger({ level: 'silent' }) });
const { promotions, redis } = infra;
const environments = new EnvironmentStateStore(redis, prefix);

const openStream = () => openEventStream(`${url}/api/events`, { Authorization: auth });

beforeAll(async () => {
  board = startBoard(infra, { assetsDir: null });
  const app = express();
  const guard: express.RequestHandler = (req, res, next) =>
    req.headers.authorization === auth ? next() : void res.status(401).json({ error: 'unauthorized' });
  app.use(createBoardRouter(board, guard));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await board.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await deletePrefix(redis, prefix);
  await infra.close();
});

describe('board live updates', () => {
  it('refuses without credentials', async () => {
    expect((await fetch(`${url}/api/events`)).status).toBe(401);
    expect((await fetch(`${url}/api/board`)).status).toBe(401);
    expect((await fetch(`${url}/board/`)).status).toBe(401);
  });

  it('says how to build the page when it is not built', async () => {
    const response = await fetch(`${url}/board/`, { headers: { Authorization: auth } });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });

  it('announces record and environment changes within a second, and the board shows them', async () => {
    const stream = await openStream();
    expect(stream.status).toBe(200);
    await waitFor('the ready event', () => stream.events.some((e) => e.includes('event: ready')));
    expect(stream.events[0]).toContain('retry:');

    const started = Date.now();
    const { record } = await promotions.create({
      id: 'exampleApp~dev~stage~' + 'a'.repeat(40),
      app: 'exampleApp',
      appName: 'exampleApp',
      sourceEnv: 'dev',
      targetEnv: 'stage',
      sha: 'a'.repeat(40),
      imageTag: '1.0.1-SNAPSHOT-aaaaaaa',
      eventId: 'e1',
      source: 'webhook',
    });
    await waitFor('a promotion change', () => stream.events.some((e) => e.includes('"promotion"')), {
      timeoutMs: 1_000,
    });
    expect(Date.now() - started).toBeLessThan(1_000);

    const before = stream.events.length;
    await promotions.apply(record, { kind: 'triggered', queueId: 1, queueUrl: null });
    await promotions.apply(record, {
      kind: 'build-finished',
      result: 'SUCCESS',
      buildNumber: 1,
      buildUrl: null,
    });
    await environments.record('dev', 'b'.repeat(40), {
      set: {
        exampleApp: {
          imageTag: '1.0.1-SNAPSHOT-aaaaaaa',
          sha: 'b'.repeat(40),
          seenAt: new Date().toISOString(),
        },
      },
    });
    await waitFor(
      'promotion and env changes',
      () =>
        stream.events.slice(before).join('\n').includes('promotion') &&
        stream.events.slice(before).join('\n').includes('env'),
      { timeoutMs: 1_000 },
    );

    const response = await fetch(`${url}/api/board?status=succeeded&app=`, {
      headers: { Authorization: auth },
    });
    expect(response.status).toBe(200);
    const snapshot = (await response.json()) as {
      environments: string[];
      rows: Array<{
        app: string;
        cells: Record<string, { imageTag: string }>;
        promotions: Record<string, { status: string }>;
      }>;
      recent: Array<{ status: string }>;
    };
    expect(snapshot.environments).toEqual(['dev', 'stage', 'prod']);
    const row = snapshot.rows.find((r) => r.app === 'exampleApp');
    expect(row?.cells['dev']?.imageTag).toBe('1.0.1-SNAPSHOT-aaaaaaa');
    expect(row?.promotions['dev→stage']?.status).toBe('succeeded');
    expect(snapshot.recent.map((p) => p.status)).toEqual(['succeeded']);
    expect((await fetch(`${url}/api/board?status=nope`, { headers: { Authorization: auth } })).status).toBe(
      400,
    );
    stream.close();
  });

  it('drops closed streams and ends open ones on close', async () => {
    const a = await openStream();
    await waitFor('stream a open', () => board.live.clientCount >= 1);
    a.close();
    await waitFor('stream a dropped', () => board.live.clientCount === 0);
    const b = await openStream();
    await waitFor('stream b open', () => board.live.clientCount === 1);
    await board.live.close();
    await waitFor('stream b ended by close()', () => b.events.includes('<end>'));
    expect((await fetch(`${url}/api/events`, { headers: { Authorization: auth } })).status).toBe(503);
  });
});
