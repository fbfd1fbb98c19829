import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Elements = Record<string, { Value: unknown[] }>;

const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: { DicomMessage: { readFile(buffer: ArrayBuffer): { dict: Elements; meta: Record<string, { Value: unknown[] } | undefined>; write(): ArrayBuffer } } };
};

/**
 * A single-instance DICOM file stored again under a new study (series `<study>.1`, instance `<study>.1.1`)
 * and patient, so a spec owns its copy; `edit` may change the data set further (e.g. damage the pixels).
 */
export function copyUnderNewStudy(path: string, studyUid: string, patient: { id: string; name?: string }, edit?: (dict: Elements) => void): Uint8Array {
  const file = readFileSync(path);
  const message = dcmjs.data.DicomMessage.readFile(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
  const sop = `${studyUid}.1.1`;
  message.dict['0020000D'].Value = [studyUid];
  message.dict['0020000E'].Value = [`${studyUid}.1`];
  message.dict['00080018'].Value = [sop];
  message.dict['00100020'].Value = [patient.id];
  if (patient.name) message.dict['00100010'].Value = [patient.name];
  message.meta['00020003']!.Value = [sop];
  // dcmjs refuses to write the file's over-long source AE title back.
  delete message.meta['00020016'];
  edit?.(message.dict);
  return new Uint8Array(message.write());
}
