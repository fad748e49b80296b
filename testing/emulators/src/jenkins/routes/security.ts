import type { RequestHandler } from 'express';
import { authenticate, hasPermission } from '../auth';
import type { EmulatorContext } from '../context';
import { CRUMB_FIELD } from '../crumb-issuer';
import { sendAccessDenied, sendContainerError } from '../http-errors';
import { collectParams, info, param, setInfo } from './request-info';

/** Paths Jenkins serves without Overall/Read (ALWAYS_READABLE_PATHS and unprotected root actions). */
const ALWAYS_READABLE = ['/whoAmI', '/login', '/logout', '/error', '/instance-identity'];

export function jenkinsHeaders(ctx: EmulatorContext): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Jenkins', ctx.version);
    res.setHeader('X-Hudson', '1.395');
    res.setHeader('X-Jenkins-Session', ctx.instanceId);
    next();
  };
}

/** HudsonFilter: collects parameters and authenticates (a wrong user/secret pair is a 401). */
export function authentication(ctx: EmulatorContext): RequestHandler {
  return (req, res, next) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const cookieSession = ctx.crumbs.sessionFromCookie(req.headers.cookie);
    const sessionUser = ctx.crumbs.sessionUser(cookieSession);
    const outcome = authenticate(ctx.users, req.headers.authorization, sessionUser);
    if (!outcome.ok) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Jenkins"');
      sendContainerError(res, 401, `Invalid password/token for user: ${outcome.user}`, req.path);
      return;
    }
    setInfo(req, {
      params: collectParams(req.originalUrl, req.headers['content-type'], body),
      body,
      identity: outcome.identity,
      sessionId: sessionUser === undefined ? undefined : cookieSession,
      trigger: undefined,
    });
    next();
  };
}

/**
 * CrumbFilter: every POST needs a crumb bound to the caller's session, except API-token requests
 * (ApiCrumbExclusion) unless the emulator is told to demand it anyway.
 */
export function crumbFilter(ctx: EmulatorContext): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const { identity, sessionId } = info(req);
    if (identity.kind === 'token' && !ctx.crumbForApiTokens) return next();
    const crumb = req.get(CRUMB_FIELD) ?? param(req, CRUMB_FIELD);
    if (ctx.crumbs.validate(identity.user, sessionId, crumb)) return next();
    sendContainerError(res, 403, 'No valid crumb was included in the request', req.path);
  };
}

/** Without Overall/Read (anonymous, or a user not granted it) everything but a few paths is 403. */
export function overallRead(ctx: EmulatorContext): RequestHandler {
  return (req, res, next) => {
    if (ALWAYS_READABLE.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    const { identity } = info(req);
    if (hasPermission(ctx.users, identity, 'read')) return next();
    sendAccessDenied(res, identity, 'read');
  };
}
