import type { SandboxClient } from './sandbox-client';

/**
 * Prints what happens in the sandbox as it happens: promotion status changes and merge requests
 * opened, merged or closed. Polls the same HTTP surfaces a user would look at.
 */
export function watchActivity(
  client: SandboxClient,
  print: (line: string) => void,
  intervalMs = 300,
): () => void {
  const promotions = new Map<string, string>();
  const mergeRequests = new Map<number, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const poll = async (): Promise<void> => {
    try {
      for (const p of (await client.promotions()).reverse()) {
        if (promotions.get(p.id) === p.status) continue;
        promotions.set(p.id, p.status);
        const build = p.jenkins.buildNumber ? ` (Jenkins #${p.jenkins.buildNumber})` : '';
        const why = p.reason ? ` — ${p.reason}` : '';
        print(
          `promotion  ${p.app} ${p.sourceEnv} → ${p.targetEnv}  ${p.imageTag ?? ''}  ${p.status}${build}${why}`,
        );
      }
      for (const mr of (await client.mergeRequests('all')).reverse()) {
        if (mergeRequests.get(mr.iid) === mr.state) continue;
        mergeRequests.set(mr.iid, mr.state);
        print(
          `MR !${mr.iid}     ${mr.state.padEnd(7)} ${mr.source_branch} → ${mr.target_branch}: ${mr.title}`,
        );
      }
    } catch {
      // The sandbox is stopping; the next poll (if any) tries again.
    }
    if (!stopped) timer = setTimeout(() => void poll(), intervalMs);
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
