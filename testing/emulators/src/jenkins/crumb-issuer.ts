import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const CRUMB_FIELD = 'Jenkins-Crumb';

function hex(seed: number, salt: string, length: number): string {
  return createHash('sha256').update(`${seed}:${salt}`).digest('hex').slice(0, length);
}

/**
 * DefaultCrumbIssuer as Jenkins sets it up by default (client IP excluded): the crumb is a hash of the
 * user name and the HTTP session id (since 2.176.2), so it is only valid with that session's cookie.
 */
export class CrumbIssuer {
  /** Winstone/Jetty name the session cookie JSESSIONID.<instance hash>. */
  readonly cookieName: string;
  private readonly salt: string;
  private readonly sessions = new Map<string, { user: string }>();

  constructor(seed: number) {
    this.cookieName = `JSESSIONID.${hex(seed, 'cookie', 8)}`;
    this.salt = hex(seed, 'crumb-salt', 32);
  }

  createSession(user: string): string {
    const id = `node0${randomBytes(12).toString('hex')}.node0`;
    this.sessions.set(id, { user });
    return id;
  }

  /** The user a session was created for, if the session exists. */
  sessionUser(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.sessions.get(id)?.user;
  }

  crumb(user: string, sessionId: string): string {
    return createHash('sha256').update(`${user};;${sessionId}`).update(this.salt).digest('hex');
  }

  /** A crumb is valid only for a live session and the user it was issued to. */
  validate(user: string, sessionId: string | undefined, crumb: string | undefined): boolean {
    if (crumb === undefined || sessionId === undefined || !this.sessions.has(sessionId)) return false;
    const expected = Buffer.from(this.crumb(user, sessionId));
    const given = Buffer.from(crumb);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  sessionFromCookie(header: string | undefined): string | undefined {
    for (const part of (header ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      if (part.slice(0, eq).trim() === this.cookieName) return part.slice(eq + 1).trim();
    }
    return undefined;
  }

  setCookie(sessionId: string): string {
    return `${this.cookieName}=${sessionId}; Path=/; HttpOnly`;
  }
}
