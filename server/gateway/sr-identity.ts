/**
 * Who wrote a result is decided by the session, not by the document: the server stamps the
 * signed-in reader into every reader assessment and report SR it forwards, and refuses a document
 * whose author or verifier fields name somebody else. AI results from a reader's browser are
 * stamped as computed in that session (Operators' Name + Contributing Equipment), those from the
 * AI workers' service account pass as they are. SEGs get the principal as Content Creator.
 * Works on naturalized datasets, mutating them (they were parsed for this request only).
 */
import { type Code, CODES, DOKUEI_SCHEME, sameCode } from '../../src/domain/dicom/sr/codes';
import type { ContentItem } from '../../src/domain/dicom/sr/content-items';
import { codeValue, personNameValue, sequence, stringValue } from '../../src/domain/dicom/sr/content-read';
import type { NaturalDataset } from '../../src/domain/dicom/sr/dataset';
import { dicomDateTime } from '../../src/domain/dicom/sr/dicom-time';
import { type DokueiSrKind, TEMPLATES } from '../../src/domain/dicom/sr/document';
import type { Principal } from '../principal';

/** TID 1003: the account behind a person observer (DICOM PS3.16). */
export const LOGIN_NAME: Code = { CodeValue: '128774', CodingSchemeDesignator: 'DCM', CodeMeaning: "Person Observer's Login Name" };
/** Local coding scheme of Dokuei account ids (PS3.16 8.2: "99" = private). */
export const USER_SCHEME = '99DOKUEI_USER';
const PROCESSING_EQUIPMENT: Code = { CodeValue: '109102', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Processing Equipment' };
export const BROWSER_SESSION_MODEL = 'Dokuei browser session';

/** The document title each Dokuei template must carry: a template/title mismatch is refused. */
const TITLES: Record<DokueiSrKind, Code> = {
  'ai-result': CODES.imagingMeasurementReport,
  assessment: CODES.aiAssessment,
  report: CODES.diagnosticImagingReport,
};

export type IdentityResult = { ok: true; dataset: NaturalDataset; note: string } | { ok: false; reason: string };

/** The Dokuei SR kind of a document, from its template and title, or why it is not one. */
export function classifyDokueiSr(ds: NaturalDataset): DokueiSrKind | { reason: string } {
  const [template] = sequence(ds.ContentTemplateSequence);
  const identifier = stringValue(template?.TemplateIdentifier);
  if (stringValue(template?.MappingResource) !== DOKUEI_SCHEME) return { reason: 'not a Dokuei SR template' };
  const kind = (Object.keys(TEMPLATES) as DokueiSrKind[]).find((key) => TEMPLATES[key] === identifier);
  if (!kind) return { reason: `unknown Dokuei template ${identifier ?? '(none)'}` };
  const title = codeValue(ds.ConceptNameCodeSequence);
  if (!title || !sameCode(title, TITLES[kind])) return { reason: `document title does not match template ${identifier}` };
  if (stringValue(ds.ValueType) !== 'CONTAINER') return { reason: 'root content item is not a CONTAINER' };
  return kind;
}

/** "Family^Given" compared without case, padding or trailing empty components. */
const personKey = (name: string) =>
  name
    .trim()
    .replace(/[\s^]+$/, '')
    .replace(/\s*\^\s*/g, '^')
    .toUpperCase();

/** True when a person-name value is empty or names the principal; false when it names anyone else. */
function namesPrincipalOrNobody(value: unknown, principal: Principal): boolean {
  const name = personNameValue(value);
  if (!name || Object.keys(name).length === 0) return true;
  // Ideographic/phonetic groups alone cannot be checked against the account: treat as someone else.
  if (!name.Alphabetic) return false;
  return personKey(name.Alphabetic) === personKey(principal.dicomName);
}

const principalName = (principal: Principal) => [{ Alphabetic: principal.dicomName }];

/** The account as a code (Verifying Observer / Person identification code sequences). */
export function accountCode(principal: Principal): NaturalDataset {
  const value = principal.id.length <= 16 ? { CodeValue: principal.id } : { LongCodeValue: principal.id };
  return { ...value, CodingSchemeDesignator: USER_SCHEME, CodeMeaning: (principal.displayName || principal.id).slice(0, 64) };
}

/** Codes in an identification sequence that name an account other than the principal's. */
function foreignAccount(value: unknown, principal: Principal): boolean {
  return sequence(value).some((code) => {
    const id = stringValue(code.CodeValue) ?? stringValue(code.LongCodeValue);
    return id !== undefined && id !== '' && id !== principal.id;
  });
}

/** Root-level content items with `concept`. */
const rootItems = (ds: NaturalDataset, concept: Code) =>
  sequence(ds.ContentSequence).filter((item) => {
    const name = codeValue(item.ConceptNameCodeSequence);
    return name !== undefined && sameCode(name, concept);
  });

/** Why the document names someone other than the principal anywhere a person is identified, if it does. */
function foreignPerson(ds: NaturalDataset, principal: Principal): string | undefined {
  for (const observer of rootItems(ds, CODES.personObserverName)) {
    if (!namesPrincipalOrNobody(observer.PersonName, principal)) return 'the person observer is someone else';
  }
  for (const login of rootItems(ds, LOGIN_NAME)) {
    const id = stringValue(login.TextValue);
    if (id && id !== principal.id) return 'the observer login name is someone else';
  }
  for (const verifier of sequence(ds.VerifyingObserverSequence)) {
    if (!namesPrincipalOrNobody(verifier.VerifyingObserverName, principal)) return 'the verifying observer is someone else';
    if (foreignAccount(verifier.VerifyingObserverIdentificationCodeSequence, principal)) return 'the verifying observer id is someone else';
  }
  for (const key of ['AuthorObserverSequence', 'ParticipantSequence']) {
    for (const person of sequence(ds[key])) {
      if (!namesPrincipalOrNobody(person.PersonName, principal)) return `${key} names someone else`;
    }
  }
  if (!namesPrincipalOrNobody(ds.OperatorsName, principal)) return "the operators' name is someone else";
  return undefined;
}

const pname = (principal: Principal): ContentItem => ({
  RelationshipType: 'HAS OBS CONTEXT',
  ValueType: 'PNAME',
  ConceptNameCodeSequence: [{ ...CODES.personObserverName }],
  PersonName: principalName(principal),
});

const loginName = (principal: Principal): ContentItem => ({
  RelationshipType: 'HAS OBS CONTEXT',
  ValueType: 'TEXT',
  ConceptNameCodeSequence: [{ ...LOGIN_NAME }],
  TextValue: principal.id,
});

const isConcept = (item: ContentItem, concept: Code) => {
  const name = codeValue(item.ConceptNameCodeSequence);
  return name !== undefined && sameCode(name, concept);
};

/** Person observer name + login name = the principal, right where the template puts the observer. */
function stampPersonObserver(ds: NaturalDataset, principal: Principal): void {
  const items = sequence(ds.ContentSequence).filter((item) => !isConcept(item, LOGIN_NAME));
  const at = items.findIndex((item) => isConcept(item, CODES.personObserverName));
  if (at >= 0) {
    items.splice(at, 1, pname(principal), loginName(principal));
  } else {
    const afterLanguage = items.findIndex((item) => isConcept(item, CODES.language)) + 1;
    const observerType = {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'CODE',
      ConceptNameCodeSequence: [{ ...CODES.observerType }],
      ConceptCodeSequence: [{ ...CODES.person }],
    };
    items.splice(afterLanguage, 0, observerType, pname(principal), loginName(principal));
  }
  ds.ContentSequence = items;
}

function stampVerifiers(ds: NaturalDataset, principal: Principal): void {
  const verifiers = sequence(ds.VerifyingObserverSequence);
  if (verifiers.length === 0) return;
  ds.VerifyingObserverSequence = verifiers.map((verifier) => ({
    ...verifier,
    VerifyingObserverName: principalName(principal),
    VerifyingObserverIdentificationCodeSequence: [accountCode(principal)],
  }));
}

/** An AI result computed in a reader's browser says so: that reader operated the software. */
function stampBrowserSession(ds: NaturalDataset, principal: Principal, now: Date): void {
  ds.OperatorsName = principalName(principal);
  const others = sequence(ds.ContributingEquipmentSequence).filter((item) => stringValue(item.ManufacturerModelName) !== BROWSER_SESSION_MODEL);
  ds.ContributingEquipmentSequence = [
    ...others,
    {
      PurposeOfReferenceCodeSequence: [{ ...PROCESSING_EQUIPMENT }],
      Manufacturer: 'Dokuei',
      ManufacturerModelName: BROWSER_SESSION_MODEL,
      ContributionDateTime: dicomDateTime(now),
      ContributionDescription: `AI computed in the browser session of ${principal.id}`,
    },
  ];
}

/** Checks and stamps a Dokuei SR (the caller has classified it) for `principal`. */
export function stampSrIdentity(ds: NaturalDataset, kind: DokueiSrKind, principal: Principal, now = new Date()): IdentityResult {
  if (kind === 'ai-result' && principal.role === 'service') return { ok: true, dataset: ds, note: 'AI result from a service account, as sent' };
  if (principal.role === 'service') return { ok: false, reason: `a service account cannot write a reader's ${kind}` };
  const foreign = foreignPerson(ds, principal);
  if (foreign) return { ok: false, reason: `${kind} SR refused: ${foreign}` };
  // Stamped text is written as UTF-8 (src/domain/dicom/part10), so the document says so.
  ds.SpecificCharacterSet = 'ISO_IR 192';
  if (kind === 'ai-result') {
    stampBrowserSession(ds, principal, now);
    return { ok: true, dataset: ds, note: `AI result stamped as computed in ${principal.id}'s session` };
  }
  stampPersonObserver(ds, principal);
  stampVerifiers(ds, principal);
  return { ok: true, dataset: ds, note: `${kind} stamped with ${principal.id}` };
}

/** A SEG's Content Creator is the principal (reader, or the AI workers' service account). */
export function stampSegIdentity(ds: NaturalDataset, principal: Principal): IdentityResult {
  if (!namesPrincipalOrNobody(ds.ContentCreatorName, principal)) return { ok: false, reason: 'SEG refused: the content creator is someone else' };
  ds.SpecificCharacterSet = 'ISO_IR 192';
  ds.ContentCreatorName = principalName(principal);
  return { ok: true, dataset: ds, note: `SEG stamped with ${principal.id}` };
}
