import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import express from 'express';
import { PUSH_EVENT_JOB_OPTIONS, QUEUE_NAMES, type PushEventJobData } from '@auto-promote/queues';
import { createRedisConnection } from '@auto-promote/redis';
import { reportReady, scriptInput } from '../support/child-script';

/**
 * The ingress's baselines, each answering POST /webhooks/gitlab with 202 like the ingress does:
 * - `node-http`: bare node:http, the body read and JSON.parse'd — the floor of any Node server;
 * - `express`: Express 5 with express.json() — the framework the ingress is built on;
 * - `express-enqueue`: the same plus one BullMQ queue.add of the push (producer connection) — the
 *   ceiling of an ingress that stores each event in Redis before answering.
 */
export type BaselineKind = 'node-http' | 'express' | 'express-enqueue';

export interface BaselineInput {
  kind: BaselineKind;
  redisUrl: string;
  prefix: string;
}

type PushBody = { before: string; after: string; ref: string; project_id: number; user_username?: string };

const answer = (body: PushBody) => ({ status: 'queued', eventId: `ev-${body.after.slice(0, 32)}` });

function nodeHttp(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PushBody;
      res.writeHead(202, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer(body)));
    });
  });
}

function expressApp(enqueue: ((body: PushBody) => Promise<unknown>) | null): Server {
  const app = express();
  app.disable('x-powered-by');
  app.post('/webhooks/gitlab', express.json({ limit: '2mb' }), (req, res, next) => {
    const body = req.body as PushBody;
    if (!enqueue) return void res.status(202).json(answer(body));
    enqueue(body).then(() => res.status(202).json(answer(body)), next);
  });
  return createServer(app);
}

const input = scriptInput<BaselineInput>();
let server: Server;
if (input.kind === 'node-http') server = nodeHttp();
else if (input.kind === 'express') server = expressApp(null);
else {
  const connection = createRedisConnection(input.redisUrl, 'producer', 'bench-baseline');
  const queue = new Queue<PushEventJobData>(QUEUE_NAMES.pushEvents, { connection, prefix: input.prefix });
  server = expressApp((body) => {
    const eventId = `ev-${body.after.slice(0, 32)}`;
    const data: PushEventJobData = {
      eventId,
      source: 'webhook',
      projectId: body.project_id,
      projectPath: 'p2c/k8s-deployments',
      branch: body.ref.slice('refs/heads/'.length),
      before: body.before,
      after: body.after,
      totalCommitsCount: 1,
      userUsername: body.user_username ?? null,
      receivedAt: new Date().toISOString(),
    };
    return queue.add('push', data, { ...PUSH_EVENT_JOB_OPTIONS, jobId: eventId });
  });
}
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  reportReady(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
