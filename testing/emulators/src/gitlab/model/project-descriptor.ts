import type { ProjectDescriptor, Visibility } from './types';

/** Derives a project's names and URLs from its path, the way GitLab lays them out. */
export function describeProject(
  settings: {
    id: number;
    pathWithNamespace: string;
    defaultBranch: string;
    visibility: Visibility;
    description: string;
  },
  instanceUrl: string,
  createdAt: string,
): ProjectDescriptor {
  const { id, pathWithNamespace, defaultBranch, visibility, description } = settings;
  const slash = pathWithNamespace.lastIndexOf('/');
  const namespacePath = pathWithNamespace.slice(0, slash);
  const name = pathWithNamespace.slice(slash + 1);
  const webUrl = `${instanceUrl}/${pathWithNamespace}`;
  const host = new URL(instanceUrl).hostname;
  return {
    id,
    name,
    path: name,
    pathWithNamespace,
    namespaceName: namespacePath.slice(namespacePath.lastIndexOf('/') + 1),
    namespacePath,
    description,
    defaultBranch,
    visibility,
    webUrl,
    httpUrl: `${webUrl}.git`,
    sshUrl: `git@${host}:${pathWithNamespace}.git`,
    createdAt,
  };
}

/** Names git would refuse (or that would be ambiguous in URLs); GitLab rejects them too. */
export function assertBranchName(name: string): void {
  const invalid =
    name === '' ||
    name.startsWith('-') ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.endsWith('.lock') ||
    name.includes('..') ||
    name.includes('//') ||
    name.includes('@{') ||
    /[\s~^:?*[\\]/.test(name) ||
    [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (invalid) throw new Error(`invalid branch name: ${JSON.stringify(name)}`);
}
