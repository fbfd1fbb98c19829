/**
 * Follows Orthanc's change log (/changes) from the sequence stored in watcher_state:
 *   StableStudy    → read the study (QIDO study + series, reading state, its SRs: newest AI result and
 *                    monitoring rows), upsert its row with that result, enqueue triage when no result of
 *                    the current builds (the registry's active set) or no shadow row of a shadow version
 *                    running
 *   UpdatedMetadata (study) → reading state → row
 *   Deleted (study) → row removed
 * A page's studies are read together (server/watcher/study-reader.ts), then written in one transaction (one upsert for its
 * stable studies): rows, triage jobs and the new cursor commit together, so a restart
 * (or a crash) resumes exactly after the last page handled. While the PACS is down it backs off
 * (1 s doubling to 30 s) and resumes from the stored sequence.
 * Polling: every `busyMs` while changes flow (within `busyWindowMs` of the last change seen: an arrival's
 * NewInstance announces its StableStudy StableAge seconds later, and that one starts triage), every
 * `idleMs` otherwise. Orthanc offers no push for its change log, so polling it is; a poll is one
 * indexed read of Orthanc's Changes table.
 */
import type pg from 'pg';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import type { OrthancChange } from '../../src/services/pacs/orthanc-changes';
import type { PacsClient } from '../../src/services/pacs/client';
import { PacsError } from '../../src/domain/dicom/errors';
import type { TriageConfig } from '../../src/domain/triage/config';
import type { TriageQueue } from '../queue/triage-queue';
import type { ReadingFields } from '../worklist/reading-fields';
import { deleteByOrthancId, inTransaction, setAiSummary, setReadingState, upsertStudies } from '../worklist/repository';
import { writeStudySrRows } from '../monitoring/index-study';
import { versionsWithoutResult } from '../monitoring/shadow-results';
import type { RunSet } from '../models/run-set';
import { loadLastSeq, saveLastSeq } from './cursor-store';
import { LeaderLock } from './leader-lock';
import { directTransport, pacsClientOf, type PacsTransport } from './pacs-direct';
import { type IndexedStudy, readConcurrently, readIndexedStudies, readReadingFields } from './study-reader';

export const DEFAULT_WATCHER_NAME = 'orthanc-changes';
const DEFAULT_IDLE_MS = 1000;
const DEFAULT_BUSY_MS = 100;
/** Twice the shipped StableAge (5 s, tools/orthanc/config.ts and docker-compose). */
const DEFAULT_BUSY_WINDOW_MS = 10_000;

export interface ChangeWatcherOptions {
  db: pg.Pool;
  pacs: PacsConfig;
  /** Without a queue rows are indexed but nothing is analysed. */
  queue?: Pick<TriageQueue, 'enqueue'>;
  /**
   * What the workers run now (server/models/run-set.ts), asked once per page so a promotion counts from
   * the next page: a study whose row holds a result of exactly the active builds, and a shadow row of
   * each shadow version, is not enqueued again (our own SR/SEG make the study "stable" once more). With
   * manifests a stable study's AI result SR (a worker's, a browser's, another system's) is read back
   * into its row, so the index shows it without analysing again. Absent: any result in the row counts.
   */
  models?: () => Promise<RunSet>;
  name?: string;
  pageSize?: number;
  /** Pause when the log is drained and nothing changed for busyWindowMs. */
  idleMs?: number;
  /** Pause when the log is drained but changed within busyWindowMs. */
  busyMs?: number;
  /** How long after the last change the watcher keeps polling every busyMs: above the PACS's StableAge. */
  busyWindowMs?: number;
  /** How often a standby watcher (another server leads) tries to take over. */
  standbyMs?: number;
  maxBackoffMs?: number;
  config?: TriageConfig;
  log?: (line: string) => void;
}

/** A stable study as read from the PACS (its AI result is null when none or no manifests). */
type StudyWork = IndexedStudy & { kind: 'stable'; orthancId: string };
type Work = StudyWork | { kind: 'reading'; orthancId: string; reading: ReadingFields } | { kind: 'deleted'; orthancId: string };

export interface PageResult {
  /** Changes in the page, of any kind. */
  changes: number;
  handled: number;
  last: number;
  done: boolean;
}

export class ChangeWatcher {
  private readonly transport: PacsTransport;
  private readonly client: PacsClient;
  private readonly name: string;
  private readonly log: (line: string) => void;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Consecutive failures (backoff) and whether the outage was already reported. */
  private failures = 0;
  /** performance.now() of the last page that held changes. */
  private lastChangeAt = -Infinity;
  private readonly leader: LeaderLock;
  lastError: string | null = null;

  constructor(private readonly options: ChangeWatcherOptions) {
    this.transport = directTransport(options.pacs);
    this.client = pacsClientOf(this.transport);
    this.name = options.name ?? DEFAULT_WATCHER_NAME;
    this.log = options.log ?? ((line) => console.warn(line));
    this.leader = new LeaderLock(options.db, `dokuei-watcher:${this.name}`);
  }

