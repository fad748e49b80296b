/** `folder/job` → `/job/folder/job/job`, each segment URL-encoded. */
export function jobPath(job: string): string {
  return job
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => `/job/${encodeURIComponent(s)}`)
    .join('');
}

/**
 * The queue item id from a `Location` such as `http://jenkins/queue/item/42/`. Only the id is kept:
 * requests always go to JENKINS_URL, never to a host named in a response.
 */
export function queueIdFromLocation(location: string | undefined): number | null {
  if (!location) return null;
  const match = /\/queue\/item\/(\d+)\/?$/.exec(location);
  return match ? Number(match[1]) : null;
}
