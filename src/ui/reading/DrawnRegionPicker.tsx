import type { Box, DrawnRegion } from '../../domain/reading/review/drawn-regions';
import { regionText } from '../../domain/reading/review/region-text';

/** Takes the region from a rectangle drawn on the image: the latest with one click, or any from the list. */
export function DrawnRegionPicker({ drawn, onPick }: { drawn: readonly DrawnRegion[]; onPick(region: Box): void }) {
  if (drawn.length === 0) return <span className="review-hint">Or draw it: Rectangle ROI (R in the viewer) on this image.</span>;
  const latest = drawn[drawn.length - 1];
  return (
    <span className="review-drawn">
      <button type="button" onClick={() => onPick(latest.region)}>
        Use drawn region
      </button>
      {drawn.length > 1 && (
        <select aria-label="Drawn regions" value="" onChange={(e) => onPick(drawn[Number(e.target.value)].region)}>
          <option value="" disabled>
            or pick one of {drawn.length}…
          </option>
          {drawn.map((d, i) => (
            <option key={d.id} value={i}>
              #{i + 1}: {regionText(d.region)}
            </option>
          ))}
        </select>
      )}
    </span>
  );
}
