/** Outbox entries read back as the SRs they hold, so queued work shows like stored work. */
import { fromPart10, parseDokueiSr, type ParsedDokueiSr } from '../../../domain/dicom/sr';
import type { OutboxEntry } from './outbox';

export function parsedEntry(entry: OutboxEntry): ParsedDokueiSr {
  try {
    return parseDokueiSr(fromPart10(entry.bytes));
  } catch (error) {
    return { kind: 'unknown', reason: `queued SR unreadable: ${String(error)}` };
  }
}
