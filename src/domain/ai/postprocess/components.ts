import type { SourceMask } from './segmentation';

/** A 4-connected region of a binary mask: its size, column sum (for the centroid) and row extent. */
export interface MaskComponent {
  pixels: number;
  sumX: number;
  top: number;
  bottom: number;
}

/**
 * 4-connected components of a binary mask, in the raster order of their first pixel. Built from row runs joined
 * to the overlapping runs of the row above (union-find): one pass over the pixels, the rest per run. A flood fill
 * visiting every lung pixel of a 1024² film took 9.5 ms per study on the page's main thread (Chromium profile).
 */
export function maskComponents(mask: SourceMask): MaskComponent[] {
  const { width, height, data } = mask;
  const starts: number[] = [];
  const ends: number[] = [];
  const rows: number[] = [];
  const parent: number[] = [];
  const root = (run: number) => {
    while (parent[run] !== run) run = parent[run] = parent[parent[run]];
    return run;
  };
  let above = 0; // first run of the row above
  for (let y = 0; y < height; y++) {
    const rowStart = starts.length;
    let k = above;
    for (let x = 0, i = y * width; x < width;) {
      if (!data[i]) {
        x++;
        i++;
        continue;
      }
      const start = x;
      while (x < width && data[i]) {
        x++;
        i++;
      }
      const run = starts.length;
      starts.push(start);
      ends.push(x);
      rows.push(y);
      parent.push(run);
      // Runs above sharing a column with [start, x): sorted by column, so a cursor over them suffices.
      while (k < rowStart && ends[k] <= start) k++;
      for (let j = k; j < rowStart && starts[j] < x; j++) {
        const [a, b] = [root(run), root(j)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    above = rowStart;
  }
  const byRoot = new Map<number, MaskComponent>();
  for (let run = 0; run < starts.length; run++) {
    const r = root(run);
    let c = byRoot.get(r);
    if (!c) byRoot.set(r, (c = { pixels: 0, sumX: 0, top: rows[run], bottom: rows[run] }));
    const n = ends[run] - starts[run];
    c.pixels += n;
    c.sumX += ((starts[run] + ends[run] - 1) * n) / 2;
    c.top = Math.min(c.top, rows[run]);
    c.bottom = Math.max(c.bottom, rows[run]);
  }
  return [...byRoot.values()];
}
