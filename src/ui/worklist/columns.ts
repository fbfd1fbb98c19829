/** The worklist's columns as data: label, grid width and the cell text (plain text, never markup). */
import { formatCounts, formatDateTime, formatSexAge } from '../../domain/study/format';
import type { SortColumn } from '../../domain/study/sort';
import type { Study } from '../../domain/study/study';

export interface WorklistColumn {
  id: SortColumn;
  label: string;
  /** CSS grid track size. */
  width: string;
  /** Plain text; urgency, AI and reading cells are live components (see WorklistRow). */
  cell(study: Study): string;
}

export const WORKLIST_COLUMNS: readonly WorklistColumn[] = [
  { id: 'urgency', label: 'Urgency', width: '80px', cell: () => '' },
  { id: 'priority', label: 'Priority', width: '72px', cell: (s) => s.priority },
  { id: 'patientName', label: 'Patient name', width: 'minmax(160px, 1.4fr)', cell: (s) => s.patientName },
  { id: 'patientID', label: 'Patient ID', width: 'minmax(100px, 0.8fr)', cell: (s) => s.patientID },
  { id: 'sexAge', label: 'Sex / age', width: '76px', cell: formatSexAge },
  { id: 'modality', label: 'Mod.', width: '64px', cell: (s) => s.modalities.join(', ') },
  { id: 'bodyPart', label: 'Body part', width: '96px', cell: (s) => s.bodyPart },
  { id: 'description', label: 'Description', width: 'minmax(160px, 1.6fr)', cell: (s) => s.description },
  { id: 'studyDateTime', label: 'Study date', width: '140px', cell: formatDateTime },
  { id: 'accession', label: 'Accession', width: 'minmax(96px, 0.7fr)', cell: (s) => s.accession },
  { id: 'counts', label: 'Ser. / img.', width: '84px', cell: formatCounts },
  { id: 'aiStatus', label: 'AI', width: 'minmax(150px, 0.9fr)', cell: () => '—' },
  { id: 'readingStatus', label: 'Reading', width: '190px', cell: () => 'unread' },
];

export const WORKLIST_GRID_TEMPLATE = WORKLIST_COLUMNS.map((column) => column.width).join(' ');
