import { useEffect } from 'react';
import { firstImageSettled, useViewerStore } from '../../services/viewer/viewer-store';
import { requestStudy } from '../../services/inference/engine';
import { useInference } from '../../services/inference/store';
import type { StudyAiResult } from '../../domain/ai/result/types';
import { pointCalls } from '../../domain/ai/result/point-calls';
import { regionText } from '../../domain/reading/review/region-text';
import { operatingPoint, percent, pointText, pointTitle } from './format';
import { OverlayControls } from './OverlayControls';
import { useOverlaySettings } from '../../services/inference/overlay-settings';

const ORIGIN_TEXT: Record<StudyAiResult['origin'], string> = {
  computed: 'computed in this browser',
  cache: "from this browser's cache",
  'pacs-sr': 'read from the AI result SR in the PACS',
};

const POINTS_STYLE = { listStyle: 'none', margin: 0, padding: 0 } as const;

const px = (v: number) => v.toFixed(0);
const boxText = (b: { x: number; y: number; width: number; height: number }) => `box at ${px(b.x)}, ${px(b.y)}: ${px(b.width)} × ${px(b.height)} px`;

const SIDE_TEXT = { right: 'Right lung', left: 'Left lung', both: 'Both lungs' } as const;

function Findings({ result, studyInstanceUid }: { result: StudyAiResult; studyInstanceUid: string }) {
  const manifests = useInference((s) => s.manifests) ?? [];
  const { heatmapLabel, setHeatmapLabel } = useOverlaySettings();
  const hasHeatmaps = result.heatmaps !== undefined;
  return (
    <>
      <table className="ai-findings-table">
        <thead>
          <tr>
            <th>Finding</th>
            <th>Probability</th>
            <th>Call</th>
            {hasHeatmaps && <th>Heat map</th>}
          </tr>
        </thead>
        <tbody>
          {result.findings.map((f, i) => {
            const calls = pointCalls(operatingPoint(manifests, f.label), f.probability);
            return (
              <tr
                key={f.trackingUid ?? `${f.label}-${i}`}
                data-finding={f.label}
                data-region={f.region ? regionText(f.region) : undefined}
                data-positive={f.positive}
                data-points-passed={calls
                  .filter((c) => c.passed)
                  .map((c) => c.name)
                  .join(' ')}
              >
                <td>
                  {f.label}
                  {f.region?.kind === 'box' && <div className="ai-threshold">{boxText(f.region)}</div>}
                </td>
                <td>
                  {percent(f.probability)}
                  <ul className="ai-points" style={POINTS_STYLE}>
                    {calls.map((c) => (
                      <li key={c.name} className="ai-threshold" data-point={c.name} data-passed={c.passed} title={pointTitle(c)}>
                        {pointText(c)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td title={`called at ${f.operatingPoint ?? 'the threshold'} ${percent(f.threshold)}`}>{f.positive ? 'flagged' : 'not flagged'}</td>
                {hasHeatmaps && (
                  <td>
                    {result.heatmaps?.[f.label] && (
                      <input
                        type="checkbox"
                        aria-label={`Heat map for ${f.label}`}
                        checked={heatmapLabel === f.label}
                        onChange={(e) => setHeatmapLabel(e.target.checked ? f.label : null)}
                      />
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="ai-threshold">PPV at each label's validation prevalence (the data its points were chosen on); it differs in another population.</p>
      {!hasHeatmaps && (
        <button type="button" onClick={() => requestStudy(studyInstanceUid, true)}>
          Compute heat maps and lung mask
        </button>
      )}
    </>
  );
}

/** Where the pixel size of the areas comes from, as the measurement tools say it. */
const SPACING_TEXT = {
  ImagerPixelSpacing: 'ImagerPixelSpacing, at the detector (not corrected for magnification)',
  PixelSpacing: 'PixelSpacing',
} as const;

function LungAreas({ result }: { result: StudyAiResult }) {
  if (result.lungAreasWithheld) {
    return (
      <p data-testid="ai-lung-areas-withheld">
        Lung areas: not given, {result.lungAreasWithheld}. Areas are given only when the mask is two lungs of plausible size and shape side by side.
      </p>
    );
  }
  if (result.lungAreas.length === 0) {
    return result.lungMask && !result.spacingSource ? (
      <p data-testid="ai-lung-areas-uncalibrated">Lung areas: uncalibrated (the image has no pixel spacing).</p>
    ) : null;
  }
  return (
    <>
      <ul className="ai-lung-areas" aria-label="Lung areas">
        {result.lungAreas.map((area) => (
          <li key={area.side} data-side={area.side} data-area-cm2={area.areaCm2.toFixed(1)}>
            {SIDE_TEXT[area.side]}: {area.areaCm2.toFixed(1)} cm²
          </li>
        ))}
      </ul>
      <p className="ai-threshold">
        Areas as projected on the film, lung behind the heart and below the dome included (as the training masks draw it): the left lung is usually the larger.
      </p>
      {result.spacingSource && <p className="ai-threshold">Pixel size from {SPACING_TEXT[result.spacingSource]}.</p>}
    </>
  );
}

function Result({ result, studyInstanceUid }: { result: StudyAiResult; studyInstanceUid: string }) {
  return (
    <div data-testid="ai-result" data-origin={result.origin}>
      {result.notApplicable ? (
        <p className="ai-not-applicable" data-testid="ai-not-applicable">
          AI not applicable: {result.notApplicable}
        </p>
      ) : (
        <Findings result={result} studyInstanceUid={studyInstanceUid} />
      )}
      {result.qaFlags.length > 0 && (
        <ul className="ai-qa-flags" aria-label="Image QA flags">
          {result.qaFlags.map((flag) => (
            <li key={flag.kind} data-qa-flag={flag.kind}>
              QA: {flag.detail ?? flag.kind}
            </li>
          ))}
        </ul>
      )}
      <LungAreas result={result} />
      <OverlayControls hasLungs={result.lungMask !== undefined} />
      <p className="ai-origin" data-testid="ai-origin" data-sr-uid={result.srInstanceUid} data-seg-uid={result.segInstanceUid}>
        Result {ORIGIN_TEXT[result.origin]}, {new Date(result.computedAt).toLocaleString()}
        {result.origin === 'pacs-sr' &&
          (result.computedInSessionOf ? `, computed in the browser session of ${result.computedInSessionOf}` : ', computed by the AI service')}
        .{result.segInstanceUid && ' Lung mask stored in the PACS as DICOM SEG.'}
      </p>
      {result.segError && <p role="status">Lung mask not stored in the PACS: {result.segError}</p>}
    </div>
  );
}

/** A fixed-width side column: the viewport keeps the rest of the row. */
const PANEL_STYLE = { flex: 'none', width: 300, overflowY: 'auto', padding: '6px 10px', fontSize: 12, borderLeft: '1px solid var(--line)' } as const;

/** The viewer's AI panel for one study: it asks for the study first in the queue. */
export function AiFindingsPanel({ studyInstanceUid }: { studyInstanceUid: string }) {
  const status = useInference((s) => s.studies[studyInstanceUid]);
  // The models' download and compile would compete with the viewer's first image on a small machine.
  const viewerSettled = useViewerStore((s) => firstImageSettled(s, studyInstanceUid));
  useEffect(() => {
    if (viewerSettled) requestStudy(studyInstanceUid);
  }, [studyInstanceUid, viewerSettled]);
  useEffect(() => useOverlaySettings.getState().setHeatmapLabel(null), [studyInstanceUid]);

  return (
    <aside className="ai-findings" data-testid="ai-findings" data-phase={status?.phase ?? 'idle'} aria-label="AI findings" style={PANEL_STYLE}>
      <h2>AI findings</h2>
      <p className="ai-disclaimer">Research decision support, not a medical device.</p>
      {(status === undefined || status.phase === 'queued' || status.phase === 'running') && <p>Analysing…</p>}
      {status?.phase === 'no-model' && <p data-testid="ai-no-model">No applicable model: {status.reason}</p>}
      {status?.phase === 'waiting' && <p role="status">Waiting for the PACS: the study stays queued and is tried again.</p>}
      {status?.phase === 'failed' && <p role="status">AI failed: {status.message}</p>}
      {status?.phase === 'done' && <Result result={status.result} studyInstanceUid={studyInstanceUid} />}
    </aside>
  );
}
