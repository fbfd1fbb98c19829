/**
 * Recognises a Dokuei SR by its content template (mapping resource 99DOKUEI) and reads it back
 * into the builders' content types. Anything else, foreign or malformed, is `unknown` with a
 * reason: this function never throws.
 */
import { type ParsedAiResultContent, readAiResultContent } from './ai-result';
import { type ParsedAssessmentContent, readAssessmentContent } from './assessment';
import { DOKUEI_SCHEME } from './codes';
import { sequence, SrFormatError, stringValue } from './content-read';
import { type NaturalDataset, toNatural } from './dataset';
import { type DokueiSrKind, TEMPLATES } from './document';
import { type DocumentInfo, readDocumentInfo, readSourceImage } from './document-read';
import type { InstanceReference } from './references';
import { type ReportContent, readReportContent } from './report';

interface Parsed<K extends DokueiSrKind, C> {
  kind: K;
  document: DocumentInfo;
  /** The image the document is about. */
  image: InstanceReference;
  content: C;
}

export type ParsedDokueiSr =
  | Parsed<'ai-result', ParsedAiResultContent>
  | Parsed<'assessment', ParsedAssessmentContent>
  | Parsed<'report', ReportContent>
  | { kind: 'unknown'; reason: string };

/** Structured SR storage classes share this root (PS3.4 B.5: 1.2.840.10008.5.1.4.1.1.88.x). */
const SR_STORAGE_ROOT = '1.2.840.10008.5.1.4.1.1.88.';

function templateKind(ds: NaturalDataset): DokueiSrKind | { reason: string } {
  const [template] = sequence(ds.ContentTemplateSequence);
  const resource = stringValue(template?.MappingResource);
  const identifier = stringValue(template?.TemplateIdentifier);
  if (resource !== DOKUEI_SCHEME) return { reason: `not a Dokuei SR (template ${resource ?? 'none'} ${identifier ?? ''})`.trim() };
  const kind = (Object.keys(TEMPLATES) as DokueiSrKind[]).find((key) => TEMPLATES[key] === identifier);
  return kind ?? { reason: `unsupported Dokuei template ${identifier ?? '(none)'}` };
}

function parseKnown(ds: NaturalDataset, kind: DokueiSrKind): ParsedDokueiSr {
  if (stringValue(ds.ValueType) !== 'CONTAINER') throw new SrFormatError('root content item is not a CONTAINER');
  const document = readDocumentInfo(ds);
  const image = readSourceImage(ds, document.evidence);
  switch (kind) {
    case 'ai-result':
      return { kind, document, image, content: readAiResultContent(ds, document.contentAt) };
    case 'assessment':
      return { kind, document, image, content: readAssessmentContent(ds, document.contentAt, document.evidence) };
    case 'report':
      return { kind, document, image, content: readReportContent(ds, document.contentAt, document.verification) };
  }
}

/** Accepts DICOM JSON (WADO-RS metadata, with Value arrays) or a dcmjs naturalized dataset. */
export function parseDokueiSr(input: unknown): ParsedDokueiSr {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { kind: 'unknown', reason: 'not a dataset' };
  }
  try {
    const ds = toNatural(input as NaturalDataset);
    const sopClass = stringValue(ds.SOPClassUID);
    if (!sopClass?.startsWith(SR_STORAGE_ROOT)) {
      return { kind: 'unknown', reason: `not a structured report (SOP class ${sopClass ?? 'missing'})` };
    }
    const kind = templateKind(ds);
    return typeof kind === 'string' ? parseKnown(ds, kind) : { kind: 'unknown', ...kind };
  } catch (error) {
    const reason = error instanceof SrFormatError ? error.message : `unreadable: ${String(error)}`;
    return { kind: 'unknown', reason };
  }
}
