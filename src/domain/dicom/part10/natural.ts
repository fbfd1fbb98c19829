/**
 * A naturalized dataset (the shape dcmjs introduced and the SR/SEG code is written against): DICOM
 * keywords → values. One value is a scalar, several an array; sequences, person names and bytes are
 * arrays (of datasets, of `{ Alphabetic, Ideographic, Phonetic }`, of ArrayBuffers); DS, IS and binary
 * numbers are numbers; tags the dictionary does not name are keyed by their 8 hex digits.
 */
export type NaturalDataset = { [keyword: string]: unknown };
