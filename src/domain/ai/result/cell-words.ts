/**
 * The worklist's AI column in words a reader takes in at a glance: "effusion 0.82 ▲ new", "not flagged",
 * "not applicable", "queued". The key word comes first, so a narrow column cuts after it, never inside it.
 * Pure; glyphs limited to what DejaVu Sans has (▲ U+25B2), no emoji.
 */
import type { StudyAiStatus } from './types';

export interface AiCellWords {
  text: string;
  /** Tooltip: every positive finding, or why there is none. */
  title: string;
  tone: 'positive' | 'negative' | 'muted' | 'error';
}

const p2 = (p: number) => p.toFixed(2);

/** Nothing reached its `flag` point: said plainly, and not as "normal" (the flag point misses many findings). */
export const NOT_FLAGGED = 'not flagged';
export const NOT_FLAGGED_TITLE = 'No finding reached its flag point (specificity ≥ 0.9 on validation). Not flagged is not normal: read the film.';

/** `newLabels`: labels positive now and below threshold on the prior (the urgency rules' new-since-prior). */
export function aiCellWords(status: StudyAiStatus | undefined, newLabels: ReadonlySet<string> = new Set()): AiCellWords {
  switch (status?.phase) {
    case undefined:
      return { text: 'not run', title: 'The models have not run on this study yet', tone: 'muted' };
    case 'queued':
      return { text: 'queued', title: 'Waiting for the models', tone: 'muted' };
    case 'running':
      return { text: 'running', title: 'The models are reading this study', tone: 'muted' };
    case 'waiting':
      return { text: 'waiting for PACS', title: `The PACS did not answer; the study stays queued and is tried again: ${status.message}`, tone: 'muted' };
    case 'no-model':
      return { text: 'not applicable', title: `No model for this study: ${status.reason}`, tone: 'muted' };
    case 'failed':
      return { text: 'failed', title: `AI failed: ${status.message}`, tone: 'error' };
    case 'done': {
      const { result } = status;
      if (result.notApplicable) return { text: 'not applicable', title: `AI not applicable: ${result.notApplicable}`, tone: 'muted' };
      const positives = result.findings.filter((f) => f.positive).sort((a, b) => b.probability - a.probability || (a.label < b.label ? -1 : 1));
      if (positives.length === 0) return { text: NOT_FLAGGED, title: NOT_FLAGGED_TITLE, tone: 'negative' };
      // New findings first: a change since the prior is what the reader looks for.
      const ordered = [...positives.filter((f) => newLabels.has(f.label)), ...positives.filter((f) => !newLabels.has(f.label))];
      const [top] = ordered;
      const more = ordered.length > 1 ? ` +${ordered.length - 1}` : '';
      return {
        text: `${top.label} ${p2(top.probability)}${newLabels.has(top.label) ? ' ▲ new' : ''}${more}`,
        title: ordered.map((f) => `${f.label} ${p2(f.probability)} ≥ ${p2(f.threshold)}${newLabels.has(f.label) ? ' (new since prior)' : ''}`).join('\n'),
        tone: 'positive',
      };
    }
  }
}
