import { halveMask, halvePlane } from '../../../../src/domain/priors/registration/pyramid';
import type { GrayPlane, PlaneMask } from '../../../../src/domain/priors/registration/plane';
import type { RigidTransform } from '../../../../src/domain/priors/registration/transform';
import { warp } from '../../../../src/domain/priors/registration/warp';

/** The central part of a plane or mask, `margin` pixels in from every side (centred: transforms are unchanged). */
export function cropCentre<T extends GrayPlane | PlaneMask>(plane: T, margin: number): T {
  const width = plane.width - 2 * margin;
  const height = plane.height - 2 * margin;
  const data = plane.data.slice(0, width * height);
  for (let y = 0; y < height; y++) {
    const from = (y + margin) * plane.width + margin;
    data.set(plane.data.subarray(from, from + width), y * width);
  }
  return { ...plane, width, height, data } as T;
}

export interface KnownPair {
  current: GrayPlane;
  prior: GrayPlane;
  currentMask?: PlaneMask;
}

/**
 * A current/prior pair whose true transform is `truth` (in pixels of the returned images). To avoid testing the
 * registration with its own interpolator, the source is moved at twice the resolution and then box-halved, and
 * both images are cropped by `marginFraction` of their width on each side so that neither shows the empty
 * corners the move leaves.
 */
export function knownPair(source: GrayPlane, truth: RigidTransform, marginFraction: number, sourceMask?: PlaneMask): KnownPair {
  const atSource = { ...truth, tx: 2 * truth.tx, ty: 2 * truth.ty };
  const margin = Math.round((marginFraction * source.width) / 2); // of the halved image
  const current = cropCentre(halvePlane(warp(source, atSource, source)), margin);
  const prior = cropCentre(halvePlane(source), margin);
  if (!sourceMask) return { current, prior };
  const movedMask = warp({ ...sourceMask, data: Float32Array.from(sourceMask.data) }, atSource, sourceMask);
  const binary = { ...sourceMask, data: Uint8Array.from(movedMask.data, (v) => (v >= 0.5 ? 1 : 0)) };
  return { current, prior, currentMask: cropCentre(halveMask(binary), margin) };
}
