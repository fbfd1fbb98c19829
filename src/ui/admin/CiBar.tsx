/** A value and its 95 % interval on [0, 1] as a small bar: the line is the interval, the dot the value. */
const WIDTH = 100;
const HEIGHT = 10;
const x = (v: number) => Math.min(WIDTH, Math.max(0, v * WIDTH));

export function CiBar({ value, ci }: { value: number; ci: [number, number] | undefined }) {
  return (
    <svg className="ci-bar" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
      <line x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} className="ci-bar-axis" />
      {ci && <rect x={x(ci[0])} width={Math.max(1, x(ci[1]) - x(ci[0]))} y={2} height={HEIGHT - 4} className="ci-bar-interval" />}
      <circle cx={x(value)} cy={HEIGHT / 2} r={2.5} className="ci-bar-value" />
    </svg>
  );
}
