import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { pacsClient } from '../../services/pacs/default-client';
import { studyCacheOf } from '../../services/pacs/study-cache';
import { useInference } from '../../services/inference/store';
import { useViewerStore } from '../../services/viewer/viewer-store';
import { confirmedFindings, draftReport } from '../../domain/reading/report/draft';
import { latestDecisions } from '../../domain/reading/review/decisions';
import { useReview } from '../../services/reading/review/default-store';
import { newUid } from '../../domain/dicom/sr';
import { ReadMarkStatus } from './ReadMarkStatus';
import { ReportEditor } from './ReportEditor';
import { ReportText } from './ReportText';
import { ReviewPanel } from './ReviewPanel';
import { SyncStatus } from './SyncStatus';
import { useDrawnRegions } from './use-drawn-regions';
import './reporting.css';

/** Who runs the report signature: the site on the verifying observer. */
const ORGANIZATION = 'Dokuei';

/**
 * Reading of one study beside the viewer: review of the newest AI result SR in the study and
 * the report; signing it marks the study read.
 */
export function StudyReading({ studyInstanceUid }: { studyInstanceUid: string }) {
  const state = useReview(
    useShallow((s) => ({
      phase: s.phase,
      error: s.error,
      aiResult: s.aiResult,
      records: s.records,
      report: s.report,
      comparison: s.comparison,
      unknownSrs: s.unknownSrs,
    })),
  );
  const measurementNotes = useViewerStore(useShallow((s) => s.measurements.map((m) => m.text)));
  // A result the models just stored is an SR in the PACS now: read the study again.
  const aiDone = useInference((s) => s.studies[studyInstanceUid]?.phase === 'done');
  const drawn = useDrawnRegions(state.aiResult?.source.sopInstanceUid);

  useEffect(() => {
    void useReview.load(pacsClient, studyInstanceUid);
  }, [studyInstanceUid, aiDone]);
  // An SR stored elsewhere (the server's AI worker, another reader) shows without a reload: the
  // change feed drops the study from the cache (src/services/pacs/study-changes.ts), then we read again.
  useEffect(
    () =>
      studyCacheOf(pacsClient).subscribe(studyInstanceUid, (event) => {
        if (event.type === 'invalidated' && event.reason === 'changed') void useReview.load(pacsClient, studyInstanceUid);
      }),
    [studyInstanceUid],
  );

  const { aiResult, records, report } = state;
  const draft = draftReport(confirmedFindings(aiResult, latestDecisions(records)), [], state.comparison ?? undefined);
  return (
    <aside className="study-reading" aria-label="Reading" data-testid="study-reading" data-phase={state.phase}>
      <h2>Reading</h2>
      {state.phase === 'loading' && <p>Reading the study's SRs…</p>}
      {state.phase === 'error' && <p role="alert">Cannot read the study's SRs: {state.error}</p>}
      {state.phase === 'ready' && !aiResult && <p data-testid="review-no-ai">No AI result SR in this study yet.</p>}
      {state.unknownSrs > 0 && <p className="review-hint">{state.unknownSrs} SR(s) in this study are not Dokuei's and were skipped.</p>}
      <SyncStatus studyInstanceUid={studyInstanceUid} />
      {aiResult && (
        <ReviewPanel
          key={aiResult.sr.sopInstanceUid}
          result={aiResult}
          records={records}
          drawn={drawn}
          newTrackingUid={newUid}
          onDecide={(item, action) => void useReview.decide(item, action)}
        />
      )}
      {report ? (
        <>
          <ReportText content={report.content} pending={report.pending} />
          <ReadMarkStatus />
        </>
      ) : (
        aiResult && (
          <ReportEditor
            key={`${studyInstanceUid}-${aiResult.sr.sopInstanceUid}`}
            draft={draft}
            measurementNotes={measurementNotes}
            onSign={(r) => void useReview.signReport(r, ORGANIZATION)}
          />
        )
      )}
    </aside>
  );
}
