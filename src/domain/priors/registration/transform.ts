/**
 * Similarity transform from prior (moving) to current (fixed) pixel coordinates, about the image centres
 * c = ((width − 1) / 2, (height − 1) / 2):  p_current − c_current = scale · R(rotation) · (p_prior − c_prior) + t.
 * Image y points down, so a positive rotation turns the prior clockwise on screen.
 * Centred coordinates make a 2× pyramid step exact: translation halves, rotation and scale stay.
 */
export interface RigidTransform {
  /** Pixels of the current image. */
  tx: number;
  ty: number;
  rotationDeg: number;
  /** 1 for a rigid transform. */
  scale: number;
}

export const IDENTITY: RigidTransform = { tx: 0, ty: 0, rotationDeg: 0, scale: 1 };

/** Affine map x_prior = a·x + b·y + e, y_prior = c·x + d·y + f for current pixel (x, y): the inverse transform. */
export interface InverseMap {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

interface Size {
  width: number;
  height: number;
}

export function inverseMap(t: RigidTransform, current: Size, prior: Size): InverseMap {
  const theta = (t.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(theta) / t.scale;
  const sin = Math.sin(theta) / t.scale;
  // (1/s)·R(−θ) = [[cos, sin], [−sin, cos]] applied to (p − c_current − t), then + c_prior.
  const ox = (current.width - 1) / 2 + t.tx;
  const oy = (current.height - 1) / 2 + t.ty;
  return {
    a: cos,
    b: sin,
    c: -sin,
    d: cos,
    e: (prior.width - 1) / 2 - cos * ox - sin * oy,
    f: (prior.height - 1) / 2 + sin * ox - cos * oy,
  };
}
