/**
 * Reading state of the open study: the AI result under review, the reader's decisions (stored
 * and queued), the signed report and whether signing marked the study read, and the outbox that
 * carries every new SR to the PACS.
 */
import { create } from 'zustand';
import type { PacsClient } from '../../pacs/client';
import { studyCacheOf } from '../../pacs/study-cache';
import { findComparison } from '../report/comparison';
import {
  assessmentSr,
  type Comparison,
  type NaturalDataset,
  newUid,
  type ParsedDokueiSr,
  type PersonName,
  reportSr,
  type ReportContent,
  toPart10,
} from '../../../domain/dicom/sr';
import { type AiResultUnderReview, type DecisionRecord, decisionsFor, type ReviewAction, type ReviewItem } from '../../../domain/reading/review/decisions';
import { type CompleteReading, markRead, type MarkRead } from '../../../domain/reading/review/mark-read';
import { flushOutbox, newEntry, type OutboxEntry, type OutboxStorage } from './outbox';
import { parsedEntry } from './pending';
import { fetchCachedStudySrDatasets } from './fetch-study-srs';
import { recordsOf, sortStudySrs } from '../../../domain/reading/review/study-srs';

export interface SignedReport {
  content: ReportContent;
  sopInstanceUid: string;
  pending: boolean;
}

export interface ReviewState {
  studyInstanceUid: string | null;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  aiResult: AiResultUnderReview | null;
  records: DecisionRecord[];
  report: SignedReport | null;
  /** What became of marking the study read after sign-off (null: not tried in this session). */
  readMark: MarkRead | null;
  /** The prior the report compares with, when the patient has one. */
  comparison: Comparison | null;
  /** SRs in the study Dokuei cannot read. */
  unknownSrs: number;
  /** Every queued SR of this browser (all studies), with the last error. */
  outbox: OutboxEntry[];
  syncing: boolean;
}

export interface ReviewDeps {
  storage: () => OutboxStorage;
  now?: () => number;
  /** Marks a study read in the shared reading state; without it, signing leaves the state alone. */
  completeReading?: CompleteReading;
  /** The signed-in reader's DICOM name, written into drafts (the server stamps the same name). */
  reader: () => PersonName;
}

type Reported = Extract<ParsedDokueiSr, { kind: 'report' }>;

const signedReport = (sr: Reported, pending: boolean): SignedReport => ({ content: sr.content, sopInstanceUid: sr.document.sopInstanceUid, pending });

