import { execFile } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Running PostgreSQL's own tools. PostgreSQL refuses to run as root, so as root every tool runs as the
 * Debian `postgres` account (runuser) and the files it writes are chowned to it; as any other user the
 * tools run directly as that user.
 */

export const POSTGRES_LIB_DIR = '/usr/lib/postgresql';
export const MISSING_POSTGRES =
  'PostgreSQL is not installed: run tools/setup.sh (as root: apt-get install -y postgresql), ' + 'or set DOKUEI_DATABASE_URL to an existing database';

export const isRoot = () => process.getuid?.() === 0;

/** The newest /usr/lib/postgresql/<major>/bin holding initdb, pg_ctl and postgres; null when none. */
export function findPostgresBin(libDir = POSTGRES_LIB_DIR): string | null {
  if (!existsSync(libDir)) return null;
  const majors = readdirSync(libDir)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(libDir, major, 'bin');
    if (['initdb', 'pg_ctl', 'postgres', 'pg_isready'].every((tool) => existsSync(join(bin, tool)))) return bin;
  }
  return null;
}

/** uid/gid of the `postgres` account Debian's package creates. */
export function postgresAccount(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error(`no "postgres" system account. ${MISSING_POSTGRES}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Gives a path to the account the server runs as (a no-op unless root). */
export function handToServerAccount(path: string): void {
  if (!isRoot()) return;
  const { uid, gid } = postgresAccount();
  chownSync(path, uid, gid);
}

/**
 * As root the `postgres` account must be able to walk down to the cluster: every ancestor needs o+x
 * (or belong to postgres). Checked up front because initdb's own message is only "Permission denied".
 */
export function assertReachableByServerAccount(path: string): void {
  if (!isRoot()) return;
  const { uid } = postgresAccount();
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    if (stat.uid !== uid && (stat.mode & 0o001) === 0) {
      throw new Error(
        `the postgres account cannot reach ${path}: ${dir} is not traversable by others ` + `(chmod o+x ${dir}, or use a state folder elsewhere)`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}

export interface ToolResult {
  stdout: string;
  stderr: string;
}

/** Runs bin/tool with args (as `postgres` when root); rejects with the tool's own output. */
export function runTool(bin: string, tool: string, args: string[], timeoutMs = 60_000): Promise<ToolResult> {
  const [command, commandArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  return new Promise((resolveRun, reject) => {
    // cwd "/": the postgres account may not be allowed into the caller's working directory.
    execFile(command, commandArgs, { cwd: '/', timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C.UTF-8' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${tool} ${args.join(' ')} failed: ${(stderr || stdout || error.message).trim()}`));
      else resolveRun({ stdout, stderr });
    });
  });
}
