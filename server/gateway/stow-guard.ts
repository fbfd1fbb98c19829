/**
 * What a STOW may store: Dokuei's own results (Comprehensive SR of a Dokuei template, SEG) into a
 * study the PACS already holds for the same patient, with the signed-in reader stamped in. Only an
 * admin may import anything else (other SOP classes, new studies). Every part is parsed (src/domain/dicom/part10),
 * checked, stamped and re-encoded; the multipart forwarded to Orthanc is rebuilt from those parts.
 */
import { encodeMultipartRelated, boundaryOf, decodeMultipart } from '../../src/domain/dicom/multipart';
import { stringValue } from '../../src/domain/dicom/sr/content-read';
import { type NaturalDataset, readPart10, toPart10 } from '../../src/domain/dicom/sr/dataset';
import { COMPREHENSIVE_SR } from '../../src/domain/dicom/sr/document';
import type { Principal } from '../principal';
import { classifyDokueiSr, type IdentityResult, stampSegIdentity, stampSrIdentity } from './sr-identity';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
/** The SOP classes Dokuei writes (src/domain/dicom/sr/document.ts, src/domain/dicom/seg). */
export const RESULT_SOP_CLASSES: ReadonlySet<string> = new Set([COMPREHENSIVE_SR, SEGMENTATION_STORAGE]);
export const STOW_LIMIT_BYTES = { reader: 50 * 1024 ** 2, service: 50 * 1024 ** 2, admin: 500 * 1024 ** 2 } as const;
export const MAX_STOW_PARTS = 100;
/** Syntaxes a result is re-encoded from as Explicit VR Little Endian (no encapsulated pixel data; the codec reads both). */
const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

export type StowRefusal = { ok: false; status: 400 | 403 | 415 | 502; error: string; securityAlert: boolean; studyUID?: string };

export interface StowPlan {
  ok: true;
  contentType: string;
  body: Uint8Array;
  /** StudyInstanceUID → PatientID of every part, for the audit trail. */
  studies: Map<string, string>;
  notes: string[];
}

/** Looks up the PatientIDs the PACS files a study under ([] when it has no such study). */
export type StudyLookup = (studyUID: string) => Promise<string[]>;

const refuse = (status: StowRefusal['status'], error: string, securityAlert: boolean, studyUID?: string): StowRefusal =>
  studyUID ? { ok: false, status, error, securityAlert, studyUID } : { ok: false, status, error, securityAlert };

/** The boundary of `multipart/related; type="application/dicom"; boundary=…`, or why the header is refused. */
export function stowBoundary(contentType: string | undefined): string | { error: string } {
  const [mediaType, ...params] = (contentType ?? '').split(';').map((part) => part.trim());
  if (mediaType?.toLowerCase() !== 'multipart/related') return { error: 'STOW needs Content-Type multipart/related; type="application/dicom"' };
  const typeParam = params
    .find((p) => /^type=/i.test(p))
    ?.slice(5)
    .replace(/^"|"$/g, '');
  if (typeParam?.toLowerCase() !== 'application/dicom') return { error: 'STOW parts must be application/dicom' };
  const boundary = boundaryOf(contentType ?? '');
  if (!boundary || !/^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/.test(boundary)) return { error: 'STOW needs a valid multipart boundary' };
  return boundary;
}

interface CheckedPart {
  bytes: Uint8Array;
  studyUID: string;
  patientID: string;
  note: string;
}

