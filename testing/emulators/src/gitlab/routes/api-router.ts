import { Router } from 'express';
import type { ApiHost } from './http';
import { registerHookRoutes } from './hook-routes';
import { registerMergeRequestRoutes } from './merge-request-routes';
import { registerProjectRoutes } from './project-routes';
import { registerRepositoryRoutes } from './repository-routes';
import { registerCommitRoutes } from './commit-routes';
import { registerUserRoutes } from './user-routes';
import { registerFreezePeriodRoutes } from './freeze-period-routes';

/** Everything under /api/v4. Unknown routes answer like GitLab's catch-all: 404 {"error":"404 Not Found"}. */
export function createApiRouter(host: ApiHost): Router {
  const router = Router();
  registerUserRoutes(router, host);
  registerProjectRoutes(router, host);
  registerCommitRoutes(router, host);
  registerRepositoryRoutes(router, host);
  registerHookRoutes(router, host);
  registerMergeRequestRoutes(router, host);
  registerFreezePeriodRoutes(router, host);
  router.use((_req, res) => {
    res.status(404).json({ error: '404 Not Found' });
  });
  return router;
}
