import { Job } from './job';
import type { JobDefinition } from './types';

/** Characters Jenkins.checkGoodName refuses in an item name. */
const UNSAFE = /[?*/\\%!@#$^&|<>[\]:;]/;

export function unsafeCharacter(name: string): string | undefined {
  return UNSAFE.exec(name)?.[0];
}

function parentOf(fullName: string): string {
  const slash = fullName.lastIndexOf('/');
  return slash < 0 ? '' : fullName.slice(0, slash);
}

/** Jobs and folders by full name ("folder/job"); the root folder is ''. */
export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly folders = new Map<string, { description: string }>();

  job(fullName: string): Job | undefined {
    return this.jobs.get(fullName);
  }

  isFolder(fullName: string): boolean {
    return fullName === '' || this.folders.has(fullName);
  }

  exists(fullName: string): boolean {
    return this.jobs.has(fullName) || this.folders.has(fullName);
  }

  /** Creates or replaces a job, creating missing parent folders (as a seeded Jenkins would have them). */
  define(fullName: string, definition: JobDefinition): Job {
    const segments = fullName.split('/');
    if (segments.some((s) => s.length === 0)) throw new Error(`invalid job name ${fullName}`);
    for (let i = 1; i < segments.length; i += 1) {
      const folder = segments.slice(0, i).join('/');
      if (this.jobs.has(folder)) throw new Error(`${folder} is a job, not a folder`);
      if (!this.folders.has(folder)) this.folders.set(folder, { description: '' });
    }
    if (this.folders.has(fullName)) throw new Error(`${fullName} is a folder`);
    const job = new Job(fullName, definition);
    this.jobs.set(fullName, job);
    return job;
  }

  addFolder(fullName: string, description = ''): void {
    this.folders.set(fullName, { description });
  }

  delete(fullName: string): Job[] {
    const removed: Job[] = [];
    for (const [name, job] of this.jobs) {
      if (name === fullName || name.startsWith(`${fullName}/`)) {
        this.jobs.delete(name);
        removed.push(job);
      }
    }
    for (const name of [...this.folders.keys()]) {
      if (name === fullName || name.startsWith(`${fullName}/`)) this.folders.delete(name);
    }
    return removed;
  }

  folderDescription(fullName: string): string {
    return this.folders.get(fullName)?.description ?? '';
  }

  /** Direct children of a folder, sorted by name as Jenkins lists them. */
  children(folder: string): { jobs: Job[]; folders: string[] } {
    const jobs = [...this.jobs.values()].filter((j) => parentOf(j.fullName) === folder);
    const folders = [...this.folders.keys()].filter((f) => parentOf(f) === folder);
    jobs.sort((a, b) => a.name.localeCompare(b.name));
    folders.sort();
    return { jobs, folders };
  }

  allJobs(): Job[] {
    return [...this.jobs.values()];
  }
}
