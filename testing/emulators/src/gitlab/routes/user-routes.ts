import type { Router } from 'express';
import { UNAUTHORIZED, defineRoute, type ApiHost } from './http';

const USER_CREATED_AT = '2020-01-01T00:00:00.000Z';

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
      // The profile fields every real GET /user answer carries; empty as for a fresh account.
      created_at: USER_CREATED_AT,
      bio: '',
      location: '',
      skype: '',
      linkedin: '',
      twitter: '',
      website_url: '',
      organization: '',
      email: user.email,
      public_email: null,
      bot: false,
      is_admin: false,
    });
  });
}
