import express, { type ErrorRequestHandler, type Express } from 'express';
import type { EmulatorContext } from './context';
import { sendContainerError, sendNotFound } from './http-errors';
import { jobRoutes } from './routes/job-routes';
import { recorder } from './routes/recorder';
import { rootRoutes } from './routes/root-routes';
import { authentication, crumbFilter, jenkinsHeaders, overallRead } from './routes/security';

/** Filter order follows Jenkins: authentication, then the crumb filter, then permission checks in Stapler. */
export function createApp(ctx: EmulatorContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(recorder(ctx));
  app.use(ctx.faults.middleware());
  app.use(jenkinsHeaders(ctx));
  app.use(express.raw({ type: () => true, limit: '10mb' }));
  app.use(authentication(ctx));
  app.use(crumbFilter(ctx));
  app.use(overallRead(ctx));
  app.use(rootRoutes(ctx));
  app.use(jobRoutes(ctx));
  app.use((req, res) => sendNotFound(res, req.path));
  const onError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const status =
      typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    sendContainerError(
      res,
      Number.isInteger(status) && status >= 400 ? status : 500,
      'Server Error',
      req.path,
    );
  };
  app.use(onError);
  return app;
}
