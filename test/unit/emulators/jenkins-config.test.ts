import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JenkinsEmulator } from '../../../testing/emulators/src/jenkins';

const AUTH = { authorization: `Basic ${Buffer.from('admin:tok').toString('base64')}` };
const READER = { authorization: `Basic ${Buffer.from('reader:tok').toString('base64')}` };
type Json = Record<string, unknown>;

const PIPELINE_XML = `<?xml version='1.1' encoding='UTF-8'?>
<flow-definition plugin="workflow-job@1436.vfa_244484591f">
  <description>Promotes an app</description>
  <keepDependencies>false</keepDependencies>
  <properties>
    <hudson.model.ParametersDefinitionProperty>
      <parameterDefinitions>
        <hudson.model.StringParameterDefinition>
          <name>APP_NAME</name>
          <description>the app</description>
          <defaultValue>web &amp; api</defaultValue>
          <trim>false</trim>
        </hudson.model.StringParameterDefinition>
        <hudson.model.BooleanParameterDefinition>
          <name>DRY_RUN</name>
          <defaultValue>true</defaultValue>
        </hudson.model.BooleanParameterDefinition>
        <hudson.model.ChoiceParameterDefinition>
          <name>ENVIRONMENT</name>
          <choices class="java.util.Arrays$ArrayList">
            <a class="string-array"><string>staging</string><string>production</string></a>
          </choices>
        </hudson.model.ChoiceParameterDefinition>
      </parameterDefinitions>
    </hudson.model.ParametersDefinitionProperty>
  </properties>
  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
    <script>echo 'hi'</script>
    <sandbox>true</sandbox>
  </definition>
  <disabled>false</disabled>
</flow-definition>`;

let jenkins: JenkinsEmulator;
beforeEach(async () => {
  jenkins = await JenkinsEmulator.start({
    users: { admin: { apiToken: 'tok' }, reader: { apiToken: 'tok', permissions: ['read', 'build'] } },
  });
});
afterEach(async () => {
  await jenkins.stop();
});

