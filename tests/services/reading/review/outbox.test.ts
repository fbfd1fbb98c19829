import { describe, expect, it } from 'vitest';
import { flushOutbox, memoryOutbox, newEntry, type OutboxEntry, retryDelay } from '../../../../src/services/reading/review/outbox';

const bytes = new Uint8Array([1, 2, 3]).buffer;

describe('retryDelay', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [5, 16_000],
    [6, 30_000],
    [50, 30_000],
  ])('after %i failures waits %i ms', (failures, ms) => expect(retryDelay(failures)).toBe(ms));
});

describe('flushOutbox', () => {
  it('keeps what failed with a later attempt, sends it once the PACS is back, and stores each SOP once', async () => {
    const storage = memoryOutbox();
    await storage.put(newEntry('1.1', 's', bytes, 0));
    await storage.put(newEntry('1.2', 's', bytes, 10));
    await storage.put(newEntry('1.1', 's', bytes, 20)); // the same SR queued again: still one entry
    let up = false;
    const sent: string[] = [];
    const send = async (e: OutboxEntry) => {
      if (!up) throw new Error('PACS unreachable');
      sent.push(e.sopInstanceUid);
    };

    const down = await flushOutbox(storage, send, 100);
    expect(down).toEqual({ sent: [], failed: ['1.2', '1.1'], nextAttemptAt: 1_100 });
    const kept = await storage.all();
    expect(kept.map((e) => [e.sopInstanceUid, e.attempts, e.nextAttemptAt, e.lastError])).toEqual([
      ['1.1', 1, 1_100, 'PACS unreachable'],
      ['1.2', 1, 1_100, 'PACS unreachable'],
    ]);

    up = true;
    expect(await flushOutbox(storage, send, 500)).toEqual({ sent: [], failed: [], nextAttemptAt: 1_100 }); // not due yet
    expect(await flushOutbox(storage, send, 1_100)).toEqual({ sent: ['1.2', '1.1'], failed: [], nextAttemptAt: null });
    expect(sent).toEqual(['1.2', '1.1']);
    expect(await storage.all()).toEqual([]);
  });

  it('sends everything at once when forced, and one failure does not block the others', async () => {
    const storage = memoryOutbox();
    await storage.put({ ...newEntry('2.1', 's', bytes, 0), attempts: 3, nextAttemptAt: 9_999 });
    await storage.put(newEntry('2.2', 's', bytes, 1));
    const result = await flushOutbox(
      storage,
      async (e) => {
        if (e.sopInstanceUid === '2.1') throw new Error('refused');
      },
      0,
      true,
    );
    expect(result).toEqual({ sent: ['2.2'], failed: ['2.1'], nextAttemptAt: 8_000 });
    expect((await storage.all())[0].attempts).toBe(4);
  });
});
