import { readFileSync } from 'node:fs';

/** Small process helpers shared by the Orthanc launcher, the e2e harness and the benchmarks. */

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * True while a process with this PID runs (signal 0 only checks). An exited process that nobody has
 * reaped yet (a zombie) counts as gone: detached servers (postgres, Orthanc) are re-parented to PID 1,
 * and a container's PID 1 may reap them seconds late.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Format: "pid (comm) state ...": comm may hold spaces or parentheses, so read after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}
