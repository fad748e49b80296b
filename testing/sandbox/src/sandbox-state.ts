import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_PROJECT } from './deployments-repository';
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

/**
 * The state of the emulators this process's environment describes (the compose `emulators` container:
 * EMULATOR_GITLAB_PORT, EMULATOR_JENKINS_PORT, EMULATOR_HOOK_URL and the shared GITLAB_TOKEN, ADMIN_USER, …),
 * or undefined when the environment names no emulators. The drive commands use it when no state file exists.
 */
export function sandboxStateFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxState | undefined {
  const gitlabPort = env['EMULATOR_GITLAB_PORT'];
  const jenkinsPort = env['EMULATOR_JENKINS_PORT'];
  const hookUrl = env['EMULATOR_HOOK_URL'];
  if (!gitlabPort || !jenkinsPort || !hookUrl) return undefined;
  return {
    pid: 0,
    autoPromoteUrl: new URL(hookUrl).origin,
    gitlabUrl: `http://127.0.0.1:${gitlabPort}`,
    gitlabToken: env['GITLAB_TOKEN'] ?? '',
    projectId: 1, // the first and only project the GitLab emulator creates
    projectPath: SANDBOX_PROJECT,
    jenkinsUrl: `http://127.0.0.1:${jenkinsPort}`,
    admin: { user: env['ADMIN_USER'] ?? '', password: env['ADMIN_PASSWORD'] ?? '' },
  };
}

export function readSandboxState(): SandboxState {
  const fromEnv = existsSync(sandboxStatePath()) ? undefined : sandboxStateFromEnv();
  if (fromEnv) return fromEnv;
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
