import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { isAlive, sleep } from '../../tools/lib/process';

/** Starts a command in its own process group (so it and its children can be stopped together). */
export function spawnDetached(command: string, args: string[], logPath: string, env: NodeJS.ProcessEnv): number {
  const log = openSync(logPath, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env });
  closeSync(log);
  if (!child.pid) throw new Error(`could not start ${command}`);
  child.unref();
  return child.pid;
}

/** SIGTERM to the process group, SIGKILL if still there after the grace period. */
export async function stopGroup(pid: number, graceMs = 10_000): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) signal('SIGKILL');
}

/** Polls a URL until it answers 2xx; fails early when the serving process died. */
export async function waitForHttp(url: string, pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new Error(`process ${pid} exited before ${url} answered`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Runs a command to completion, its output appended to a log; throws with the log path on failure. */
export function runLogged(command: string, args: string[], logPath: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const log = openSync(logPath, 'a');
    const child = spawn(command, args, { stdio: ['ignore', log, log], env });
    closeSync(log);
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} failed (${code}); see ${logPath}`))));
  });
}
