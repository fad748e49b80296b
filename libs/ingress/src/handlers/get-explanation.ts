import { appNameProblem, environmentOrder, type PromotionMap } from '@auto-promote/domain';
import type { HttpResult } from '../http-result';

/** The service's `explain` (composed by the runtime from the operations library): null when nothing to explain. */
export type ExplainFn = (input: { app: string; target: string | null }) => Promise<object | null>;

const one = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** GET /api/explain?app=&target= — "why didn't it promote?", as `auto-promote explain --json` prints it. */
export async function getExplanation(
  query: Record<string, unknown>,
  deps: { map: PromotionMap; explain: ExplainFn },
): Promise<HttpResult<object>> {
  const app = one(query['app']);
  const target = one(query['target']) ?? null;
  if (!app) return { status: 400, body: { error: 'app is required (?app=<app>)' } };
  const problem = appNameProblem(app);
  if (problem) return { status: 400, body: { error: `app: ${problem}` } };
  const targets = environmentOrder(deps.map).filter((b) => [...deps.map.values()].includes(b));
  if (target !== null && !targets.includes(target))
    return { status: 400, body: { error: `target must be one of ${targets.join(', ')}` } };
  const explanation = await deps.explain({ app, target });
  if (!explanation)
    return {
      status: 404,
      body: { error: `no promotion of ${app} is recorded; name a target to see what a push would do` },
    };
  return { status: 200, body: explanation };
}
