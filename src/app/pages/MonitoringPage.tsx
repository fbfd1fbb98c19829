import { useEffect } from 'react';
import { pacsClient } from '../../services/pacs/default-client';
import type { Rate } from '../../domain/reading/monitoring/metrics';
import { useMonitoring } from '../../services/reading/monitoring/store';
import { sourceText, type ModelView } from '../../services/reading/monitoring/view';
import { DriftPlot, HistogramPlot, RateBar } from '../../ui/reading/plots';
import { ShadowComparisons } from '../../ui/reading/ShadowComparisons';
import '../../ui/reading/reporting.css';

const pct = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`);
const rateText = (rate: Rate) => `${rate.count} / ${rate.of} (${pct(rate.of === 0 ? null : rate.count / rate.of)})`;

function Figure({ name, value, testId }: { name: string; value: string; testId: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
}

/** Per label with findings: histogram and daily means as the source computed them (labels only readers added have none). */
function LabelPlots({ metrics }: { metrics: ModelView }) {
  return (
    <div className="monitoring-plots">
      {metrics.labels
        .filter((label) => label.n > 0)
        .map(({ label, n, histogram, days }) => (
          <figure key={label} className="monitoring-plot" data-label={label}>
            <figcaption>
              {label} (n {n})
            </figcaption>
            <HistogramPlot label={label} bins={histogram} />
            <DriftPlot label={label} days={days} />
            <table>
              <thead>
                <tr>
                  <th>day</th>
                  <th>n</th>
                  <th>mean</th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    <td>{d.n}</td>
                    <td>{d.mean.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
        ))}
    </div>
  );
}

function ModelSection({ metrics }: { metrics: ModelView }) {
  return (
    <section className="monitoring-model" data-testid="monitoring-model" data-model={metrics.model}>
      <h2>{metrics.model}</h2>
      <dl className="monitoring-figures">
        <Figure name="AI results" value={String(metrics.aiResults)} testId="m-ai-results" />
        <Figure name="Assessed by a reader" value={String(metrics.assessedResults)} testId="m-assessed" />
        <dt>PPV (accepted / assessed positives)</dt>
        <dd data-testid="m-ppv">
          <RateBar name="PPV" value={metrics.ppv} /> {metrics.acceptedPositives} / {metrics.assessedPositives} = {pct(metrics.ppv)}
        </dd>
        <dt>Sensitivity (accepted / accepted + reader-added)</dt>
        <dd data-testid="m-sensitivity">
          <RateBar name="Sensitivity" value={metrics.sensitivity} /> {metrics.acceptedPositives} / {metrics.acceptedPositives + metrics.falseNegatives} ={' '}
          {pct(metrics.sensitivity)}
        </dd>
        <Figure name="False positives (rejected)" value={String(metrics.falsePositives)} testId="m-fp" />
        <Figure name="False negatives (reader-added)" value={String(metrics.falseNegatives)} testId="m-fn" />
        <Figure name="Out of distribution" value={rateText(metrics.ood)} testId="m-ood" />
        <Figure name="With QA flags" value={rateText(metrics.qaFlagged)} testId="m-qa" />
      </dl>
      <LabelPlots metrics={metrics} />
    </section>
  );
}

/** AI monitoring from the SRs in the PACS (computed by the server, else in this browser): agreement with readers and drift, per model version. */
export function MonitoringPage() {
  const { phase, progress, view, shadow, error } = useMonitoring();
  useEffect(() => void useMonitoring.getState().load(pacsClient), []);
  return (
    <div className="monitoring" data-testid="monitoring" data-phase={phase}>
      <h1>AI monitoring</h1>
      <p className="review-hint">From the AI result, assessment and report SRs in the PACS. Research decision support, not a medical device.</p>
      <button type="button" onClick={() => void useMonitoring.getState().load(pacsClient)} disabled={phase === 'loading'}>
        Refresh
      </button>
      {phase === 'loading' && <p>{progress.total > 0 ? `Reading SRs… ${progress.done} of ${progress.total} studies` : 'Loading…'}</p>}
      {phase === 'error' && <p role="alert">Cannot compute the figures: {error}</p>}
      {view && (
        <>
          <p className="review-hint" data-testid="monitoring-source" data-where={view.source.where}>
            {sourceText(view.source)}
          </p>
          {view.models.length === 0 && <p>No AI result SRs in the PACS yet.</p>}
          {view.models.map((m) => (
            <ModelSection key={m.model} metrics={m} />
          ))}
          {shadow && <ShadowComparisons comparisons={shadow.comparisons} />}
          <p data-testid="monitoring-notes">
            {view.reports} signed or draft report(s). {view.orphanAssessments} assessment(s) whose AI result SR is missing.{' '}
            {view.unknown.size === 0
              ? 'No unreadable SRs.'
              : `${[...view.unknown.values()].reduce((s, n) => s + n, 0)} SR(s) in other or old formats, not counted:`}
          </p>
          {view.unknown.size > 0 && (
            <ul data-testid="monitoring-unknown">
              {[...view.unknown].map(([reason, n]) => (
                <li key={reason}>
                  {n} × {reason}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
