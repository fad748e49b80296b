/** Shared shapes of the GitLab emulator. Plain data only; behaviour lives next to the code that owns it. */

export const ZERO_SHA = '0'.repeat(40);

export interface Identity {
  name: string;
  email: string;
}

/** The single user behind the emulator's token: pusher, MR author, status author. */
export interface GitLabUser extends Identity {
  id: number;
  username: string;
  avatarUrl: string;
}

/** Path → new content, or null to delete the path. */
export type FileChanges = Record<string, string | null>;

export interface CommitSpec {
  files: FileChanges;
  message: string;
  author?: Identity;
}

/** A point in time as git stores it: seconds since the epoch plus the author's UTC offset ("+0200"). */
export interface GitDate {
  seconds: number;
  offset: string;
}

export interface CommitInfo {
  id: string;
  tree: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorDate: GitDate;
  committerName: string;
  committerEmail: string;
  committerDate: GitDate;
  /** Full message, ending with a newline like git stores it. */
  message: string;
}

/** Files touched by one commit against its first parent, as GitLab lists them in push hooks. */
export interface CommitFileSummary {
  added: string[];
  modified: string[];
  removed: string[];
}

export interface DiffEntry {
  oldPath: string;
  newPath: string;
  aMode: string;
  bMode: string;
  newFile: boolean;
  renamedFile: boolean;
  deletedFile: boolean;
  diff: string;
}

export interface TreeEntry {
  id: string;
  name: string;
  type: 'tree' | 'blob' | 'commit';
  path: string;
  mode: string;
}

export interface BlobRead {
  id: string;
  mode: string;
  content: Buffer;
}

/** One branch movement. before/after are ZERO_SHA for creation/deletion. */
export interface RefUpdate {
  branch: string;
  before: string;
  after: string;
}

export type Visibility = 'private' | 'internal' | 'public';

export const VISIBILITY_LEVEL: Readonly<Record<Visibility, number>> = {
  private: 0,
  internal: 10,
  public: 20,
};

/** Everything entities and payloads need to describe a project, with URLs already derived. */
export interface ProjectDescriptor {
  id: number;
  name: string;
  path: string;
  pathWithNamespace: string;
  namespaceName: string;
  namespacePath: string;
  description: string;
  defaultBranch: string;
  visibility: Visibility;
  webUrl: string;
  httpUrl: string;
  sshUrl: string;
  createdAt: string;
}
