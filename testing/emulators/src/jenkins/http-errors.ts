import type { Response } from 'express';
import { PERMISSIONS, type Identity } from './auth';
import type { Permission } from './types';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function sendJson(res: Response, body: unknown, status = 200): void {
  res.status(status).type('application/json;charset=utf-8').send(JSON.stringify(body));
}

/** Plain-text errors, as Stapler's HttpResponses.error/errorWithoutStack write them. */
export function sendText(res: Response, status: number, text: string): void {
  res.status(status).type('text/plain;charset=utf-8').send(text);
}

/** The servlet container's error page, which is what `response.sendError(code, message)` produces. */
export function sendContainerError(res: Response, status: number, message: string, uri: string): void {
  const m = escapeHtml(message);
  const body = [
    '<html>',
    '<head>',
    '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
    `<title>Error ${status} ${m}</title>`,
    '</head>',
    '<body>',
    `<h2>HTTP ERROR ${status} ${m}</h2>`,
    '<table>',
    `<tr><th>URI:</th><td>${escapeHtml(uri)}</td></tr>`,
    `<tr><th>STATUS:</th><td>${status}</td></tr>`,
    `<tr><th>MESSAGE:</th><td>${m}</td></tr>`,
    '<tr><th>SERVLET:</th><td>Stapler</td></tr>',
    '</table>',
    '<hr/><a href="https://jetty.org/">Powered by Jetty:// 12</a><hr/>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  res.status(status).type('text/html;charset=utf-8').send(body);
}

export function sendNotFound(res: Response, uri: string): void {
  sendContainerError(res, 404, 'Not Found', uri);
}

/** Jenkins' Failure page (e.g. createItem refusing a name): 400 with the message in the body. */
export function sendFailure(res: Response, message: string): void {
  const m = escapeHtml(message);
  res
    .status(400)
    .type('text/html;charset=utf-8')
    .send(
      `<!DOCTYPE html><html><head><title>Error [Jenkins]</title></head><body><h1>Error</h1><p>${m}</p></body></html>`,
    );
}

/** AccessDeniedException3 as Jenkins renders it, with the diagnostic headers it adds. */
export function sendAccessDenied(res: Response, identity: Identity, permission: Permission): void {
  const { label, id } = PERMISSIONS[permission];
  res.setHeader('X-You-Are-Authenticated-As', identity.user);
  res.setHeader('X-Required-Permission', id);
  res.setHeader('X-Permission-Implied-By', [
    'hudson.security.Permission.GenericRead',
    'hudson.model.Hudson.Administer',
  ]);
  if (identity.kind === 'anonymous') {
    // Anonymous users get the login prompt rather than the "missing permission" text.
    res
      .status(403)
      .type('text/html;charset=utf-8')
      .send(
        "<html><head><meta http-equiv='refresh' content='1;url=/login'/></head><body>Authentication required</body></html>",
      );
    return;
  }
  const text = escapeHtml(`${identity.user} is missing the ${label} permission`);
  res
    .status(403)
    .type('text/html;charset=utf-8')
    .send(
      `<!DOCTYPE html><html><head><title>Access Denied [Jenkins]</title></head><body><h1>Access Denied</h1><p>${text}</p></body></html>`,
    );
}
