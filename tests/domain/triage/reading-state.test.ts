import { describe, expect, it } from 'vitest';
import { applyReadingAction, parseReadingState, type ReadingAction, type ReadingState, readingText, UNREAD } from '../../../src/domain/triage/reading-state';

const now = new Date('2026-11-23T10:00:00Z');
const at = '2026-11-23T09:00:00.000Z';
const claimedBy = (by: string): ReadingState => ({ status: 'in-progress', stamp: { by, at } });
const readBy = (by: string): ReadingState => ({ status: 'read', stamp: { by, at } });

describe('applyReadingAction', () => {
  it.each<[string, ReadingState, ReadingAction, string, ReadingState | string]>([
    ['claim an unread study', UNREAD, 'claim', 'alice', { status: 'in-progress', stamp: { by: 'alice', at: now.toISOString() } }],
    ['claim one claimed by another', claimedBy('bob'), 'claim', 'alice', `already claimed by bob since ${at}`],
    ["claim again one's own", claimedBy('alice'), 'claim', 'alice', claimedBy('alice')],
    ['claim a read study', readBy('bob'), 'claim', 'alice', 'already read by bob'],
    ["release one's own", claimedBy('alice'), 'release', 'alice', UNREAD],
    ["release another's", claimedBy('bob'), 'release', 'alice', 'only the reader who claimed the study can release it'],
    ["complete one's own", claimedBy('alice'), 'complete', 'alice', { status: 'read', stamp: { by: 'alice', at: now.toISOString() } }],
    ["complete another's", claimedBy('bob'), 'complete', 'alice', `claimed by bob since ${at}`],
    ['acknowledge', UNREAD, 'acknowledge', 'alice', { status: 'unread', acknowledged: { by: 'alice', at: now.toISOString() } }],
  ])('%s', (_name, current, action, user, expected) => {
    const outcome = applyReadingAction(current, action, user, now);
    expect(outcome).toEqual(typeof expected === 'string' ? { ok: false, reason: expected } : { ok: true, state: expected });
  });

  it('keeps the first acknowledgement and carries it through claim and release', () => {
    const acked: ReadingState = { status: 'unread', acknowledged: { by: 'bob', at } };
    expect(applyReadingAction(acked, 'acknowledge', 'alice', now)).toEqual({ ok: true, state: acked });
    const claimed = applyReadingAction(acked, 'claim', 'alice', now);
    if (!claimed.ok) throw new Error(claimed.reason);
    expect(applyReadingAction(claimed.state, 'release', 'alice', now)).toEqual({ ok: true, state: acked });
  });
});

describe('parseReadingState', () => {
  it.each([
    ['missing', null, UNREAD],
    ['not JSON', '{', UNREAD],
    ['unknown status', '{"status":"done"}', UNREAD],
    ['claim without stamp', '{"status":"in-progress"}', UNREAD],
    ['valid claim', JSON.stringify(claimedBy('bob')), claimedBy('bob')],
    ['extra fields dropped', JSON.stringify({ ...readBy('bob'), evil: '<b>' }), readBy('bob')],
  ])('%s', (_name, text, expected) => {
    expect(parseReadingState(text)).toEqual(expected);
  });

  it('round-trips what the actions write', () => {
    const outcome = applyReadingAction(UNREAD, 'claim', 'alice', now);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(parseReadingState(JSON.stringify(outcome.state))).toEqual(outcome.state);
  });
});

it('readingText names the reader', () => {
  expect([UNREAD, claimedBy('bob'), readBy('eve')].map(readingText)).toEqual(['unread', 'in progress: bob', 'read: eve']);
});
