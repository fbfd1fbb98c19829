/** A single-channel float image; structurally compatible with the AI layer's GrayImage. */
export interface GrayPlane {
  width: number;
  height: number;
  /** Row-major, `width * height` values. */
  data: Float32Array;
}

/** A region of interest in the frame of a GrayPlane of the same size: 1 = inside, 0 = outside. */
export interface PlaneMask {
  width: number;
  height: number;
  data: Uint8Array;
}

export function assertSameSize(a: { width: number; height: number }, b: { width: number; height: number }, what: string): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`${what}: ${a.width}x${a.height} and ${b.width}x${b.height} differ in size`);
  }
}