export function createReviewStore(deps: ReviewDeps) {
  const now = deps.now ?? Date.now;
  let client: PacsClient | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let loadSeq = 0;
  let chain: Promise<void> = Promise.resolve();

  const store = create<ReviewState>(() => ({
    studyInstanceUid: null,
    phase: 'idle',
    error: null,
    aiResult: null,
    records: [],
    report: null,
    readMark: null,
    comparison: null,
    unknownSrs: 0,
    outbox: [],
    syncing: false,
  }));

  async function refreshOutbox(): Promise<OutboxEntry[]> {
    const outbox = (await deps.storage().all()).sort((a, b) => a.enqueuedAt - b.enqueuedAt);
    store.setState({ outbox });
    return outbox;
  }

  /** Marks what reached the PACS as stored. */
  function markSent(sent: ReadonlySet<string>): void {
    store.setState((s) => ({
      records: s.records.map((r) => (sent.has(r.sopInstanceUid) ? { ...r, pending: false } : r)),
      report: s.report && sent.has(s.report.sopInstanceUid) ? { ...s.report, pending: false } : s.report,
    }));
  }

  async function flush(pacs: PacsClient, force: boolean): Promise<void> {
    store.setState({ syncing: true });
    try {
      const result = await flushOutbox(
        deps.storage(),
        async (entry) => {
          const stored = await pacs.storeInstances([new Uint8Array(entry.bytes)]);
          studyCacheOf(pacs).stored(entry.studyInstanceUid); // the next load reads the study's SRs again
          if (stored.failed.length > 0) throw new Error(`the PACS refused the SR: ${stored.failed.map((f) => f.reason).join(', ')}`);
        },
        now(),
        force,
      );
      markSent(new Set(result.sent));
      if (timer) clearTimeout(timer);
      timer = result.nextAttemptAt === null ? null : setTimeout(() => void sync(), Math.max(result.nextAttemptAt - now(), 0));
    } finally {
      store.setState({ syncing: false });
      await refreshOutbox();
    }
  }

  /**
   * Flushes one after the other, so an SR queued during a flush is sent by the next one. Failed
   * sends are recorded on their entries; a failing outbox storage leaves the entries where they
   * are for the next sync, so the chain goes on.
   */
  function sync(force = false): Promise<void> {
    const pacs = client;
    if (!pacs) return chain;
    chain = chain.then(() => flush(pacs, force)).catch(() => undefined);
    return chain;
  }

  async function enqueue(dataset: NaturalDataset): Promise<void> {
    const entry = newEntry(dataset.SOPInstanceUID as string, dataset.StudyInstanceUID as string, toPart10(dataset), now());
    await deps.storage().put(entry);
    await refreshOutbox();
    void sync();
  }

  async function load(pacs: PacsClient, studyInstanceUid: string): Promise<void> {
    client = pacs;
    const seq = ++loadSeq;
    // Reading the same study again (its AI just finished): the reader keeps the panel and its focus
    // while the SRs are re-read, instead of a blank "loading" in the middle of a keystroke.
    const current = store.getState();
    const refreshing = current.studyInstanceUid === studyInstanceUid && current.phase === 'ready';
    if (!refreshing)
      store.setState({
        studyInstanceUid,
        phase: 'loading',
        error: null,
        aiResult: null,
        records: [],
        report: null,
        readMark: null,
        comparison: null,
        unknownSrs: 0,
      });
    try {
      // The outbox is read at once too: with the PACS down, the queued decisions still show.
      const [datasets, comparison] = await Promise.all([
        fetchCachedStudySrDatasets(pacs, studyInstanceUid),
        findComparison(pacs, studyInstanceUid),
        refreshOutbox(),
      ]);
      // After the PACS answered: decisions queued meanwhile are in the outbox and stay on screen.
      const outbox = await refreshOutbox();
      if (seq !== loadSeq) return;
      const srs = sortStudySrs(datasets);
      const queued = outbox.filter((e) => e.studyInstanceUid === studyInstanceUid).map(parsedEntry);
      const aiResult = srs.aiResults[0] ?? null;
      const stored = new Set([...srs.assessments, ...srs.reports].map((sr) => sr.document.sopInstanceUid));
      const assessments = [
        ...srs.assessments.map((sr) => ({ sr, pending: false })),
        ...queued.flatMap((sr) => (sr.kind === 'assessment' && !stored.has(sr.document.sopInstanceUid) ? [{ sr, pending: true }] : [])),
      ];
      const loaded = assessments.flatMap(({ sr, pending }) => recordsOf(sr, pending));
      const queuedReport = queued.find((sr): sr is Reported => sr.kind === 'report' && !stored.has(sr.document.sopInstanceUid));
      const report = queuedReport ? signedReport(queuedReport, true) : srs.reports[0] ? signedReport(srs.reports[0], false) : null;
      store.setState((s) => {
        // A decision made while this load ran may be on screen but not yet in the outbox (its write still under
        // way): decisions are never taken back, so what the screen holds and the load did not find stays.
        const found = new Set(loaded.map((r) => r.sopInstanceUid));
        const records = [...loaded, ...s.records.filter((r) => !found.has(r.sopInstanceUid))]
          .filter((r) => r.aiResultSopInstanceUid === aiResult?.sr.sopInstanceUid)
          .sort((a, b) => a.at.getTime() - b.at.getTime());
        return { phase: 'ready', aiResult, records, report, comparison: comparison ?? null, unknownSrs: srs.unknown.length };
      });
      void sync();
    } catch (error) {
      // A failed refresh leaves what is shown; a failed first load says why.
      if (seq === loadSeq && !refreshing) store.setState({ phase: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** One reader action → one assessment SR, queued and sent. */
  async function decide(item: ReviewItem | null, action: ReviewAction): Promise<void> {
    const { aiResult } = store.getState();
    if (!aiResult) throw new Error('no AI result to assess');
    const reader = deps.reader();
    const assessedAt = new Date(now());
    const decisions = decisionsFor(item, action, newUid);
    const dataset = assessmentSr({ source: aiResult.source, reader, assessedAt, aiResult: aiResult.sr, decisions });
    const sopInstanceUid = dataset.SOPInstanceUID as string;
    const records = decisions.map((decision) => ({
      decision,
      reader,
      at: assessedAt,
      sopInstanceUid,
      aiResultSopInstanceUid: aiResult.sr.sopInstanceUid,
      pending: true,
    }));
    store.setState((s) => ({ records: [...s.records, ...records] }));
    await enqueue(dataset);
  }

  /** Marks the open study read; the outcome is shown beside the report, whatever it is. */
  async function markStudyRead(): Promise<void> {
    const { studyInstanceUid } = store.getState();
    if (!deps.completeReading || !studyInstanceUid) return;
    const seq = loadSeq;
    store.setState({ readMark: { status: 'marking' } });
    const readMark = await markRead(studyInstanceUid, deps.completeReading);
    if (seq === loadSeq) store.setState({ readMark });
  }

  /** Signs the report off: a verified report SR, queued (so never lost) and sent; then marks the study read. */
  async function signReport(content: Omit<ReportContent, 'author' | 'writtenAt' | 'signOff'>, organization: string): Promise<void> {
    const { aiResult } = store.getState();
    if (!aiResult) throw new Error('no image to report on');
    const author = deps.reader();
    const at = new Date(now());
    const full: ReportContent = { ...content, author, writtenAt: at, signOff: { verifier: author, organization, verifiedAt: at } };
    const dataset = reportSr({ ...full, source: aiResult.source });
    store.setState({ report: { content: full, sopInstanceUid: dataset.SOPInstanceUID as string, pending: true } });
    await enqueue(dataset);
    await markStudyRead();
  }

  return Object.assign(store, { load, decide, signReport, markStudyRead, sync });
}