/** Parses, classifies and stamps one part; admin imports pass through byte for byte. */
function checkPart(part: Uint8Array, principal: Principal, now: Date): CheckedPart | StowRefusal {
  // A copy of its own (Buffer#slice would share the whole upload's memory).
  const buffer = new Uint8Array(part).buffer;
  let ds: NaturalDataset;
  let syntax: string | undefined;
  try {
    // One parse for both: reading the meta apart parsed the whole file a second time (a fifth of a STOW's CPU).
    ({ dataset: ds, transferSyntaxUid: syntax } = readPart10(buffer));
  } catch {
    return refuse(400, 'a STOW part is not a readable DICOM Part 10 file', false);
  }
  const sopClass = stringValue(ds.SOPClassUID) ?? '';
  const studyUID = stringValue(ds.StudyInstanceUID) ?? '';
  const patientID = stringValue(ds.PatientID) ?? '';
  if (!sopClass || !studyUID || !stringValue(ds.SOPInstanceUID)) return refuse(400, 'a STOW part lacks SOP class, SOP instance or study UID', false);
  const isAdmin = principal.role === 'admin';
  if (!RESULT_SOP_CLASSES.has(sopClass)) {
    if (isAdmin) return { bytes: part, studyUID, patientID, note: `import of ${sopClass} by an admin` };
    return refuse(403, `SOP class ${sopClass} may only be imported by an admin`, true, studyUID);
  }
  if (!syntax || !NATIVE_SYNTAXES.has(syntax)) return refuse(400, `transfer syntax ${syntax ?? '(none)'} is not accepted for results`, false, studyUID);
  let stamped: IdentityResult;
  if (sopClass === SEGMENTATION_STORAGE) stamped = stampSegIdentity(ds, principal);
  else {
    const kind = classifyDokueiSr(ds);
    if (typeof kind !== 'string') {
      if (isAdmin) return { bytes: part, studyUID, patientID, note: `import of a foreign SR by an admin (${kind.reason})` };
      return refuse(403, `SR refused: ${kind.reason}`, true, studyUID);
    }
    stamped = stampSrIdentity(ds, kind, principal, now);
  }
  if (!stamped.ok) return refuse(403, stamped.reason, true, studyUID);
  try {
    return { bytes: new Uint8Array(toPart10(stamped.dataset)), studyUID, patientID, note: stamped.note };
  } catch {
    return refuse(400, 'a STOW part could not be re-encoded', false, studyUID);
  }
}

/** Readers and services add to studies the PACS has, for the same patient; they never create one. */
async function checkStudyExists(part: CheckedPart, lookup: StudyLookup): Promise<StowRefusal | undefined> {
  let patientIds: string[];
  try {
    patientIds = await lookup(part.studyUID);
  } catch {
    return refuse(502, 'PACS unreachable', false, part.studyUID);
  }
  if (patientIds.length === 0) return refuse(403, 'the study is not in the PACS: results can only be added to existing studies', true, part.studyUID);
  if (!patientIds.every((id) => id === part.patientID.trim())) {
    return refuse(403, 'the PatientID differs from the study in the PACS', true, part.studyUID);
  }
  return undefined;
}

/** The multipart to forward to Orthanc, or why the STOW is refused. */
export async function planStow(
  contentType: string | undefined,
  body: Uint8Array,
  principal: Principal,
  lookup: StudyLookup,
  now = new Date(),
): Promise<StowPlan | StowRefusal> {
  const boundary = stowBoundary(contentType);
  if (typeof boundary !== 'string') return refuse(415, boundary.error, false);
  let parts: Uint8Array[];
  try {
    parts = decodeMultipart(body, boundary);
  } catch (error) {
    return refuse(400, `malformed multipart body: ${(error as Error).message}`, false);
  }
  if (parts.length === 0) return refuse(400, 'STOW without any part', false);
  if (parts.length > MAX_STOW_PARTS) return refuse(400, `STOW of more than ${MAX_STOW_PARTS} parts`, false);
  const checked: CheckedPart[] = [];
  for (const part of parts) {
    const result = checkPart(part, principal, now);
    if ('ok' in result) return result;
    checked.push(result);
  }
  if (principal.role !== 'admin') {
    // Asked once per study: a result's SEG and SR name the same one (a second server-side QIDO per STOW otherwise).
    const asked = new Map<string, Promise<string[]>>();
    const lookupOnce: StudyLookup = (studyUID) => asked.get(studyUID) ?? asked.set(studyUID, lookup(studyUID)).get(studyUID)!;
    for (const part of checked) {
      const refusal = await checkStudyExists(part, lookupOnce);
      if (refusal) return refusal;
    }
  }
  const rebuilt = encodeMultipartRelated(
    checked.map((part) => part.bytes),
    'application/dicom',
  );
  return {
    ok: true,
    contentType: rebuilt.contentType,
    body: rebuilt.body,
    studies: new Map(checked.map((part) => [part.studyUID, part.patientID])),
    notes: checked.map((part) => part.note),
  };
}
