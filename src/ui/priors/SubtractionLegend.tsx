import { NO_DATA_RGB } from '../../domain/priors/subtraction-display';

/** What the grey levels of the subtraction mean (display range ±`range` in the current image's grey units). */
export function SubtractionLegend({ range }: { range: number }) {
  return (
    <span
      className="subtraction-legend"
      data-testid="subtraction-legend"
      title="Current minus aligned prior. White: denser now (e.g. a new opacity); black: less dense now (e.g. a cleared opacity); mid-grey: unchanged. Rib and edge lines are residual misalignment, not findings."
    >
      <span className="subtraction-ramp" aria-hidden="true" />
      black less dense now · grey unchanged · white denser now (±{range.toFixed(1)})
      <span className="subtraction-swatch" style={{ background: `rgb(${NO_DATA_RGB.join(',')})` }} aria-hidden="true" /> no prior data
    </span>
  );
}
