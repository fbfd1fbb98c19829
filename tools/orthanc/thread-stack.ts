import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATE_DIR } from '../lib/pacs-config';

/** Why Orthanc needs it: thread-stack.c. */
const SOURCE = fileURLToPath(new URL('./thread-stack.c', import.meta.url));

/**
 * The shim built once per source version under the state folder (a compiler is one of setup's Debian
 * packages). Built to a private name then renamed, so Orthancs started together never load half a file.
 */
export function threadStackShim(stateDir: string = STATE_DIR): string {
  const source = readFileSync(SOURCE);
  const version = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const library = join(stateDir, 'native', `orthanc-thread-stack-${version}.so`);
  if (existsSync(library)) return library;
  mkdirSync(join(stateDir, 'native'), { recursive: true });
  const building = `${library}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-O2', '-shared', '-fPIC', '-o', building, SOURCE, '-ldl'], { stdio: 'pipe' });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot build ${SOURCE} (run tools/setup.sh: it installs gcc): ${detail}`);
  }
  renameSync(building, library);
  return library;
}

/** The environment every Orthanc of the project runs in: the given one plus the stack shim preloaded. */
export function orthancEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const preload = [threadStackShim(), env.LD_PRELOAD].filter(Boolean).join(':');
  return { ...env, LD_PRELOAD: preload };
}
