/**
 * Applies readers' actions to the stored reading states and lists them. Exactly one of two
 * concurrent claims wins: actions on one study run one after another in this server, and across
 * servers Orthanc's revision check (If-Match → 409) makes the loser re-read and be refused.
 */
import { applyReadingAction, parseReadingState, type ReadingAction } from '../../src/triage/reading-state';
import type { ReadingStore } from './reading-state-orthanc';

export type ServiceReply = { status: 200; body: { state: string } } | { status: 404 | 409; body: { error: string; state?: string } };

export interface StatesReply {
  /** StudyInstanceUID → stored JSON text. */
  states: Record<string, string>;
  cursor: number;
  complete: boolean;
}

const MAX_ATTEMPTS = 5;
const SCAN_CONCURRENCY = 8;

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
    return { states: await statesOf(await store.allStudies()), cursor, complete: true };
  }

  return { act, list };
}
