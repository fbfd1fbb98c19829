import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';
import type { GrayPlane, PlaneMask } from '../../../../src/domain/priors/registration/plane';

/** Shared real radiographs: ../shared/data next to the repository, or DOKUEI_DATA. Never copied into the repo. */
export const DATA_DIR = resolve(process.env.DOKUEI_DATA ?? fileURLToPath(new URL('../../../../../shared/data', import.meta.url)));

function readPng(relativePath: string): { width: number; height: number; data: ArrayLike<number>; channels: number } {
  const path = join(DATA_DIR, relativePath);
  if (!existsSync(path)) {
    throw new Error(`test image ${path} is missing: put the shared data set at ../shared/data or set DOKUEI_DATA`);
  }
  return decode(readFileSync(path));
}

/** An 8-bit gray PNG (first channel) as a float plane. */
export function loadPlane(relativePath: string): GrayPlane {
  const png = readPng(relativePath);
  const data = new Float32Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i * png.channels];
  return { width: png.width, height: png.height, data };
}

/** A V7 lung mask (255 = lung, 127 = ignore, 0 = background): lung pixels only. */
export function loadLungMask(relativePath: string): PlaneMask {
  const png = readPng(relativePath);
  const data = new Uint8Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i * png.channels] === 255 ? 1 : 0;
  return { width: png.width, height: png.height, data };
}
