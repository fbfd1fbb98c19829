import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useInference } from '../../services/inference/store';
import { SYNC_KINDS, type SyncKind } from '../../domain/viewer/sync-rules';
import { formatDicomDate } from '../../domain/viewer/overlay';
import { aiSummaryText } from '../../domain/priors/prior-query';
import { usePriors } from '../../services/priors/priors-store';
import { PriorTimeline } from './PriorTimeline';

const SYNC_LABELS: Record<SyncKind, string> = { zoomPan: 'Zoom/pan', voi: 'W/L', scroll: 'Scroll' };

function SyncToggles() {
  const sync = usePriors((s) => s.sync);
  return (
    <div className="priors-sync" role="group" aria-label="Synchronize prior">
      Sync
      {SYNC_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className={sync[kind] ? 'viewer-tool viewer-tool-active' : 'viewer-tool'}
          aria-pressed={sync[kind]}
          data-sync={kind}
          onClick={() => usePriors.getState().toggleSync(kind)}
        >
          {SYNC_LABELS[kind]}
        </button>
      ))}
    </div>
  );
}

/** The open study's priors, newest comparable first: click one to compare; the timeline folds out below. */
export function PriorsStrip({ studyInstanceUid }: { studyInstanceUid: string }) {
  const { status, error, current, lookup, compareOpen, selectedPriorUid } = usePriors(
    useShallow((s) => ({
      status: s.status,
      error: s.error,
      current: s.current,
      lookup: s.lookup,
      compareOpen: s.compareOpen,
      selectedPriorUid: s.selectedPriorUid,
    })),
  );
  const priors = useMemo(() => lookup?.priors ?? [], [lookup]);
  const aiSummaries = useInference(useShallow((s) => priors.map((p) => aiSummaryText(s.studies[p.study.studyInstanceUid]))));
  const [timelineOpen, setTimelineOpen] = useState(false);
  const timelineStudies = useMemo(
    () => (current ? [current, ...priors.map((p, i) => ({ ...p.study, aiSummary: aiSummaries[i] }))] : []),
    [current, priors, aiSummaries],
  );

  return (
    <section className="priors-strip" data-testid="priors-strip" data-status={status} aria-label="Prior studies">
      <div className="priors-row">
        <span className="viewer-panel-heading">Priors</span>
        {status === 'loading' && <span className="viewer-muted">Looking up priors…</span>}
        {status === 'error' && (
          <span className="priors-error" role="alert" data-testid="priors-error">
            Prior lookup failed: {error}
          </span>
        )}
        {status === 'ready' && priors.length === 0 && (
          <span className="viewer-muted" data-testid="priors-empty">
            {current?.patientID ? 'No prior studies for this patient' : 'No patient ID: priors cannot be looked up'}
          </span>
        )}
        <ol className="priors-list">
          {priors.map((prior, i) => {
            const uid = prior.study.studyInstanceUid;
            const shown = compareOpen && uid === selectedPriorUid;
            return (
              <li key={uid}>
                <button
                  type="button"
                  className={shown ? 'priors-entry priors-entry-shown' : 'priors-entry'}
                  data-testid="prior-entry"
                  data-study-uid={uid}
                  data-comparable={prior.comparable}
                  aria-pressed={shown}
                  onClick={() => usePriors.getState().showPrior(uid)}
                >
                  <span className="priors-date">{prior.study.studyDate ? formatDicomDate(prior.study.studyDate) : 'undated'}</span>{' '}
                  <span className="priors-interval" data-testid="prior-interval">
                    {prior.intervalText}
                  </span>{' '}
                  <span>{prior.study.modalities.filter((m) => m !== 'SR').join('/')}</span> <span className="viewer-muted">{prior.study.description}</span>
                  {aiSummaries[i] && (
                    <>
                      {' '}
                      <span className="priors-ai" data-testid="prior-ai-summary">
                        {aiSummaries[i]}
                      </span>
                    </>
                  )}
                </button>
              </li>
            );
          })}
        </ol>
        {current && priors.length > 0 && (
          <button
            type="button"
            className="viewer-tool"
            aria-expanded={timelineOpen}
            aria-controls="priors-timeline"
            onClick={() => setTimelineOpen(!timelineOpen)}
          >
            Timeline {timelineOpen ? '▾' : '▸'}
          </button>
        )}
        {compareOpen && <SyncToggles />}
      </div>
      {timelineOpen && current && priors.length > 0 && (
        <div id="priors-timeline" className="priors-timeline">
          <PriorTimeline currentStudyUID={studyInstanceUid} studies={timelineStudies} />
        </div>
      )}
    </section>
  );
}
