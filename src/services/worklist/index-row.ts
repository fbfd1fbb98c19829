/**
 * One adapter from the index's rows (GET /api/worklist) to what the worklist's components already
 * show: the study model, the triage result (server-computed urgency, aged at query time) and the AI
 * column in words; plus the worklist's sort and filters as the server's query. Pure.
 */
import type { WorklistFilters } from '../../domain/study/filter';
import type { SortColumn, SortState } from '../../domain/study/sort';
import { ageFromDates, normalizeDate, normalizeTime, foldForSearch } from '../../domain/study/worklist-study';
import type { Study } from '../../domain/study/study';
import type { TriageResult, UrgencyLevel } from '../../domain/triage/types';
import type { IndexQuery, IndexSortColumn } from './index-client';
import type { IndexRow } from '../../domain/study/index-row';
import { NOT_FLAGGED, NOT_FLAGGED_TITLE } from '../../domain/ai/result/cell-words';

const LEVELS: readonly UrgencyLevel[] = ['critical', 'urgent', 'routine', 'low'];

export function studyFromIndexRow(row: IndexRow): Study {
  const studyDate = normalizeDate(row.studyDate ?? '');
  const age = ageFromDates(row.patientBirthDate ?? '', studyDate);
  const description = row.description ?? '';
  const accession = row.accession ?? '';
  return {
    studyInstanceUid: row.studyUid,
    patientName: row.patientName,
    patientID: row.patientId,
    patientSex: (row.patientSex ?? '').toUpperCase(),
    patientAge: age?.text ?? '',
    patientAgeDays: age?.days,
    modalities: (row.modality ?? '')
      .split('\\')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean),
    bodyPart: (row.bodyPart ?? '').toUpperCase(),
    description,
    studyDate,
    studyTime: normalizeTime(row.studyTime ?? ''),
    accession,
    seriesCount: row.seriesCount ?? undefined,
    instanceCount: row.instanceCount ?? undefined,
    priority: (row.priority ?? '').toUpperCase(),
    searchText: foldForSearch([row.patientName, row.patientId, accession, description].join('\n')),
  };
}

export function triageFromIndexRow(row: IndexRow): TriageResult {
  const level = (LEVELS as readonly string[]).includes(row.urgency.level) ? (row.urgency.level as UrgencyLevel) : 'routine';
  return {
    studyInstanceUid: row.studyUid,
    arrivedAt: Date.parse(row.waitingSince),
    level,
    score: row.urgency.score,
    overdue: row.urgency.overdue,
    waitMinutes: row.urgency.waitMinutes,
    reasons: row.urgency.reasons,
  };
}

/** The AI column in words: positives, or why there is no result. */
export function aiSummaryText(row: Pick<IndexRow, 'aiStatus' | 'aiSummary'>): string {
  const summary = row.aiSummary;
  switch (row.aiStatus) {
    case 'pending':
      return 'pending';
    case 'failed':
      return 'AI failed';
    case 'no-model':
      return 'no model';
    case 'not-applicable':
      return 'not applicable';
    case 'done':
      if (!summary) return 'done';
      return summary.positives.length > 0 ? summary.positives.join(', ') : NOT_FLAGGED;
  }
}

/** Tooltip: each finding with its operating point, or the reason. */
export function aiSummaryTitle(row: Pick<IndexRow, 'aiStatus' | 'aiSummary'>): string {
  const summary = row.aiSummary;
  if (!summary) return aiSummaryText(row);
  if (summary.status !== 'done') return [aiSummaryText(row), summary.detail].filter(Boolean).join(': ');
  const lines = summary.findings.map((f) => `${f.label} ${f.probability.toFixed(2)} ${f.positive ? '≥' : '<'} ${f.threshold.toFixed(2)}`);
  return summary.positives.length > 0 ? lines.join('\n') : [NOT_FLAGGED_TITLE, ...lines].join('\n');
}

export interface IndexAiView {
  status: IndexRow['aiStatus'];
  text: string;
  title: string;
}

export interface IndexRowsView {
  studies: Study[];
  results: Map<string, TriageResult>;
  /** 0 = first in the server's order. */
  ranks: Map<string, number>;
  ai: Map<string, IndexAiView>;
}

export function viewOfIndexRows(rows: readonly IndexRow[]): IndexRowsView {
  const view: IndexRowsView = { studies: [], results: new Map(), ranks: new Map(), ai: new Map() };
  rows.forEach((row, i) => {
    view.studies.push(studyFromIndexRow(row));
    view.results.set(row.studyUid, triageFromIndexRow(row));
    view.ranks.set(row.studyUid, i);
    view.ai.set(row.studyUid, { status: row.aiStatus, text: aiSummaryText(row), title: aiSummaryTitle(row) });
  });
  return view;
}

/** The worklist's columns → the server's sort keys; null = the index cannot sort by it. */
export const INDEX_SORT: Record<SortColumn, IndexSortColumn | null> = {
  urgency: 'urgency',
  patientName: 'patientName',
  patientID: 'patientId',
  sexAge: 'patientSex',
  modality: 'modality',
  bodyPart: 'bodyPart',
  description: 'description',
  studyDateTime: 'studyDateTime',
  accession: 'accession',
  counts: null,
  priority: 'priority',
  aiStatus: 'aiStatus',
  readingStatus: 'readingState',
};

/**
 * Sort and filters as the index's query. Flagged only = critical or urgent (the worklist's meaning;
 * the index's own `flagged` is "has a positive finding"). The date range is not an index filter:
 * the store applies it to the loaded rows.
 */
export function indexQueryOf(sort: SortState, filters: WorklistFilters, flaggedOnly: boolean): IndexQuery {
  const column = INDEX_SORT[sort.column] ?? 'urgency';
  return {
    sort: column,
    dir: INDEX_SORT[sort.column] ? sort.direction : 'asc',
    ...(filters.text.trim() ? { q: filters.text.trim() } : {}),
    ...(filters.modality ? { modality: [filters.modality.toUpperCase()] } : {}),
    ...(flaggedOnly ? { level: ['critical', 'urgent'] } : {}),
  };
}
