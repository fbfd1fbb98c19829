/**
 * `npm run reindex [-- --no-enqueue]`: rebuilds the worklist index from Orthanc alone (see reindex.ts).
 * Uses DOKUEI_DATABASE_URL (else the local cluster) and the PACS from DOKUEI_PACS_URL (else the local
 * Orthanc). Studies without a result of the registry's active models (or without a shadow row of a
 * shadow version set running) are enqueued for the AI workers unless --no-enqueue.
 */
import { loadPacsConfig } from '../../tools/lib/pacs-config';
import { databaseUrl } from '../db/database-url';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/pool';
import { TriageQueue } from '../queue/triage-queue';
import { registryRunSet } from '../models/run-set';
import { reindex } from './reindex';

async function main(): Promise<void> {
  const url = databaseUrl();
  if (!url) throw new Error('no database: set DOKUEI_DATABASE_URL or start the local PostgreSQL (tools/postgres)');
  const pacs = loadPacsConfig();
  if (!pacs) throw new Error('no PACS: set DOKUEI_PACS_URL or start the local Orthanc (npm run orthanc:start)');
  const db = openDatabase(url, { max: 3, applicationName: 'dokuei-reindex' });
  await migrate(db);
  const queue = process.argv.includes('--no-enqueue') ? undefined : await TriageQueue.open({ connectionString: url, supervise: false });
  try {
    const report = await reindex({ db, pacs, models: await registryRunSet(db), ...(queue ? { queue } : {}), progress: (line) => console.log(line) });
    console.log(
      `reindex: ${report.studies} studies indexed, ${report.withAiResult} with an AI result, ${report.enqueued} enqueued for analysis, ` +
        `${report.removed} stale rows removed, ${(report.ms / 1000).toFixed(1)} s`,
    );
  } finally {
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(`reindex failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
