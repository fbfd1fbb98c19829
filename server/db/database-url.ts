import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the server's database is: DOKUEI_DATABASE_URL (an existing hospital database) first, else the
 * connection.json the private cluster launcher (tools/postgres) wrote under the state dir.
 * Null when neither exists.
 */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.DOKUEI_DATABASE_URL) return env.DOKUEI_DATABASE_URL;
  const file = join(resolve(env.DOKUEI_STATE_DIR ?? '.dokuei'), 'postgres', 'connection.json');
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { url: string }).url;
}
