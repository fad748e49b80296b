import type { PromotionStatus } from '@auto-promote/domain';
import type { EmulatedProject, JenkinsEmulator } from '@auto-promote/emulators';
import { waitFor } from '../../test/support/wait-for';
import { SECRETS } from './bench-env';
import { JENKINS_JOB } from './bench-stack';

/**
 * How far promotions have got, seen from outside the service: the emulators' own state and logs (free:
 * the service does nothing for them) and the promotions API (which costs the service a read per call,
 * so `reads` counts them).
 */
export class PromotionProgress {
  reads = 0;
  private readonly auth = `Basic ${Buffer.from(`admin:${SECRETS.adminPassword}`).toString('base64')}`;

  constructor(
    private readonly serviceUrl: string,
    private readonly jenkins: JenkinsEmulator,
    private readonly project: EmulatedProject,
  ) {}

  /** The promotion's status from GET /api/promotions/:id; undefined while it has no record. */
  async status(id: string): Promise<PromotionStatus | undefined> {
    this.reads += 1;
    const response = await fetch(`${this.serviceUrl}/api/promotions/${id}`, {
      headers: { authorization: this.auth },
    });
    return response.ok ? ((await response.json()) as { status: PromotionStatus }).status : undefined;
  }

  /** Whether Jenkins has answered a status request of the finished build of `promotion`. */
  buildResultRead(promotion: string): boolean {
    const build = this.jenkins.builds(JENKINS_JOB).find((b) => b.params['PROMOTION_ID'] === promotion);
    if (!build || build.result === null) return false;
    const path = `/job/${JENKINS_JOB}/${build.number}/api/`;
    return this.jenkins.requests.some((r) => r.path.startsWith(path));
  }

  /** Waits until GitLab holds a `success` commit status (a succeeded push's last feedback) on every sha. */
  async feedbackPosted(shas: readonly string[], timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `GitLab feedback on ${shas.length} commits`,
      () => shas.every((sha) => this.project.statuses(sha).some((s) => s.status === 'success')),
      { timeoutMs, intervalMs: 20 },
    );
  }

  /** Builds of the job so far: where `assertOneBuildEach` starts counting. */
  get builds(): number {
    return this.jenkins.builds(JENKINS_JOB).length;
  }

  /** Fails unless the builds since the `from`-th are exactly one per promotion. */
  assertOneBuildEach(from: number, promotions: readonly string[]): void {
    const builds = this.jenkins.builds(JENKINS_JOB).slice(from);
    const per = new Map<string, number>();
    for (const { params } of builds) {
      const id = params['PROMOTION_ID'] ?? '';
      per.set(id, (per.get(id) ?? 0) + 1);
    }
    const wrong = promotions.filter((id) => per.get(id) !== 1);
    if (wrong.length > 0 || builds.length !== promotions.length)
      throw new Error(
        `expected one Jenkins build per push: ${builds.length} builds for ${promotions.length} pushes, ` +
          `${wrong.length} pushes with another number (first: ${wrong[0] ?? 'none'})`,
      );
  }
}
