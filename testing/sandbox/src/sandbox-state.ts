import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxError } from './errors/sandbox-error';

/** Where a running sandbox is, for the `auto-promote-sandbox` drive commands in another terminal. */
export interface SandboxState {
  pid: number;
  autoPromoteUrl: string;
  gitlabUrl: string;
  gitlabToken: string;
  projectId: number;
  projectPath: string;
  jenkinsUrl: string;
  admin: { user: string; password: string };
}

export function sandboxStatePath(): string {
  return process.env['AUTO_PROMOTE_SANDBOX_STATE'] ?? join(tmpdir(), 'auto-promote-sandbox.json');
}

export function writeSandboxState(state: SandboxState): void {
  writeFileSync(sandboxStatePath(), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function readSandboxState(): SandboxState {
  try {
    return JSON.parse(readFileSync(sandboxStatePath(), 'utf8')) as SandboxState;
  } catch {
    throw new SandboxError('No sandbox is running: start one with `npm run sandbox` (in another terminal).');
  }
}

/** Removes the state file if it is still this process's. */
export function removeSandboxState(pid: number): void {
  try {
    const state = JSON.parse(readFileSync(sandboxStatePath(), 'utf8')) as SandboxState;
    if (state.pid === pid) rmSync(sandboxStatePath(), { force: true });
  } catch {
    // already gone
  }
}
