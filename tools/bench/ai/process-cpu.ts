/**
 * CPU time of the bench's own process tree by role (Dokuei server, Orthanc, the page's main thread, its AI
 * worker, …), read from /proc: with eight studies in flight on two cores, end-to-end triage is bound by the
 * CPU every process spends per study, which per-request latencies (mostly waiting) do not show.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** CPU ms per role since the process tree started. */
export type CpuByRole = Map<string, number>;

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ). */
const TICK_MS = 10;

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process or thread ended meanwhile
  }
};

/** The fields after "(comm)" of a stat line, and comm itself (it may hold spaces and parentheses). */
function parseStat(stat: string): { comm: string; fields: string[] } {
  const close = stat.lastIndexOf(')');
  return { comm: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const parent = Number(parseStat(stat).fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** The role of one thread, from its process's command line and its own name. */
function roleOf(pid: number, cmdline: string, thread: string): string {
  if (pid === process.pid) return 'bench driver (Playwright, this process)';
  if (cmdline.includes('Orthanc')) return 'Orthanc';
  if (cmdline.includes('server/main.ts')) return 'Dokuei server (gateway, STOW guard, audit)';
  if (cmdline.includes('--type=renderer')) {
    if (thread === 'DedicatedWorker') return 'browser: dedicated workers (the AI worker)';
    if (thread === 'chromium' || thread === 'CrRendererMain') return 'browser: page main thread';
    return 'browser: other renderer threads (GC, compile, IO)';
  }
  if (cmdline.includes('chromium')) return 'browser: other processes (network, GPU, browser)';
  return 'other processes of the bench';
}

/** This process and its descendants, or null where /proc is not there to read (not Linux). */
export function processTree(): number[] | null {
  return existsSync('/proc/self/task') ? [process.pid, ...descendants(process.pid)] : null;
}

/**
 * CPU ms by role now of the processes of `tree` (found once: walking every process of the machine at each
 * reading cost the bench 5 ms of the CPU it measures).
 */
export function cpuByRole(tree: readonly number[]): CpuByRole {
  const roles: CpuByRole = new Map();
  for (const pid of tree) {
    const cmdline = (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of threads) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const { comm, fields } = parseStat(stat);
      const role = roleOf(pid, cmdline, comm);
      // utime + stime: fields 14 and 15 of stat, counted from pid.
      roles.set(role, (roles.get(role) ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    }
  }
  return roles;
}

/** CPU ms per study by role between two readings, largest first. */
export function cpuPerStudy(before: CpuByRole, after: CpuByRole, studies: number): [string, number][] {
  return [...after]
    .map(([role, ms]): [string, number] => [role, (ms - (before.get(role) ?? 0)) / studies])
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1]);
}
