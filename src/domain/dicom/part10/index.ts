export type { NaturalDataset } from './natural';
export { readPart10, UnreadSyntaxError, type Part10 } from './read';
export { writePart10 } from './write';
export { formatDecimalString } from './vr';
