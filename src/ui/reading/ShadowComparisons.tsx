/** Shadow versions beside the active ones (GET /api/monitoring/shadow): per version, all weeks then each ISO week. */
import {
  type ShadowComparison,
  type ShadowFigures,
  type ShadowLabel,
  ppvOf,
  ratio,
  sensitivityOf,
  type ShadowWeek,
} from '../../domain/reading/monitoring/shadow-report';

const pct = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`);

function LabelRows({ week, labels }: { week: string; labels: readonly ShadowLabel[] }) {
  return labels.map((l) => (
    <tr key={`${week} ${l.label}`} data-testid="shadow-label" data-week={week} data-label={l.label}>
      <td>{week}</td>
      <td>{l.label}</td>
      <td>{l.n}</td>
      <td data-testid="shadow-positive-rate">
        {pct(ratio(l.active.positives, l.n))} / {pct(ratio(l.shadow.positives, l.n))}
      </td>
      <td data-testid="shadow-agreement">
        {l.both} / {l.onlyActive} / {l.onlyShadow}
      </td>
      <td data-testid="shadow-ppv">
        {pct(ppvOf(l.active))} / {pct(ppvOf(l.shadow))}
      </td>
      <td data-testid="shadow-sensitivity">
        {pct(sensitivityOf(l.active))} / {pct(sensitivityOf(l.shadow))}
      </td>
    </tr>
  ));
}

const runText = (f: ShadowFigures) =>
  `${f.analysed} analysed, ${f.paired} with an active result, ${f.notApplicable} not applicable, ` +
  `${f.meanInferMs === null ? 'n/a' : `${f.meanInferMs} ms`} per study (shadow model alone)`;

const W = 240;
const H = 80;
const PAD = 14;

/** Weekly positive rate of one label, active (left bar) beside shadow (right bar). */
function WeeklyBars({ label, weeks }: { label: string; weeks: readonly ShadowWeek[] }) {
  const points = weeks.map((w) => ({ week: w.week, l: w.labels.find((x) => x.label === label) })).filter((p) => p.l);
  const slot = (W - 2 * PAD) / Math.max(1, points.length);
  const bar = (rate: number | null) => (H - 2 * PAD) * (rate ?? 0);
  return (
    <svg width={W} height={H} role="img" aria-label={`Weekly positive rate of ${label}, active beside shadow`}>
      {points.map(({ week, l }, i) => {
        const a = bar(ratio(l!.active.positives, l!.n));
        const s = bar(ratio(l!.shadow.positives, l!.n));
        const x = PAD + i * slot;
        return (
          <g key={week} data-week={week}>
            <rect x={x + 1} y={H - PAD - a} width={slot / 2 - 2} height={a} fill="var(--muted)" />
            <rect x={x + slot / 2} y={H - PAD - s} width={slot / 2 - 2} height={s} fill="var(--accent)" />
          </g>
        );
      })}
      <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="var(--muted)" />
      <text x={PAD} y={10} fontSize="10" fill="var(--muted)">
        {label}: active (grey) | shadow, 0–100 %
      </text>
    </svg>
  );
}

function Comparison({ c }: { c: ShadowComparison }) {
  return (
    <section className="monitoring-model" data-testid="shadow-comparison" data-model={c.modelId} data-version={c.version}>
      <h3>
        {c.modelId} {c.version} in shadow, beside active {c.activeVersions.join(', ') || '(none paired yet)'}
      </h3>
      <p data-testid="shadow-runs">{runText(c)}</p>
      <div className="monitoring-plots">
        {c.labels.map((l) => (
          <WeeklyBars key={l.label} label={l.label} weeks={c.weeks} />
        ))}
      </div>
      <table>
        <thead>
          <tr>
            <th>week</th>
            <th>label</th>
            <th>n</th>
            <th>positive rate active / shadow</th>
            <th>both / only active / only shadow</th>
            <th>PPV active / shadow</th>
            <th>sensitivity active / shadow</th>
          </tr>
        </thead>
        <tbody>
          <LabelRows week="all" labels={c.labels} />
          {c.weeks.map((w) => (
            <LabelRows key={w.week} week={w.week} labels={w.labels} />
          ))}
        </tbody>
      </table>
      <ul>
        {c.weeks.map((w) => (
          <li key={w.week} data-testid="shadow-week" data-week={w.week}>
            {w.week}: {runText(w)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Shadow results never reach the worklist, alerts or SRs: this is the only place they show. */
export function ShadowComparisons({ comparisons }: { comparisons: readonly ShadowComparison[] }) {
  return (
    <section data-testid="shadow-comparisons">
      <h2>Shadow versions beside the active ones</h2>
      <p className="review-hint">
        Same studies, same image. Readers&apos; decisions on the active result are the truth for both: PPV = accepted / (accepted + rejected), sensitivity =
        accepted / (accepted + reader-added).
      </p>
      {comparisons.length === 0 && <p>No shadow version has run yet (an admin starts one under Models: “Run in shadow”).</p>}
      {comparisons.map((c) => (
        <Comparison key={`${c.modelId}@${c.version}`} c={c} />
      ))}
    </section>
  );
}
