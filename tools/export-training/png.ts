/** A decoded frame as a PNG of the pixels only: 8-bit when they fit, else 16-bit; MONOCHROME1 inverted. */
import { encode } from 'fast-png';
import type { GrayImage } from '../../src/domain/ai/image';

export function pngOf(image: GrayImage): { bytes: Uint8Array; depth: 8 | 16 } {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (const v of image.data) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  const eightBit = integral && min >= 0 && max <= 255;
  const depth = eightBit ? 8 : 16;
  // 8-bit values stay as stored; wider ones start at 0 and are scaled only if they span more than 16 bits.
  const [low, high] = eightBit ? [0, 255] : [min, max];
  const scale = !eightBit && (!integral || high - low > 65535) ? 65535 / (high - low || 1) : 1;
  const data = eightBit ? new Uint8Array(image.data.length) : new Uint16Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = image.data[i];
    data[i] = Math.round((image.invert ? high - v : v - low) * scale);
  }
  return { bytes: encode({ width: image.width, height: image.height, data, depth, channels: 1 }), depth };
}
