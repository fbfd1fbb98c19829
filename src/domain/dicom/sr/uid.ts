/** A new DICOM UID in the 2.25 form (PS3.5 B.2): the decimal value of a random UUID. */
export function newUid(): string {
  const hex = crypto.randomUUID().replace(/-/g, '');
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

/** Where builders take fresh UIDs from; tests inject a deterministic one. */
export type UidSource = () => string;
