/** Small hand-drawn SVG plots for the monitoring page; the numbers are always printed beside. */
import type { Bin, DayStat } from '../../domain/reading/monitoring/metrics';

const W = 240;
const H = 100;
const PAD = 18;

/** Probability histogram: bins over [0, 1], bar height ∝ count. */
export function HistogramPlot({ label, bins }: { label: string; bins: readonly Bin[] }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const bw = (W - 2 * PAD) / bins.length;
  return (
    <svg width={W} height={H} role="img" aria-label={`Probability histogram of ${label}`}>
      {bins.map((b, i) => {
        const h = ((H - 2 * PAD) * b.count) / max;
        return <rect key={i} x={PAD + i * bw + 1} y={H - PAD - h} width={bw - 2} height={h} fill="var(--accent)" data-count={b.count} />;
      })}
      <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="var(--muted)" />
      <text x={PAD} y={H - 4} fontSize="10" fill="var(--muted)">
        0
      </text>
      <text x={W - PAD - 6} y={H - 4} fontSize="10" fill="var(--muted)">
        1
      </text>
      <text x={PAD} y={12} fontSize="10" fill="var(--muted)">
        max {max}
      </text>
    </svg>
  );
}

/** Mean probability per day: a line that moves over days is drift. */
export function DriftPlot({ label, days }: { label: string; days: readonly DayStat[] }) {
  const x = (i: number) => PAD + (days.length < 2 ? (W - 2 * PAD) / 2 : ((W - 2 * PAD) * i) / (days.length - 1));
  const y = (mean: number) => H - PAD - (H - 2 * PAD) * mean;
  return (
    <svg width={W} height={H} role="img" aria-label={`Daily mean probability of ${label}`}>
      <line x1={PAD} y1={y(0)} x2={W - PAD} y2={y(0)} stroke="var(--muted)" />
      <line x1={PAD} y1={y(1)} x2={W - PAD} y2={y(1)} stroke="var(--line)" />
      <polyline points={days.map((d, i) => `${x(i)},${y(d.mean)}`).join(' ')} fill="none" stroke="var(--urgent)" />
      {days.map((d, i) => (
        <circle key={d.day} cx={x(i)} cy={y(d.mean)} r={3} fill="var(--urgent)" />
      ))}
      <text x={2} y={y(1) + 4} fontSize="10" fill="var(--muted)">
        1
      </text>
      <text x={2} y={y(0) + 4} fontSize="10" fill="var(--muted)">
        0
      </text>
    </svg>
  );
}

/** A rate as a bar over [0, 1]; empty when there is nothing to divide. */
export function RateBar({ name, value }: { name: string; value: number | null }) {
  return (
    <svg width={120} height={10} role="img" aria-label={`${name} ${value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`}`}>
      <rect x={0} y={0} width={120} height={10} fill="var(--bg)" stroke="var(--line)" />
      {value !== null && <rect x={0} y={0} width={120 * value} height={10} fill="var(--ok)" />}
    </svg>
  );
}
