/** Reading the parts every Dokuei SR shares: header, verification, evidence, Image Library. */
import { CODES } from './codes';
import type { ContentItem } from './content-items';
import { childrenOf, childWith, evidenceOf, instantOf, personNameValue, referencedSopOf, required, sequence, stringValue } from './content-read';
import type { NaturalDataset } from './dataset';
import { instantFromDicomDateTime } from './dicom-time';
import type { Verification } from './document';
import type { InstanceReference, PersonName } from './references';

export interface DocumentInfo extends InstanceReference {
  patientId: string;
  patientName: PersonName;
  contentAt: Date;
  completion: 'COMPLETE' | 'PARTIAL';
  /** Present when VerificationFlag is VERIFIED. */
  verification?: Verification;
  /** CurrentRequestedProcedureEvidenceSequence: every instance the content references. */
  evidence: InstanceReference[];
}

function readVerification(ds: NaturalDataset): Verification | undefined {
  if (stringValue(ds.VerificationFlag) !== 'VERIFIED') return undefined;
  const [observer] = sequence(ds.VerifyingObserverSequence);
  return {
    verifier: required(personNameValue(observer?.VerifyingObserverName), 'verifying observer name'),
    organization: stringValue(observer?.VerifyingOrganization) ?? '',
    verifiedAt: required(instantFromDicomDateTime(stringValue(observer?.VerificationDateTime)), 'verification date/time'),
  };
}

export function readDocumentInfo(ds: NaturalDataset): DocumentInfo {
  const uid = (keyword: string) => required(stringValue(ds[keyword]) || undefined, keyword);
  const completion = stringValue(ds.CompletionFlag);
  const verification = readVerification(ds);
  const info: DocumentInfo = {
    studyInstanceUid: uid('StudyInstanceUID'),
    seriesInstanceUid: uid('SeriesInstanceUID'),
    sopClassUid: uid('SOPClassUID'),
    sopInstanceUid: uid('SOPInstanceUID'),
    patientId: stringValue(ds.PatientID) ?? '',
    patientName: personNameValue(ds.PatientName) ?? {},
    contentAt: required(instantOf(ds, 'ContentDate', 'ContentTime'), 'content date/time'),
    completion: required(completion === 'COMPLETE' || completion === 'PARTIAL' ? completion : undefined, 'completion flag'),
    evidence: evidenceOf(ds.CurrentRequestedProcedureEvidenceSequence),
  };
  return verification ? { ...info, verification } : info;
}

/** The full reference (study and series too) of an IMAGE/COMPOSITE item, via the evidence. */
export function resolveReference(item: ContentItem | undefined, evidence: readonly InstanceReference[], what: string): InstanceReference {
  const sop = required(referencedSopOf(item), what);
  const listed = evidence.find((ref) => ref.sopInstanceUid === sop.sopInstanceUid && ref.sopClassUid === sop.sopClassUid);
  return required(listed, `${what} in the evidence sequence`);
}

/** The source image, listed in the Image Library. */
export function readSourceImage(root: ContentItem, evidence: readonly InstanceReference[]): InstanceReference {
  const library = required(childWith(root, CODES.imageLibrary), 'Image Library');
  const group = required(childWith(library, CODES.imageLibraryGroup), 'Image Library Group');
  const image = childrenOf(group).find((child) => child.ValueType === 'IMAGE');
  return resolveReference(image, evidence, 'source image reference');
}
