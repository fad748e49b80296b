import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';

/**
 * How an emulator misbehaves. Tests and the sandbox flip these at run time.
 * - `down`: every request is answered `downStatus` (503 by default) — the service is up but unhealthy.
 * - `refuse`: new connections are destroyed at once and open ones are dropped — the service is gone.
 * - `flakyRate`: this share of requests (0..1) is answered `flakyStatus` (502 by default).
 * - `delayMs`: every request waits this long before it is handled (a slow dependency).
 */
export interface FaultState {
  mode: 'up' | 'down' | 'refuse';
  downStatus: number;
  flakyRate: number;
  flakyStatus: number;
  delayMs: number;
}

const HEALTHY: Readonly<FaultState> = Object.freeze({
  mode: 'up',
  downStatus: 503,
  flakyRate: 0,
  flakyStatus: 502,
  delayMs: 0,
});

/** Small deterministic PRNG so flaky runs are repeatable for a given seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultSwitch {
  private state: FaultState = { ...HEALTHY };
  private readonly random: () => number;
  private readonly sockets = new Set<Socket>();
  /** Requests answered with an injected fault, for assertions. */
  injected = 0;

  constructor(seed = 1) {
    this.random = mulberry32(seed);
  }

  get current(): Readonly<FaultState> {
    return this.state;
  }

  set(change: Partial<FaultState>): void {
    this.state = { ...this.state, ...change };
    if (this.state.mode === 'refuse') {
      for (const socket of this.sockets) socket.destroy();
    }
  }

  reset(): void {
    this.state = { ...HEALTHY };
  }

  /** Tracks sockets so `refuse` can drop keep-alive connections and reject new ones. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => {
      if (this.state.mode === 'refuse') {
        this.injected += 1;
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Express middleware; mount it first. `exempt` paths (emulator control routes) never fail. */
  middleware(exempt: (path: string) => boolean = () => false) {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (exempt(req.path)) return next();
      const { mode, downStatus, flakyRate, flakyStatus, delayMs } = this.state;
      const proceed = (): void => {
        if (mode === 'refuse') {
          this.injected += 1;
          req.socket.destroy();
          return;
        }
        if (mode === 'down') {
          this.injected += 1;
          res.status(downStatus).type('text/html').send('<html><body>Service Unavailable</body></html>');
          return;
        }
        if (flakyRate > 0 && this.random() < flakyRate) {
          this.injected += 1;
          res.status(flakyStatus).type('text/html').send('<html><body>Bad Gateway</body></html>');
          return;
        }
        next();
      };
      if (delayMs > 0) setTimeout(proceed, delayMs);
      else proceed();
    };
  }
}
