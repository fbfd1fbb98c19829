import { type KeyboardEvent, useRef, useState } from 'react';
import {
  type AiResultUnderReview,
  type DecisionRecord,
  latestDecisions,
  type ReviewAction,
  type ReviewItem,
  reviewItems,
} from '../../domain/reading/review/decisions';
import type { DrawnRegion } from '../../domain/reading/review/drawn-regions';
import { type FormKind, type FormResult, ReviewForm } from './ReviewForm';

const percent = (p: number) => `${(p * 100).toFixed(1)} %`;
const DECISION_TEXT = { accept: 'accepted', reject: 'rejected', edit: 'edited', add: 'added' } as const;
const KEYS: Record<string, FormKind | 'accept'> = { a: 'accept', r: 'reject', e: 'edit', n: 'add' };

function itemText(item: ReviewItem): string {
  if (item.kind === 'finding')
    return `${item.finding.label} · ${percent(item.finding.probability)} (threshold ${percent(item.finding.threshold)}) · AI ${item.finding.positive ? 'positive' : 'negative'}`;
  if (item.kind === 'qa-flag') return `QA: ${item.flag.detail ?? item.flag.kind}`;
  return `${item.label} · added by the reader`;
}

const itemLabel = (item: ReviewItem) => (item.kind === 'finding' ? item.finding.label : item.kind === 'qa-flag' ? item.flag.kind : item.label);
const itemRegion = (item: ReviewItem) => (item.kind === 'finding' ? item.finding.region : item.kind === 'added' ? item.region : undefined);

/** The action a submitted form makes; an edit without a new label moves the region. */
function formAction(kind: FormKind, item: ReviewItem | null, result: FormResult, newTrackingUid: () => string): ReviewAction | null {
  if (kind === 'reject') return { type: 'reject', ...(result.reason ? { reason: result.reason } : {}) };
  if (kind === 'add') return { type: 'add', label: result.label ?? '', trackingUid: newTrackingUid(), ...(result.region ? { region: result.region } : {}) };
  if (item && result.label && result.label !== itemLabel(item)) return { type: 'edit-label', label: result.label };
  return result.region ? { type: 'edit-region', region: result.region } : null;
}

export interface ReviewPanelProps {
  result: AiResultUnderReview;
  records: readonly DecisionRecord[];
  /** Rectangles drawn on the AI result's image: edits and added findings can take their region from them. */
  drawn: readonly DrawnRegion[];
  onDecide(item: ReviewItem | null, action: ReviewAction): void;
  newTrackingUid(): string;
}

/**
 * Keyboard review of one AI result: ↑/↓ move, A accept, R reject (reason optional), E edit
 * (label or region), N add a finding the AI missed. Focus the list to use the keys.
 */
export function ReviewPanel({ result, records, drawn, onDecide, newTrackingUid }: ReviewPanelProps) {
  const latest = latestDecisions(records);
  const items = reviewItems(result, latest);
  const [index, setIndex] = useState(0);
  const [form, setForm] = useState<FormKind | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const selected = items[Math.min(index, items.length - 1)] ?? null;

  const close = () => {
    setForm(null);
    listRef.current?.focus();
  };
  const start = (kind: FormKind | 'accept') => {
    if (kind === 'accept') return selected && onDecide(selected, { type: 'accept' });
    if (kind !== 'add' && !selected) return;
    if (kind === 'edit' && selected?.kind === 'qa-flag') return;
    setForm(kind);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const move = key === 'ArrowDown' ? 1 : key === 'ArrowUp' ? -1 : 0;
    if (move === 0 && !KEYS[key]) return;
    // The viewer listens on window for the same letters; a focused review list keeps them.
    event.preventDefault();
    event.stopPropagation();
    if (move !== 0) setIndex((i) => Math.max(0, Math.min(items.length - 1, i + move)));
    else start(KEYS[key]);
  };
  const submit = (result_: FormResult) => {
    const action = form && formAction(form, selected, result_, newTrackingUid);
    if (action) onDecide(action.type === 'add' ? null : selected, action);
    close();
  };

  return (
    <section className="review-panel" aria-label="Review AI findings" data-testid="review-panel">
      <h3>Review</h3>
      <p className="review-hint">↑↓ move · A accept · R reject · E edit · N add missed</p>
      <ul
        ref={listRef}
        className="review-items"
        role="listbox"
        aria-label="AI findings to review"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={selected ? `review-${selected.key}` : undefined}
      >
        {items.map((item, i) => {
          const record = latest.get(item.key);
          return (
            <li
              key={item.key}
              id={`review-${item.key}`}
              role="option"
              aria-selected={item === selected}
              className={item === selected ? 'review-item review-item-selected' : 'review-item'}
              data-testid="review-item"
              data-kind={item.kind}
              data-label={itemLabel(item)}
              data-decision={record?.decision.decision ?? 'none'}
              data-pending={record?.pending ?? false}
              onClick={() => setIndex(i)}
            >
              <span className="review-item-text">{itemText(item)}</span>
              <span className="review-item-decision">
                {record ? DECISION_TEXT[record.decision.decision] : 'not reviewed'}
                {record?.decision.decision === 'reject' && record.decision.reason ? ` (${record.decision.reason})` : ''}
                {record?.pending ? ' · waiting for the PACS' : ''}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="review-buttons">
        <button type="button" onClick={() => start('accept')} disabled={!selected}>
          Accept (A)
        </button>
        <button type="button" onClick={() => start('reject')} disabled={!selected}>
          Reject (R)
        </button>
        <button type="button" onClick={() => start('edit')} disabled={!selected || selected.kind === 'qa-flag'}>
          Edit (E)
        </button>
        <button type="button" onClick={() => start('add')}>
          Add missed (N)
        </button>
      </div>
      {form && (
        <ReviewForm
          key={`${form}-${selected?.key}`}
          kind={form}
          label={form === 'add' || !selected ? undefined : itemLabel(selected)}
          region={form === 'edit' && selected ? itemRegion(selected) : undefined}
          drawn={drawn}
          onSubmit={submit}
          onCancel={close}
        />
      )}
    </section>
  );
}
