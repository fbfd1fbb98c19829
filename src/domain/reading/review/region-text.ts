import type { ImageRegion } from '../../dicom/sr';

const number = (text: string) => (text.trim() === '' ? NaN : Number(text));

/** A box "x y width height" or a point "x y", in image pixels; undefined when blank or malformed. */
export function parseRegion(text: string): ImageRegion | undefined {
  const values = text
    .trim()
    .split(/[\s,]+/)
    .map(number);
  if (values.some((v) => !Number.isFinite(v))) return undefined;
  if (values.length === 2) return { kind: 'point', x: values[0], y: values[1] };
  if (values.length === 4 && values[2] > 0 && values[3] > 0) return { kind: 'box', x: values[0], y: values[1], width: values[2], height: values[3] };
  return undefined;
}

export function regionText(region: ImageRegion | undefined): string {
  if (!region) return '';
  return region.kind === 'point' ? `${region.x} ${region.y}` : `${region.x} ${region.y} ${region.width} ${region.height}`;
}
