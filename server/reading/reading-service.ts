/**
 * Applies readers' actions to the stored reading states and lists them. Exactly one of two
 * concurrent claims wins: actions on one study run one after another in this server, and across
 * servers Orthanc's revision check (If-Match → 409) makes the loser re-read and be refused.
 */
import { applyReadingAction, parseReadingState, type ReadingAction } from '../../src/domain/triage/reading-state';
import type { ReadingStore } from './reading-store-orthanc';

export type ServiceReply = { status: 200; body: { state: string } } | { status: 404 | 409; body: { error: string; state?: string } };

export interface StatesReply {
  /** StudyInstanceUID → stored JSON text. */
  states: Record<string, string>;
  cursor: number;
  complete: boolean;
}

const MAX_ATTEMPTS = 5;
const SCAN_CONCURRENCY = 8;
/** Changes per request when reading the whole log (Orthanc 1.10: ~6 per study stored, ~35 ms per 1,000). */
const HISTORY_PAGE = 10_000;

export function readingService(store: ReadingStore, now: () => Date = () => new Date()) {
  const queues = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task on the same study. */
  function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => queues.get(key) === tail && queues.delete(key));
    return run;
  }

  async function act(studyUID: string, action: ReadingAction, user: string): Promise<ServiceReply> {
    const id = await store.studyId(studyUID);
    if (!id) return { status: 404, body: { error: `no study ${studyUID} in the PACS` } };
    return serialized(id, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const stored = await store.read(id);
        const outcome = applyReadingAction(parseReadingState(stored.text), action, user, now());
        if (!outcome.ok) return { status: 409, body: { error: outcome.reason, ...(stored.text ? { state: stored.text } : {}) } };
        const text = JSON.stringify(outcome.state);
        if (text === stored.text || (await store.write(id, text, stored.etag))) return { status: 200, body: { state: text } };
      }
      return { status: 409, body: { error: 'the study kept changing; try again' } };
    });
  }

  async function statesOf(ids: Iterable<[string, string | null]>): Promise<Record<string, string>> {
    const states: Record<string, string> = {};
    const queue = [...ids];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [id, uid] = next;
        const { text } = await store.read(id);
        const studyUID = uid ?? (text ? await store.studyUID(id) : null);
        if (text && studyUID) states[studyUID] = text;
      }
    };
    await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
    return states;
  }

  /**
   * Orthanc ids of every study whose metadata ever changed, from the whole change log: a reading
   * state is only ever written by a metadata PUT, which Orthanc logs as UpdatedMetadata. Orthanc
   * 1.10 cannot return metadata in bulk (no metadata in /studies?expand nor /tools/find before
   * 1.12.5), so this replaces one request per study with one per 10,000 changes. Null when the
   * log no longer starts at change 1 (cleared, or pruned): only a full scan is then complete.
   */
  async function everMetadataChanged(): Promise<string[] | null> {
    const ids = new Set<string>();
    for (let since = 0; ;) {
      const page = await store.changedStudies(since, HISTORY_PAGE);
      if (since === 0 && page.first !== 1) return null;
      page.ids.forEach((id) => ids.add(id));
      if (page.done || page.last <= since) return [...ids];
      since = page.last;
    }
  }

  /** Everything (since = null, or after a PACS reset), else the states changed after `since`. */
  async function list(since: number | null): Promise<StatesReply> {
    if (since !== null) {
      const changes = await store.changedStudies(since);
      if (changes.last >= since) {
        const states = await statesOf(changes.ids.map((id) => [id, null]));
        return { states, cursor: changes.last, complete: false };
      }
    }
    // Cursor first: what changes during the scan is listed again by the next call.
    const cursor = await store.lastChange();
    const candidates = await everMetadataChanged();
    const ids: Iterable<[string, string | null]> = candidates ? candidates.map((id) => [id, null]) : await store.allStudies();
    return { states: await statesOf(ids), cursor, complete: true };
  }

  return { act, list };
}
