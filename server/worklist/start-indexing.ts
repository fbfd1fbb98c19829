/**
 * The server's share of arrival-time triage: the database (migrated), the triage queue, and the
 * watcher that indexes each study as Orthanc reports it stable and queues it for the AI workers.
 * Several servers may run this at once: the watcher's pages commit with its cursor, and the queue
 * keeps one job per study.
 */
import type pg from 'pg';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/pool';
import { TriageQueue } from '../queue/triage-queue';
import { ChangeWatcher } from '../watcher/change-watcher';
import { registryRunSet } from '../models/run-set';

export interface Indexing {
  db: pg.Pool;
  queue: TriageQueue;
  stop(): Promise<void>;
}

export async function startIndexing(databaseUrl: string, pacs: PacsConfig | null, log: (line: string) => void): Promise<Indexing> {
  const db = openDatabase(databaseUrl, { applicationName: 'dokuei-server' });
  const { applied, version } = await migrate(db);
  log(`database at schema version ${version}${applied.length ? ` (applied ${applied.length} migration(s))` : ''}`);
  const queue = await TriageQueue.open({ connectionString: databaseUrl, log });
  const watcher = pacs ? new ChangeWatcher({ db, pacs, queue, models: () => registryRunSet(db), log }) : null;
  watcher?.start();
  return {
    db,
    queue,
    async stop() {
      await watcher?.stop();
      await queue.stop({ graceful: false });
      await db.end();
    },
  };
}
