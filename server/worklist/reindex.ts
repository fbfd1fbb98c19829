/**
 * Rebuilds the worklist index from Orthanc alone, page by page: every study's fields (QIDO study +
 * image series), its AI result SR (parsed back), its reading state (metadata 1024). A page's studies
 * are read from the PACS together (two QIDO requests per 50 studies, server/watcher/study-reader.ts), then written in one transaction with one upsert. Rows of studies
 * Orthanc no longer has are removed; the watcher's cursor is moved to where the rebuild started, so
 * it only replays what changed meanwhile.
 */
import type pg from 'pg';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import type { TriageConfig } from '../../src/domain/triage/config';
import type { TriageQueue } from '../queue/triage-queue';
import { loadLastSeq, saveLastSeq } from '../watcher/cursor-store';
import { DEFAULT_WATCHER_NAME } from '../watcher/change-watcher';
import { directTransport, orthancGet, pacsClientOf } from '../watcher/pacs-direct';
import { readIndexedStudies } from '../watcher/study-reader';
import { inTransaction, setAiSummary, upsertStudies } from './repository';
import { writeStudySrRows } from '../monitoring/index-study';
import { versionsWithoutResult } from '../monitoring/shadow-results';
import type { RunSet } from '../models/run-set';

export interface ReindexOptions {
  db: pg.Pool;
  pacs: PacsConfig;
  /** What the workers run now (registryRunSet): older builds' results are read back but are not current. */
  models: RunSet;
  /** Studies without a result of the active models, or without a shadow row of a running shadow version, are enqueued when given. */
  queue?: Pick<TriageQueue, 'enqueue'>;
  pageSize?: number;
  config?: TriageConfig;
  watcherName?: string;
  progress?: (line: string) => void;
}

export interface ReindexReport {
  studies: number;
  withAiResult: number;
  enqueued: number;
  removed: number;
  ms: number;
}

interface OrthancStudy {
  ID: string;
  LastUpdate?: string;
  MainDicomTags?: { StudyInstanceUID?: string };
}

/** Orthanc's "20250110T093000" → Date (read as UTC). */
function orthancTime(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/.exec(value ?? '');
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

export async function reindex(options: ReindexOptions): Promise<ReindexReport> {
  const started = Date.now();
  const transport = directTransport(options.pacs);
  const client = pacsClientOf(transport);
  const pacs = { transport, client };
  const { key, manifests, shadows } = options.models;
  const pageSize = options.pageSize ?? 100;
  const progress = options.progress ?? (() => {});
  const startedAt = (await options.db.query<{ now: Date }>('SELECT now()')).rows[0].now;
  const seqAtStart = await client.fetchLastChangeSeq();
  const report: ReindexReport = { studies: 0, withAiResult: 0, enqueued: 0, removed: 0, ms: 0 };

  for (let offset = 0; ; offset += pageSize) {
    const response = await orthancGet(transport, `/studies?expand&since=${offset}&limit=${pageSize}`);
    const page = ((await response?.json()) ?? []) as OrthancStudy[];
    const listed = page.flatMap((study) => {
      const uid = study.MainDicomTags?.StudyInstanceUID?.trim();
      return uid ? [{ studyUid: uid, orthancId: study.ID, arrivedAt: orthancTime(study.LastUpdate) }] : [];
    });
    const read = await readIndexedStudies(pacs, listed, { manifests, modelKey: key });
    const rows = read.flatMap((study, i) => (study ? [{ ...study, arrivedAt: listed[i].arrivedAt }] : []));
    await inTransaction(options.db, async (tx) => {
      await upsertStudies(
        tx,
        rows.map((row) => ({ fields: row.fields, reading: row.reading, ...(row.arrivedAt ? { arrivedAt: row.arrivedAt } : {}) })),
        options.config,
      );
      for (const row of rows) {
        if (row.ai) await setAiSummary(tx, row.fields.studyUid, row.ai, options.config);
        await writeStudySrRows(tx, row.srRows);
        const analysed = row.ai?.modelKey === key && (await versionsWithoutResult(tx, row.fields.studyUid, shadows)).length === 0;
        if (options.queue && !analysed) {
          if (await options.queue.enqueue({ studyUid: row.fields.studyUid, orthancId: row.fields.orthancId, reason: 'reindex' }, { db: tx })) report.enqueued++;
        }
      }
    });
    report.studies += rows.length;
    report.withAiResult += rows.filter((r) => r.ai).length;
    if (page.length > 0) progress(`reindex: ${report.studies} studies (${report.withAiResult} with an AI result)`);
    if (page.length < pageSize) break;
  }

  await inTransaction(options.db, async (tx) => {
    // Every study Orthanc has was upserted after startedAt (or changed by the watcher meanwhile).
    report.removed = (await tx.query('DELETE FROM worklist WHERE updated_at < $1', [startedAt])).rowCount ?? 0;
    const name = options.watcherName ?? DEFAULT_WATCHER_NAME;
    const stored = await loadLastSeq(tx, name);
    if (stored === null || stored < seqAtStart) await saveLastSeq(tx, name, seqAtStart);
  });
  report.ms = Date.now() - started;
  return report;
}
