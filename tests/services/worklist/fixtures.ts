/** An index row (GET /api/worklist) for the worklist tests. */
import type { IndexRow } from '../../../src/domain/study/index-row';

export function indexRow(patch: Partial<IndexRow> = {}): IndexRow {
  return {
    studyUid: '1.2.3',
    orthancId: 'abc',
    patientId: 'P1',
    patientName: 'DOE, Jane',
    patientSex: 'f',
    patientBirthDate: '19800115',
    accession: 'A1',
    studyDate: '20240301',
    studyTime: '101500.123',
    studyDateTime: '2024-03-01T10:15:00.000Z',
    modality: 'CR\\DX',
    bodyPart: 'chest',
    description: 'XR CHEST',
    priority: 'stat',
    aiStatus: 'done',
    aiSummary: {
      status: 'done',
      modelKey: 'k',
      computedAt: '2024-03-01T10:20:00Z',
      findings: [
        { label: 'effusion', probability: 0.95, threshold: 0.5, positive: true, clinicalClass: 'urgent' },
        { label: 'pneumonia', probability: 0.1, threshold: 0.5, positive: false, clinicalClass: 'urgent' },
      ],
      positives: ['effusion'],
      qaFlags: [],
      lungAreas: [],
    },
    flagged: true,
    urgency: {
      level: 'urgent',
      score: 845.5,
      evidenceScore: 800,
      overdue: false,
      waitMinutes: 9.1,
      reasons: [{ kind: 'finding', text: 'effusion 0.95 ≥ 0.50', points: 400 }],
    },
    readingState: 'unread',
    claimedBy: null,
    arrivedAt: '2024-03-01T10:16:00.000Z',
    acquiredAt: '2024-03-01T10:15:00.000Z',
    waitingSince: '2024-03-01T10:15:00.000Z',
    updatedAt: '2024-03-01T10:20:00.000Z',
    ...patch,
  };
}
