import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { AI_HISTORY_LOADING } from '../priors/TimelineFormat';
import './ai-history-tip.css';

// A chunk of its own, asked for when the pointer first rests: it brings the AI engine and its DICOM SR
// reader (dcmjs, ~0.7 MB of script), which the worklist's first rows would otherwise wait for.
const loadSparkline = () => import('../priors/AiSparkline');
const AiSparkline = lazy(() => loadSparkline().then((module) => ({ default: module.AiSparkline })));
const SPARKLINE_LOADING = <p className="timeline-muted">{AI_HISTORY_LOADING}</p>;

/** How long the pointer rests on the cell before the tooltip loads: passing over rows while scrolling asks nothing. */
const REST_MS = 400;

/**
 * The AI cell's tooltip: the findings text and a sparkline of the study's AI history over the patient's exams.
 * Nothing is fetched until the pointer rests; the exams come from the study cache, so a second hover is free.
 */
export function AiHistoryTip({ studyInstanceUid, summary, children }: { studyInstanceUid: string; summary?: string; children: ReactNode }) {
  const [anchor, setAnchor] = useState<DOMRect | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const rest = (element: HTMLElement) => {
    window.clearTimeout(timer.current);
    void loadSparkline();
    timer.current = window.setTimeout(() => setAnchor(element.getBoundingClientRect()), REST_MS);
  };
  const leave = () => {
    window.clearTimeout(timer.current);
    setAnchor(null);
  };
  return (
    <span className="ai-history-anchor" data-testid="ai-history-anchor" onPointerEnter={(e) => rest(e.currentTarget)} onPointerLeave={leave}>
      {children}
      {anchor &&
        createPortal(
          <div className="ai-history-tip" role="tooltip" data-testid="ai-history-tip" style={{ left: Math.max(4, anchor.right - 340), top: anchor.bottom + 4 }}>
            {summary && <p>{summary}</p>}
            <Suspense fallback={SPARKLINE_LOADING}>
              <AiSparkline studyInstanceUid={studyInstanceUid} />
            </Suspense>
          </div>,
          document.body,
        )}
    </span>
  );
}