  /** Whether this watcher reads the change log now (another server's may lead instead). */
  get leading(): boolean {
    return this.leader.held;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.leader.release();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.leader.acquire())) {
          await this.sleep(this.options.standbyMs ?? 5000);
          continue;
        }
        const page = await this.handleNextPage();
        if (this.failures > 0) this.log(`watcher: PACS reachable again, resumed at change ${page.last}`);
        this.failures = 0;
        this.lastError = null;
        if (page.changes > 0) this.lastChangeAt = performance.now();
        if (page.done) await this.sleep(this.pauseAfterDrained());
      } catch (error) {
        this.failures++;
        this.lastError = error instanceof Error ? error.message : String(error);
        const delay = Math.min(this.options.maxBackoffMs ?? 30_000, 1000 * 2 ** Math.min(this.failures - 1, 5));
        if (this.failures === 1 || this.failures % 10 === 0) this.log(`watcher: ${this.lastError}; retrying in ${delay} ms (attempt ${this.failures})`);
        await this.sleep(delay);
      }
    }
  }

  private pauseAfterDrained(): number {
    const busy = performance.now() - this.lastChangeAt < (this.options.busyWindowMs ?? DEFAULT_BUSY_WINDOW_MS);
    return busy ? (this.options.busyMs ?? DEFAULT_BUSY_MS) : (this.options.idleMs ?? DEFAULT_IDLE_MS);
  }

  /** Handles one page of changes after the stored sequence; exported for tests and the reindex. */
  async handleNextPage(): Promise<PageResult> {
    const since = (await loadLastSeq(this.options.db, this.name)) ?? 0;
    const page = await this.client.fetchChanges(since, this.options.pageSize ?? 100);
    const models = page.changes.length > 0 ? ((await this.options.models?.()) ?? null) : null;
    const work = await this.readChanges(page.changes, models);
    await inTransaction(this.options.db, async (tx) => {
      await this.apply(tx, work, models);
      // Orthanc's Last may stay at `since` on an empty page: never move backwards.
      await saveLastSeq(tx, this.name, Math.max(since, page.last));
    });
    return { changes: page.changes.length, handled: work.length, last: Math.max(since, page.last), done: page.done };
  }

  /** Network reads before the transaction (several studies at once), so no database lock waits on the PACS. */
  private async readChanges(changes: OrthancChange[], models: RunSet | null): Promise<Work[]> {
    // The latest relevant change per study decides; a study stable twice in a page is read once.
    const latest = new Map<string, OrthancChange>();
    for (const change of changes) {
      if (change.resourceType !== 'Study') continue;
      if (change.changeType === 'StableStudy' || change.changeType === 'Deleted') latest.set(change.id, change);
      else if (change.changeType === 'UpdatedMetadata' && latest.get(change.id)?.changeType !== 'StableStudy') latest.set(change.id, change);
    }
    const changed = [...latest.values()];
    // Stable studies: Orthanc id → UID one by one (Orthanc 1.10 has no batch look-up), then read together.
    const refs = await readConcurrently(changed, async (change) => (change.changeType === 'StableStudy' ? await this.studyUidOf(change.id) : ''));
    const stable = changed.flatMap((change, i) => (refs[i] ? [{ studyUid: refs[i], orthancId: change.id }] : []));
    const studies = await readIndexedStudies(
      { transport: this.transport, client: this.client },
      stable,
      models ? { manifests: models.manifests, modelKey: models.key } : {},
    );
    const read = new Map(stable.map((ref, i) => [ref.orthancId, studies[i]]));
    const work = await readConcurrently(changed, async (change): Promise<Work | null> => {
      if (change.changeType === 'Deleted') return { kind: 'deleted', orthancId: change.id };
      if (change.changeType === 'UpdatedMetadata')
        return { kind: 'reading', orthancId: change.id, reading: await readReadingFields(this.transport, change.id) };
      const study = read.get(change.id);
      return study ? { kind: 'stable', orthancId: change.id, ...study } : null;
    });
    return work.filter((item) => item !== null);
  }

  /** The study's UID; '' when it was deleted since the change was logged (nothing to index). */
  private studyUidOf(orthancId: string): Promise<string> {
    return this.client.fetchOrthancStudyUID(orthancId).catch((error: unknown) => {
      if (error instanceof PacsError && error.status === 404) return '';
      throw error;
    });
  }

  /** The page's stable studies in one upsert, then each change's own writes. */
  private async apply(tx: pg.PoolClient, work: Work[], models: RunSet | null): Promise<void> {
    const stable = work.filter((item) => item.kind === 'stable');
    const upserted = await upsertStudies(
      tx,
      stable.map((item) => ({ fields: item.fields, reading: item.reading })),
      this.options.config,
    );
    const current = (key: string | null) => key !== null && (models === null || key === models.key);
    for (const item of work) {
      if (item.kind === 'deleted') {
        await deleteByOrthancId(tx, item.orthancId);
        continue;
      }
      if (item.kind === 'reading') {
        await setReadingState(tx, { orthancId: item.orthancId }, item.reading);
        continue;
      }
      let aiModelKey = upserted.get(item.fields.studyUid)?.aiModelKey ?? null;
      // The stored SR's result, unless the row already holds one of the current builds and the SR does not.
      if (item.ai && (current(item.ai.modelKey) || !current(aiModelKey))) {
        await setAiSummary(tx, item.fields.studyUid, item.ai, this.options.config);
        aiModelKey = item.ai.modelKey;
      }
      await writeStudySrRows(tx, item.srRows);
      const analysed = current(aiModelKey) && (await versionsWithoutResult(tx, item.fields.studyUid, models?.shadows ?? [])).length === 0;
      if (this.options.queue && !analysed) {
        await this.options.queue.enqueue({ studyUid: item.fields.studyUid, orthancId: item.orthancId, reason: 'watcher' }, { db: tx });
      }
    }
  }
}
