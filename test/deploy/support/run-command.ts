import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Runs a health-check command (["node", "-e", …]) with this Node; resolves with its exit code. */
export function runHealthcheck(argv: readonly string[], env: Record<string, string>): Promise<number> {
  const [program, ...args] = argv;
  if (program !== 'node') throw new Error(`health checks run node, not ${String(program)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

export interface StubServer {
  port: number;
  paths: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server answering `status(path)`, recording the paths asked for. */
export async function stubServer(status: (path: string) => number): Promise<StubServer> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.statusCode = status(req.url ?? '');
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
