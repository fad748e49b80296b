import type { NextFunction, Request, Response } from 'express';
import { matchesAnySecret } from '../constant-time';

/** HTTP basic auth for the API and the dashboard; user and password compared in constant time. */
export function basicAuth(user: string, password: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization ?? '';
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const okUser = matchesAnySecret(colon >= 0 ? decoded.slice(0, colon) : undefined, [user]);
    const okPassword = matchesAnySecret(colon >= 0 ? decoded.slice(colon + 1) : undefined, [password]);
    if (okUser && okPassword) return next();
    res.set('WWW-Authenticate', 'Basic realm="auto-promote", charset="UTF-8"');
    res.status(401).json({ error: 'unauthorized' });
  };
}
