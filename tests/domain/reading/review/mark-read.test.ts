/** Signing the report marks the study read; whatever the reading state answers, the report SR stays queued. */
import { describe, expect, it } from 'vitest';
import { type CompleteReading, markRead, markReadText } from '../../../../src/domain/reading/review/mark-read';
import { memoryOutbox } from '../../../../src/services/reading/review/outbox';
import { createReviewStore } from '../../../../src/services/reading/review/store';
import { sortStudySrs } from '../../../../src/domain/reading/review/study-srs';
import { aiResultSr } from '../../../../src/domain/dicom/sr';
import { toDicomJson } from '../../dicom/sr/dicom-json';
import { aiInput } from '../../dicom/sr/fixtures';

const study = aiInput.source.studyInstanceUid;
const readBy =
  (by: string): CompleteReading =>
  async () => ({ ok: true, state: { status: 'read', stamp: { by, at: '2026-11-23T10:00:00.000Z' } } });
const refused =
  (reason: string): CompleteReading =>
  async () => ({ ok: false, reason });
const unreachable: CompleteReading = async () => {
  throw new Error('sign in to share the reading state');
};

describe('markRead', () => {
  it.each([
    ['read', readBy('alice'), { status: 'read', by: 'alice' }, 'Study marked read by alice.'],
    [
      'refused',
      refused('claimed by bob since 2026-11-23T09:00:00.000Z'),
      { status: 'refused', reason: 'claimed by bob since 2026-11-23T09:00:00.000Z' },
      'The report is signed, but the study was not marked read: claimed by bob since 2026-11-23T09:00:00.000Z.',
    ],
    [
      'failed',
      unreachable,
      { status: 'failed', error: 'sign in to share the reading state' },
      'The report is signed and kept, but the study could not be marked read: sign in to share the reading state.',
    ],
  ] as const)('%s', async (_name, complete, mark, text) => {
    const outcome = await markRead(study, complete);
    expect(outcome).toEqual(mark);
    expect(markReadText(outcome)).toBe(text);
  });
});

/** A store with the fixture AI result under review, as `load` leaves it. */
function storeReviewing(completeReading: CompleteReading) {
  const storage = memoryOutbox();
  const store = createReviewStore({ reader: () => ({ Alphabetic: 'Reader^Test' }), storage: () => storage, completeReading });
  const [aiResult] = sortStudySrs([toDicomJson(aiResultSr(aiInput))]).aiResults;
  store.setState({ studyInstanceUid: study, phase: 'ready', aiResult });
  return store;
}

const REPORT = { findings: [{ text: 'Effusion.' }], measurements: [], impression: 'Effusion.' };

describe('signing the report', () => {
  it('marks the signed study read', async () => {
    const asked: string[] = [];
    const store = storeReviewing(async (uid) => {
      asked.push(uid);
      return readBy('alice')(uid);
    });
    await store.signReport(REPORT, 'Dokuei');
    expect(asked).toEqual([study]);
    expect(store.getState().readMark).toEqual({ status: 'read', by: 'alice' });
  });

  it.each([
    ['claimed by someone else', refused('claimed by bob since 2026-11-23T09:00:00.000Z'), 'refused'],
    ['not reachable', unreachable, 'failed'],
  ] as const)('keeps the signed report queued when the study is %s, and can ask again', async (_name, complete, status) => {
    let answer: CompleteReading = complete;
    const store = storeReviewing((uid) => answer(uid));
    await store.signReport(REPORT, 'Dokuei');
    const { report, outbox, readMark } = store.getState();
    expect(readMark?.status).toBe(status);
    expect(report?.content.signOff).toBeDefined();
    expect(outbox.map((e) => e.sopInstanceUid)).toEqual([report?.sopInstanceUid]);

    answer = readBy('alice');
    await store.markStudyRead();
    expect(store.getState().readMark).toEqual({ status: 'read', by: 'alice' });
    expect(store.getState().report).toEqual(report);
  });
});
