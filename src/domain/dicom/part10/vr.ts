/** Value representations (PS3.5 6.2): header form, padding, and which are text, numbers or bytes. */

/** Explicit VR elements with 2 reserved bytes and a 32-bit length (PS3.5 7.1.2); the rest have a 16-bit one. */
export const LONG_LENGTH_VRS: ReadonlySet<string> = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Raw bytes, read and written as ArrayBuffers. */
export const BYTES_VRS: ReadonlySet<string> = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

/** Text VRs holding one value, where a backslash is text (PS3.5 6.4). */
export const SINGLE_TEXT_VRS: ReadonlySet<string> = new Set(['LT', 'ST', 'UT', 'UR']);

/** Text VRs in the dataset's character set; the others are ASCII (PS3.5 6.1.2.3). */
export const CHARSET_VRS: ReadonlySet<string> = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);

/** Binary numbers: size and DataView accessors (little endian). AT is written as group then element. */
export interface NumberCodec {
  size: number;
  get(view: DataView, at: number): number | bigint;
  set(view: DataView, at: number, value: number): void;
}

export const NUMBER_VRS: Readonly<Record<string, NumberCodec>> = {
  US: { size: 2, get: (v, at) => v.getUint16(at, true), set: (v, at, n) => v.setUint16(at, n, true) },
  SS: { size: 2, get: (v, at) => v.getInt16(at, true), set: (v, at, n) => v.setInt16(at, n, true) },
  UL: { size: 4, get: (v, at) => v.getUint32(at, true), set: (v, at, n) => v.setUint32(at, n, true) },
  SL: { size: 4, get: (v, at) => v.getInt32(at, true), set: (v, at, n) => v.setInt32(at, n, true) },
  FL: { size: 4, get: (v, at) => v.getFloat32(at, true), set: (v, at, n) => v.setFloat32(at, n, true) },
  FD: { size: 8, get: (v, at) => v.getFloat64(at, true), set: (v, at, n) => v.setFloat64(at, n, true) },
  SV: { size: 8, get: (v, at) => v.getBigInt64(at, true), set: (v, at, n) => v.setBigInt64(at, BigInt(n), true) },
  UV: { size: 8, get: (v, at) => v.getBigUint64(at, true), set: (v, at, n) => v.setBigUint64(at, BigInt(n), true) },
  AT: {
    size: 4,
    get: (v, at) => ((v.getUint16(at, true) << 16) | v.getUint16(at + 2, true)) >>> 0,
    set: (v, at, n) => {
      v.setUint16(at, n >>> 16, true);
      v.setUint16(at + 2, n & 0xffff, true);
    },
  },
};

/** DS: at most 16 characters (PS3.5 6.2); the most significant digits that fit, never a cut string. */
export function formatDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`DS cannot hold ${value}`);
  for (let digits = 17; digits >= 1; digits--) {
    const rounded = Number(value.toPrecision(digits));
    if (!Number.isFinite(rounded)) continue;
    // JavaScript writes integers below 1e21 in full: the exponent form is the shorter for large ones.
    for (const text of [String(rounded), rounded.toExponential().replace('e+', 'e')]) if (text.length <= 16) return text;
  }
  throw new RangeError(`DS cannot hold ${value}`);
}

/** IS: a whole number in 32 bits, at most 12 characters (PS3.5 6.2). */
export function formatIntegerString(value: number): string {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw new RangeError(`IS cannot hold ${value}`);
  return String(value);
}
