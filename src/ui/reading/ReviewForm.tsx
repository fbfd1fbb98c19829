import { useState } from 'react';
import type { DrawnRegion } from '../../domain/reading/review/drawn-regions';
import { parseRegion, regionText } from '../../domain/reading/review/region-text';
import type { ImageRegion } from '../../domain/dicom/sr';
import { DrawnRegionPicker } from './DrawnRegionPicker';

/** The inline form of a reader action: reason (reject), label and/or region (edit, add). */
export type FormKind = 'reject' | 'edit' | 'add';

export interface FormResult {
  reason?: string;
  label?: string;
  region?: ImageRegion;
}

const TITLES: Record<FormKind, string> = { reject: 'Reject: reason (optional)', edit: 'Edit finding', add: 'Add a finding the AI missed' };

export interface ReviewFormProps {
  kind: FormKind;
  label?: string;
  region?: ImageRegion;
  /** Rectangles drawn on the image under review, latest last: the region can be taken from one. */
  drawn: readonly DrawnRegion[];
  onSubmit(result: FormResult): void;
  onCancel(): void;
}

/** Enter submits, Escape cancels; keys typed here never reach the panel's or viewer's shortcuts. */
export function ReviewForm({ kind, label, region, drawn, onSubmit, onCancel }: ReviewFormProps) {
  const [reason, setReason] = useState('');
  const [labelText, setLabelText] = useState(label ?? '');
  const [region_, setRegion] = useState(regionText(region));
  const regionValue = parseRegion(region_);
  const regionInvalid = region_.trim() !== '' && !regionValue;
  const labelMissing = kind === 'add' && labelText.trim() === '';
  const submit = () => {
    if (regionInvalid || labelMissing) return;
    if (kind === 'reject') onSubmit(reason.trim() ? { reason: reason.trim() } : {});
    else onSubmit({ label: labelText.trim(), ...(regionValue ? { region: regionValue } : {}) });
  };
  return (
    <form
      className="review-form"
      aria-label={TITLES[kind]}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') onCancel();
      }}
    >
      <strong>{TITLES[kind]}</strong>
      {kind === 'reject' ? (
        <input aria-label="Rejection reason" autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
      ) : (
        <>
          <input aria-label="Finding label" autoFocus value={labelText} onChange={(e) => setLabelText(e.target.value)} placeholder="e.g. effusion" />
          <input
            aria-label="Region (x y [width height], image pixels)"
            value={region_}
            onChange={(e) => setRegion(e.target.value)}
            placeholder="x y width height"
          />
          {regionInvalid && <span role="alert">Region: two numbers (point) or four (box, positive size).</span>}
          <DrawnRegionPicker drawn={drawn} onPick={(picked) => setRegion(regionText(picked))} />
        </>
      )}
      <span className="review-form-buttons">
        <button type="submit" disabled={regionInvalid || labelMissing}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </span>
    </form>
  );
}
