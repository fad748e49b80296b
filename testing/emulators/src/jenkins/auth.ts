import type { Permission, UserConfig } from './types';

/** How a request authenticated; only `token` skips the crumb (Jenkins ≥ 2.96). */
export type AuthKind = 'token' | 'password' | 'session' | 'anonymous';

export interface Identity {
  user: string;
  kind: AuthKind;
}

export type AuthOutcome = { ok: true; identity: Identity } | { ok: false; user: string };

export const ANONYMOUS: Identity = { user: 'anonymous', kind: 'anonymous' };

/** Jenkins' names for the permissions, for the Access Denied page and X-Required-Permission. */
export const PERMISSIONS: Record<Permission, { label: string; id: string }> = {
  read: { label: 'Overall/Read', id: 'hudson.model.Hudson.Read' },
  build: { label: 'Job/Build', id: 'hudson.model.Item.Build' },
  cancel: { label: 'Job/Cancel', id: 'hudson.model.Item.Cancel' },
  configure: { label: 'Job/Configure', id: 'hudson.model.Item.Configure' },
  create: { label: 'Job/Create', id: 'hudson.model.Item.Create' },
  delete: { label: 'Job/Delete', id: 'hudson.model.Item.Delete' },
  administer: { label: 'Overall/Administer', id: 'hudson.model.Hudson.Administer' },
};

export function parseBasic(header: string | undefined): { user: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * BasicHeaderProcessor: the API token is tried first, then the password; a wrong pair is a 401 even
 * where anonymous access would have been allowed. Without the header, a session cookie still logs in.
 */
export function authenticate(
  users: Readonly<Record<string, UserConfig>>,
  authorization: string | undefined,
  sessionUser: string | undefined,
): AuthOutcome {
  if (authorization !== undefined) {
    const basic = parseBasic(authorization);
    if (!basic) return { ok: false, user: '' };
    const config = Object.hasOwn(users, basic.user) ? users[basic.user] : undefined;
    if (config?.apiToken !== undefined && config.apiToken === basic.secret) {
      return { ok: true, identity: { user: basic.user, kind: 'token' } };
    }
    if (config?.password !== undefined && config.password === basic.secret) {
      return { ok: true, identity: { user: basic.user, kind: 'password' } };
    }
    return { ok: false, user: basic.user };
  }
  if (sessionUser !== undefined && sessionUser !== ANONYMOUS.user && Object.hasOwn(users, sessionUser)) {
    return { ok: true, identity: { user: sessionUser, kind: 'session' } };
  }
  return { ok: true, identity: ANONYMOUS };
}

export function hasPermission(
  users: Readonly<Record<string, UserConfig>>,
  identity: Identity,
  permission: Permission,
): boolean {
  if (identity.kind === 'anonymous') return false;
  const granted = Object.hasOwn(users, identity.user) ? users[identity.user]?.permissions : undefined;
  if (granted === undefined || granted.includes('administer')) return true;
  if (!granted.includes('read')) return false;
  return granted.includes(permission);
}