function send(path: string, method: string, body?: string, headers = AUTH): Promise<Response> {
  return fetch(`${jenkins.url}${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/xml' },
    body,
    redirect: 'manual',
  });
}

async function getJson(path: string): Promise<Json> {
  const res = await fetch(`${jenkins.url}${path}`, { headers: AUTH });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Json;
}

function definitions(job: Json): Json[] {
  const property = (job['property'] as Json[])[0];
  return (property?.['parameterDefinitions'] as Json[] | undefined) ?? [];
}

describe('Jenkins emulator: job configuration', () => {
  it('creates a job from config.xml, refuses a duplicate, and serves the XML back', async () => {
    const created = await send('/createItem?name=promote-environment', 'POST', PIPELINE_XML);
    expect(created.status).toBe(200);
    const duplicate = await send('/createItem?name=promote-environment', 'POST', PIPELINE_XML);
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toContain('A job already exists with the name ‘promote-environment’');

    const xml = await send('/job/promote-environment/config.xml', 'GET');
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(await xml.text()).toBe(PIPELINE_XML);

    const job = await getJson('/job/promote-environment/api/json');
    expect(job).toMatchObject({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      name: 'promote-environment',
      description: 'Promotes an app',
      color: 'notbuilt',
      nextBuildNumber: 1,
      builds: [],
      lastBuild: null,
    });
    expect(definitions(job)).toEqual([
      {
        _class: 'hudson.model.StringParameterDefinition',
        defaultParameterValue: {
          _class: 'hudson.model.StringParameterValue',
          name: 'APP_NAME',
          value: 'web & api',
        },
        description: 'the app',
        name: 'APP_NAME',
        type: 'StringParameterDefinition',
        trim: false,
      },
      expect.objectContaining({
        type: 'BooleanParameterDefinition',
        defaultParameterValue: { _class: 'hudson.model.BooleanParameterValue', name: 'DRY_RUN', value: true },
      }),
      expect.objectContaining({ type: 'ChoiceParameterDefinition', choices: ['staging', 'production'] }),
    ]);
  });

  it('changes the declared parameters when config.xml is posted', async () => {
    jenkins.defineJob('promote-environment', { parameters: [{ name: 'OLD', type: 'string' }] });
    const updated = PIPELINE_XML.replace('<name>APP_NAME</name>', '<name>APP</name>');
    expect((await send('/job/promote-environment/config.xml', 'POST', updated)).status).toBe(200);
    expect(definitions(await getJson('/job/promote-environment/api/json')).map((d) => d['name'])).toEqual([
      'APP',
      'DRY_RUN',
      'ENVIRONMENT',
    ]);
    jenkins.pauseQueue();
    const res = await fetch(`${jenkins.url}/job/promote-environment/buildWithParameters?OLD=x&APP=y`, {
      method: 'POST',
      headers: AUTH,
      redirect: 'manual',
    });
    expect(res.status).toBe(201);
    expect(jenkins.triggers[0]?.params).toEqual({ APP: 'y', DRY_RUN: 'true', ENVIRONMENT: 'staging' });

    const noParams = PIPELINE_XML.replace(/<properties>[\s\S]*<\/properties>/, '<properties/>');
    expect((await send('/job/promote-environment/config.xml', 'POST', noParams)).status).toBe(200);
    const refused = await fetch(`${jenkins.url}/job/promote-environment/buildWithParameters`, {
      method: 'POST',
      headers: AUTH,
    });
    expect(refused.status).toBe(400);
  });

  it('renders a config.xml for programmatic jobs and round-trips it', async () => {
    jenkins.defineJob('folder/promote-environment', {
      parameters: [
        { name: 'APP_NAME', type: 'string', default: '<x>' },
        { name: 'ENV', type: 'choice', choices: ['a', 'b'] },
      ],
    });
    const xml = await (await send('/job/folder/job/promote-environment/config.xml', 'GET')).text();
    expect(xml).toContain('<hudson.model.StringParameterDefinition>');
    expect(xml).toContain('<defaultValue>&lt;x&gt;</defaultValue>');
    expect((await send('/job/folder/createItem?name=copy', 'POST', xml)).status).toBe(200);
    const copy = await getJson('/job/folder/job/copy/api/json');
    expect(definitions(copy).map((d) => [d['name'], (d['defaultParameterValue'] as Json)['value']])).toEqual([
      ['APP_NAME', '<x>'],
      ['ENV', 'a'],
    ]);
  });

  it('creates folders from XML, rejects bad names and bad XML, and checks permissions', async () => {
    const folderXml =
      '<com.cloudbees.hudson.plugins.folder.Folder plugin="cloudbees-folder"><description/></com.cloudbees.hudson.plugins.folder.Folder>';
    expect((await send('/createItem?name=team', 'POST', folderXml)).status).toBe(200);
    expect((await send('/job/team/createItem?name=promote-environment', 'POST', PIPELINE_XML)).status).toBe(
      200,
    );
    const root = await getJson('/api/json');
    expect(root['jobs']).toEqual([
      { _class: 'com.cloudbees.hudson.plugins.folder.Folder', name: 'team', url: `${jenkins.url}/job/team/` },
    ]);
    expect((await send('/createItem?name=a%2Fb', 'POST', PIPELINE_XML)).status).toBe(400);
    expect((await send('/createItem?name=broken', 'POST', '<flow-definition>')).status).toBe(400);
    expect((await send('/createItem?name=x', 'POST', PIPELINE_XML, READER)).status).toBe(403);
    expect(
      (await send('/job/team/job/promote-environment/config.xml', 'GET', undefined, READER)).status,
    ).toBe(403);
  });
});

describe('Jenkins emulator: API shapes', () => {
  it('shows builds newest first, shallow at depth 0 and whole at depth 1', async () => {
    jenkins.defineJob('promote-environment', { parameters: [{ name: 'APP_NAME', type: 'string' }] });
    for (const app of ['a', 'b']) {
      await fetch(`${jenkins.url}/job/promote-environment/buildWithParameters?APP_NAME=${app}`, {
        method: 'POST',
        headers: AUTH,
      });
    }
    const deadline = Date.now() + 3000;
    while (jenkins.builds('promote-environment').filter((b) => !b.building).length < 2) {
      if (Date.now() > deadline) throw new Error('builds did not finish');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const shallow = await getJson('/job/promote-environment/api/json');
    expect(shallow['builds']).toEqual([
      {
        _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
        number: 2,
        url: `${jenkins.url}/job/promote-environment/2/`,
      },
      {
        _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
        number: 1,
        url: `${jenkins.url}/job/promote-environment/1/`,
      },
    ]);
    const deep = await getJson('/job/promote-environment/api/json?depth=1');
    expect((deep['builds'] as Json[])[0]).toMatchObject({
      number: 2,
      queueId: 2,
      result: 'SUCCESS',
      building: false,
    });
    const ranged = await getJson(
      '/job/promote-environment/api/json?tree=builds[number]{0,1},lastBuild[number,result]',
    );
    expect(ranged).toEqual({
      _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
      builds: [{ _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun', number: 2 }],
      lastBuild: { _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun', number: 2, result: 'SUCCESS' },
    });
    const bad = await fetch(`${jenkins.url}/job/promote-environment/api/json?tree=builds[number`, {
      headers: AUTH,
    });
    expect(bad.status).toBe(400);
  });

  it('describes the controller at /api/json', async () => {
    jenkins.defineJob('promote-environment', { parameters: null });
    const root = await getJson('/api/json');
    expect(root).toMatchObject({
      mode: 'NORMAL',
      nodeDescription: "the Jenkins controller's built-in node",
      useCrumbs: true,
      jobs: [
        { name: 'promote-environment', url: `${jenkins.url}/job/promote-environment/`, color: 'notbuilt' },
      ],
    });
  });
});
