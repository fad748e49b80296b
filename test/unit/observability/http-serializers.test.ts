import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { httpSerializers, REDACT_PATHS, SECRET_REQUEST_HEADERS } from '@auto-promote/observability';

function request(headers: Record<string, string>): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = '/webhooks/gitlab';
  req.headers = headers;
  return req;
}

describe('httpSerializers', () => {
  it('censors every request header the logger redacts, and keeps the rest', () => {
    const secretHeaders = [...SECRET_REQUEST_HEADERS];
    expect(REDACT_PATHS).toEqual(expect.arrayContaining(secretHeaders.map((h) => `req.headers["${h}"]`)));
    expect(secretHeaders).toEqual(
      expect.arrayContaining(['authorization', 'cookie', 'x-gitlab-token', 'private-token']),
    );
    const headers = Object.fromEntries(secretHeaders.map((name) => [name, `secret-${name}`]));
    const line = httpSerializers.req(request({ ...headers, 'x-gitlab-event': 'Push Hook' }));
    expect(JSON.stringify(line)).not.toContain('secret-');
    expect(line.headers).toMatchObject({ 'x-gitlab-token': '[redacted]', 'x-gitlab-event': 'Push Hook' });
    expect(line).toMatchObject({ method: 'POST', url: '/webhooks/gitlab' });
  });

  it('censors Set-Cookie on the response', () => {
    const res = new ServerResponse(request({}));
    res.statusCode = 202;
    res.setHeader('set-cookie', 'session=secret-cookie');
    res.setHeader('content-type', 'application/json');
    const line = httpSerializers.res(res);
    expect(line).toEqual({
      statusCode: 202,
      headers: { 'set-cookie': '[redacted]', 'content-type': 'application/json' },
    });
  });
});
