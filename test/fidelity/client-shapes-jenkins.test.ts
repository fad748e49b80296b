import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JenkinsClient } from '@auto-promote/jenkins';
import { AnswerServer } from './support/answer-server';
import { isObject, realAnswer, realObject, type Json, type JsonObject } from './support/real-fixtures';

/**
 * The Jenkins client against real Jenkins answers (test/fixtures/real/api): job, build, queue item (waiting,
 * left with a build, cancelled), queue and build lists, each served as it is at the path the client requests.
 */
const JOB = 'promote-environment';
const JOB_PATH = `/job/${JOB}`;
let server: AnswerServer;
let jenkins: JenkinsClient;

beforeAll(async () => {
  server = await AnswerServer.start();
  jenkins = new JenkinsClient({
    url: server.url,
    user: 'auto-promote',
    apiToken: 'token',
    job: JOB,
    timeoutMs: 2_000,
  });
});

afterAll(async () => {
  await server.stop();
});

const list = (value: Json | undefined): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

const askedOnlyServedPaths = () => {
  expect(server.requests.length).toBeGreaterThan(0);
  expect(server.unmatched.map((r) => `${r.method} ${r.path}`)).toEqual([]);
};

describe('JenkinsClient reads real Jenkins answers', () => {
  it.each(['cdancy_jenkins-rest__job-info.json', 'bndr_gojenkins___tests_job1.json'])(
    'job from %s',
    async (file) => {
      server.serve({ method: 'GET', path: `${JOB_PATH}/api/json`, body: realAnswer(file).text });
      const real = realObject(file);
      expect(await jenkins.jobInfo()).toEqual({
        buildable: real['buildable'] !== false,
        parameters: list(real['property']).flatMap((p) =>
          list(p['parameterDefinitions']).map((d) => d['name']),
        ),
      });
      askedOnlyServedPaths();
    },
  );

  it('reads the parameters a real parameterised job declares', async () => {
    server.serve({
      method: 'GET',
      path: `${JOB_PATH}/api/json`,
      body: realAnswer('cdancy_jenkins-rest__job-info.json').text,
    });
    expect((await jenkins.jobInfo())?.parameters).toEqual(['bear', 'fish']);
  });

  it.each([
    'cdancy_jenkins-rest__build-info.json',
    'cdancy_jenkins-rest__build-info-no-params.json',
    'bndr_gojenkins___tests_job1_build1.json',
  ])('build from %s', async (file) => {
    const real = realObject(file);
    const number = Number(real['number']);
    server.serve({ method: 'GET', path: `${JOB_PATH}/${number}/api/json`, body: realAnswer(file).text });
    expect(await jenkins.build(number)).toEqual({
      number,
      url: real['url'],
      queueId: real['queueId'] ?? null,
      building: real['building'],
      result: real['result'],
    });
    expect(server.requests[0]?.query.get('tree')).toBe('number,url,queueId,building,result');
    askedOnlyServedPaths();
  });

  it.each([
    ['cdancy_jenkins-rest__queueItemPending.json', 'waiting'],
    ['cdancy_jenkins-rest__queueItemRunning.json', 'left, with its build'],
    ['cdancy_jenkins-rest__queueItemCancelled.json', 'cancelled'],
  ])('queue item from %s (%s)', async (file) => {
    const real = realObject(file);
    const id = Number(real['id']);
    server.serve({ method: 'GET', path: `/queue/item/${id}/api/json`, body: realAnswer(file).text });
    const executable = isObject(real['executable'])
      ? { number: real['executable']['number'], url: real['executable']['url'] }
      : null;
    expect(await jenkins.queueItem(id)).toEqual({
      id,
      cancelled: real['cancelled'] === true,
      executable,
      why: real['why'] ?? null,
    });
    askedOnlyServedPaths();
  });

  it('tells the three real queue items apart as the dispatcher needs', async () => {
    const states = [];
    for (const file of [
      'cdancy_jenkins-rest__queueItemPending.json',
      'cdancy_jenkins-rest__queueItemRunning.json',
      'cdancy_jenkins-rest__queueItemCancelled.json',
    ]) {
      server.serve({ method: 'GET', path: '/queue/item/143/api/json', body: realAnswer(file).text });
      states.push(await jenkins.queueItem(143));
    }
    const [pending, running, cancelled] = states;
    expect(pending).toMatchObject({ cancelled: false, executable: null });
    expect(pending?.why).toMatch(/already in progress/);
    expect(running).toMatchObject({ cancelled: false, executable: { number: 14 } });
    expect(cancelled).toMatchObject({ cancelled: true, executable: null });
  });

  it.each(['cdancy_jenkins-rest__queue.json', 'bndr_gojenkins___tests_queue.json'])(
    'searches the real queue %s and the real build list for a promotion id neither carries',
    async (file) => {
      server.serve(
        {
          method: 'GET',
          path: '/queue/api/json',
          query: (q) => (q.get('tree') ?? '').startsWith('items['),
          body: realAnswer(file).text,
        },
        {
          method: 'GET',
          path: `${JOB_PATH}/api/json`,
          query: (q) => (q.get('tree') ?? '').startsWith('allBuilds['),
          body: realAnswer('bndr_gojenkins___tests_allBuilds.json').text,
        },
      );
      expect(list(realObject(file)['items']).length).toBeGreaterThan(0);
      expect(await jenkins.findByPromotionId('pr-does-not-exist', 0)).toBeNull();
      // The real list is shorter than a page: one page of builds is read, then the search stops.
      expect(server.requests.map((r) => r.path)).toEqual(['/queue/api/json', `${JOB_PATH}/api/json`]);
      askedOnlyServedPaths();
    },
  );

  it('finds no build for a queue id in a real build list without queue ids, reading one page', async () => {
    server.serve({
      method: 'GET',
      path: `${JOB_PATH}/api/json`,
      query: (q) => (q.get('tree') ?? '').startsWith('allBuilds['),
      body: realAnswer('bndr_gojenkins___tests_allBuilds.json').text,
    });
    expect(await jenkins.findBuildByQueueId(73)).toBeNull();
    expect(server.requests).toHaveLength(1);
    askedOnlyServedPaths();
  });
});
