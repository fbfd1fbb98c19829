import type { SourceHeatmap } from '../../domain/ai/postprocess/gradcam';

/** Blue → cyan → green → yellow → red: the stops of the heat map and of its legend. */
export const HEAT_STOPS: readonly [number, number, number][] = [
  [0, 0, 255],
  [0, 255, 255],
  [0, 255, 0],
  [255, 255, 0],
  [255, 0, 0],
];

export const HEAT_GRADIENT_CSS = `linear-gradient(to right, ${HEAT_STOPS.map(([r, g, b]) => `rgb(${r},${g},${b})`).join(', ')})`;

export function heatColour(value: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, value)) * (HEAT_STOPS.length - 1);
  const i = Math.min(Math.floor(t), HEAT_STOPS.length - 2);
  const f = t - i;
  const [a, b] = [HEAT_STOPS[i], HEAT_STOPS[i + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + f * (b[c] - a[c]))) as [number, number, number];
}

/** RGBA pixels of a heat map; weak evidence fades out so the anatomy stays readable. */
export function heatmapPixels(map: SourceHeatmap): ImageData {
  const pixels = new ImageData(map.width, map.height);
  for (let i = 0; i < map.data.length; i++) {
    const [r, g, b] = heatColour(map.data[i]);
    pixels.data.set([r, g, b, Math.round(255 * Math.min(1, map.data[i] * 1.5))], i * 4);
  }
  return pixels;
}
