import type { Router } from 'express';
import { UNAUTHORIZED, defineRoute, type ApiHost } from './http';

/** GET /user: the token's user (API::Entities::UserPublic, the fields clients read); 401 without a token. */
export function registerUserRoutes(router: Router, host: ApiHost): void {
  defineRoute(router, host, 'get', '/user', (_req, res, scope) => {
    if (!scope.authenticated) throw UNAUTHORIZED;
    const { user, instanceUrl } = host;
    res.json({
      id: user.id,
      username: user.username,
      name: user.name,
      state: 'active',
      locked: false,
      avatar_url: user.avatarUrl,
      web_url: `${instanceUrl}/${user.username}`,
      email: user.email,
      public_email: null,
      bot: false,
      is_admin: false,
    });
  });
}
