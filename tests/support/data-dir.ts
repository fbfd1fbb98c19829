import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MODELS_DIR = resolve(REPO_ROOT, 'models');

/** The shared data root (DOKUEI_DATA or ../shared/data): tests that need it fail loudly when it is absent. */
export function requireDataDir(): string {
  const dir = resolve(process.env.DOKUEI_DATA ?? resolve(REPO_ROOT, '../shared/data'));
  if (!existsSync(dir)) {
    throw new Error(`test data not found at ${dir}: set DOKUEI_DATA or place the data sets in ../shared/data (CI has them)`);
  }
  return dir;
}
