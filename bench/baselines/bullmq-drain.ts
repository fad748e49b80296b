import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { PROMOTION_JOB_OPTIONS } from '@auto-promote/queues';
import { createRedisConnection } from '@auto-promote/redis';
import { reportResult, scriptInput } from '../support/child-script';
import { percentile } from '../support/stats';

/**
 * BullMQ's own speed on this machine and Redis, in a process of its own: how fast a worker with a
 * no-op processor drains a backlog (the ceiling of any queue-based pipeline), and how long a job
 * waits between `add` and a worker picking it up (the floor of each queue hop).
 */
export interface DrainInput {
  redisUrl: string;
  prefix: string;
  jobs: number;
  concurrency: number;
  pickups: number;
}

export interface DrainResult {
  jobsPerSecond: number;
  pickupMs: { p50: number; p99: number };
}

const input = scriptInput<DrainInput>();
const producer = createRedisConnection(input.redisUrl, 'client', 'bench-drain-producer');
const queue = new Queue('bench-drain', { connection: producer, prefix: input.prefix });
const data = (i: number) => ({
  promotionId: `app${i}~dev~stage~${'0'.repeat(40)}`,
  app: `app${i}`,
  targetEnv: 'stage',
});

// 1. Drain: the backlog first, then a worker is timed until it has finished every job.
for (let i = 0; i < input.jobs; i += 1_000) {
  const n = Math.min(1_000, input.jobs - i);
  await queue.addBulk(
    Array.from({ length: n }, (_, k) => ({ name: 'job', data: data(i + k), opts: PROMOTION_JOB_OPTIONS })),
  );
}
let done = 0;
let drained: () => void = () => undefined;
const finished = new Promise<void>((resolve) => (drained = resolve));
const started = performance.now();
const worker = new Worker('bench-drain', () => Promise.resolve(), {
  connection: createRedisConnection(input.redisUrl, 'worker', 'bench-drain-worker'),
  prefix: input.prefix,
  concurrency: input.concurrency,
});
worker.on('completed', () => {
  done += 1;
  if (done === input.jobs) drained();
});
await finished;
const jobsPerSecond = input.jobs / ((performance.now() - started) / 1000);
await worker.close();

// 2. Pickup latency: one job at a time, add → the processor starts.
const addedAt = new Map<string, number>();
const waits: number[] = [];
let picked: () => void = () => undefined;
const pickupWorker = new Worker(
  'bench-pickup',
  (job) => {
    waits.push(performance.now() - (addedAt.get(job.id ?? '') ?? Number.NaN));
    picked();
    return Promise.resolve();
  },
  {
    connection: createRedisConnection(input.redisUrl, 'worker', 'bench-pickup-worker'),
    prefix: input.prefix,
  },
);
await pickupWorker.waitUntilReady();
const pickupQueue = new Queue('bench-pickup', { connection: producer, prefix: input.prefix });
for (let i = 0; i < input.pickups; i += 1) {
  const next = new Promise<void>((resolve) => (picked = resolve));
  const id = `pickup-${i}`;
  addedAt.set(id, performance.now());
  await pickupQueue.add('job', data(i), { ...PROMOTION_JOB_OPTIONS, jobId: id });
  await next;
}
await pickupWorker.close();
await queue.close();
await pickupQueue.close();
producer.disconnect();

reportResult({
  jobsPerSecond,
  pickupMs: { p50: percentile(waits, 50), p99: percentile(waits, 99) },
} satisfies DrainResult);
process.exit(0);
