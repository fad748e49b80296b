import type { Identity } from '../auth';
import type { JobStore } from '../job-store';
import type { Json } from './build-view';
import { folderSummary, jobSummary } from './job-view';

export function rootJson(base: string, store: JobStore): Json {
  const { jobs, folders } = store.children('');
  return {
    _class: 'hudson.model.Hudson',
    assignedLabels: [{ name: 'built-in' }],
    mode: 'NORMAL',
    nodeDescription: "the Jenkins controller's built-in node",
    nodeName: '',
    numExecutors: 2,
    description: null,
    jobs: [...folders.map((f) => folderSummary(base, f)), ...jobs.map((j) => jobSummary(base, j))],
    overallLoad: {},
    primaryView: { _class: 'hudson.model.AllView', name: 'all', url: `${base}/` },
    quietDownReason: null,
    quietingDown: false,
    slaveAgentPort: -1,
    unlabeledLoad: { _class: 'jenkins.model.UnlabeledLoadStatistics' },
    url: `${base}/`,
    useCrumbs: true,
    useSecurity: true,
    views: [{ _class: 'hudson.model.AllView', name: 'all', url: `${base}/` }],
  };
}

export function whoAmIJson(identity: Identity): Json {
  const anonymous = identity.kind === 'anonymous';
  return {
    _class: 'hudson.security.WhoAmI',
    anonymous,
    authenticated: true,
    authorities: anonymous ? ['anonymous'] : ['authenticated'],
    name: identity.user,
  };
}
