import { describe, expect, it } from 'vitest';
import { fromPart10, type NaturalDataset, parseDokueiSr } from '../../src/domain/dicom/sr';
import { LOGIN_NAME, BROWSER_SESSION_MODEL, classifyDokueiSr, stampSegIdentity, stampSrIdentity } from '../../server/gateway/sr-identity';
import type { Principal } from '../../server/principal';
import { aiWorker, admin, documentsAbout, lungSegAbout, part10, readerA, readerB } from './gateway-fixtures';

/** As the gateway sees a STOW part: Part 10 bytes parsed back by dcmjs. */
const overTheWire = (ds: NaturalDataset) => fromPart10(part10(ds).buffer as ArrayBuffer);

function stamp(ds: NaturalDataset, principal: Principal) {
  const wire = overTheWire(ds);
  const kind = classifyDokueiSr(wire);
  if (typeof kind !== 'string') throw new Error(kind.reason);
  return stampSrIdentity(wire, kind, principal, new Date('2026-01-02T03:04:05.000Z'));
}

/** What a viewer reads after the PACS stored the stamped document. */
const stored = (ds: NaturalDataset) => parseDokueiSr(overTheWire(ds));

const loginNameOf = (ds: NaturalDataset) =>
  (ds.ContentSequence as NaturalDataset[]).find((item) => (item.ConceptNameCodeSequence as NaturalDataset[])[0].CodeValue === LOGIN_NAME.CodeValue)?.TextValue;

describe('classifyDokueiSr', () => {
  it('tells the three Dokuei documents apart by template and title', () => {
    const docs = documentsAbout();
    expect([docs.aiResult, docs.assessment, docs.report].map((ds) => classifyDokueiSr(overTheWire(ds)))).toEqual(['ai-result', 'assessment', 'report']);
  });

  it('refuses a template whose document title does not match (a report dressed as an AI result)', () => {
    const { report } = documentsAbout();
    const disguised = { ...report, ContentTemplateSequence: [{ MappingResource: '99DOKUEI', TemplateIdentifier: 'AI_RESULT_V1' }] };
    expect(classifyDokueiSr(overTheWire(disguised))).toEqual({ reason: expect.stringContaining('title') });
  });

  it('refuses a foreign SR', () => {
    const { report } = documentsAbout();
    expect(classifyDokueiSr({ ...report, ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }] })).toHaveProperty('reason');
  });
});

describe('stampSrIdentity: reader assessments and reports', () => {
  it("passes reader A's assessment as A, with A's login name", () => {
    const result = stamp(documentsAbout().assessment, readerA);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const parsed = stored(result.dataset);
    expect(parsed.kind).toBe('assessment');
    if (parsed.kind === 'assessment') expect(parsed.content.reader).toEqual({ Alphabetic: 'Suzuki^Hanako' });
    expect(loginNameOf(overTheWire(result.dataset))).toBe('hsuzuki');
  });

  it("passes reader A's signed report as A: author, verifier and the verifier's account code", () => {
    const result = stamp(documentsAbout().report, readerA);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const wire = overTheWire(result.dataset);
    const parsed = parseDokueiSr(wire);
    expect(parsed.kind).toBe('report');
    if (parsed.kind !== 'report') return;
    expect(parsed.content.author).toEqual({ Alphabetic: 'Suzuki^Hanako' });
    expect(parsed.content.signOff?.verifier).toEqual({ Alphabetic: 'Suzuki^Hanako' });
    const [verifier] = wire.VerifyingObserverSequence as NaturalDataset[];
    expect((verifier.VerifyingObserverIdentificationCodeSequence as NaturalDataset[])[0]).toMatchObject({
      CodeValue: 'hsuzuki',
      CodingSchemeDesignator: '99DOKUEI_USER',
    });
    expect(loginNameOf(wire)).toBe('hsuzuki');
  });

  it('matches names without regard to case or trailing empty components', () => {
    const { assessment } = documentsAbout(undefined, { Alphabetic: 'SUZUKI^hanako^^' });
    expect(stamp(assessment, readerA).ok).toBe(true);
  });

  it('stamps A into a draft whose observer name was left empty', () => {
    const { assessment } = documentsAbout(undefined, { Alphabetic: '' });
    const result = stamp(assessment, readerA);
    expect(result.ok && stored(result.dataset)).toMatchObject({ kind: 'assessment', content: { reader: { Alphabetic: 'Suzuki^Hanako' } } });
  });

  it.each(['assessment', 'report'] as const)("refuses B's session sending A's %s", (kind) => {
    const result = stamp(documentsAbout()[kind], readerB);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('someone else') });
  });

  it("refuses a report written by A but verified as B, sent from A's session", () => {
    const { report } = documentsAbout();
    const forged = {
      ...report,
      VerifyingObserverSequence: [{ ...(report.VerifyingObserverSequence as NaturalDataset[])[0], VerifyingObserverName: [{ Alphabetic: 'Sato^Taro' }] }],
    };
    expect(stamp(forged, readerA)).toEqual({ ok: false, reason: expect.stringContaining('verifying observer') });
  });

  it('refuses a claimed login name of another account', () => {
    const { assessment } = documentsAbout();
    const forged = {
      ...assessment,
      ContentSequence: [
        ...(assessment.ContentSequence as NaturalDataset[]),
        { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'TEXT', ConceptNameCodeSequence: [{ ...LOGIN_NAME }], TextValue: 'tsato' },
      ],
    };
    expect(stamp(forged, readerA)).toEqual({ ok: false, reason: expect.stringContaining('login name') });
  });

  it('refuses a name given only in ideographic characters (cannot be checked against the account)', () => {
    const { assessment } = documentsAbout(undefined, { Ideographic: '佐藤^太郎' } as never);
    expect(stamp(assessment, readerA).ok).toBe(false);
  });

  it("a service account cannot write a reader's assessment or report", () => {
    expect(stamp(documentsAbout().assessment, aiWorker).ok).toBe(false);
    expect(stamp(documentsAbout().report, aiWorker).ok).toBe(false);
  });

  it("an admin's own report is stamped as the admin", () => {
    const { report } = documentsAbout(undefined, { Alphabetic: 'Admin^Ada' });
    const result = stamp(report, admin);
    expect(result.ok && stored(result.dataset)).toMatchObject({ kind: 'report', content: { author: { Alphabetic: 'Admin^Ada' } } });
  });
});

describe('stampSrIdentity: AI results', () => {
  it("stamps an AI result from a reader's session as computed in that session, and it still parses", () => {
    const result = stamp(documentsAbout().aiResult, readerB);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const wire = overTheWire(result.dataset);
    expect(wire.OperatorsName).toMatchObject([{ Alphabetic: 'Sato^Taro' }]);
    expect((wire.ContributingEquipmentSequence as NaturalDataset[])[0]).toMatchObject({
      ManufacturerModelName: BROWSER_SESSION_MODEL,
      ContributionDescription: 'AI computed in the browser session of tsato',
    });
    const parsed = parseDokueiSr(wire);
    expect(parsed.kind).toBe('ai-result');
    expect(parsed).toMatchObject({ content: { computedInSessionOf: 'Sato^Taro' } });
  });

  it('takes an AI result from the AI workers as it is', () => {
    const { aiResult } = documentsAbout();
    const original = overTheWire(aiResult);
    const result = stamp(aiResult, aiWorker);
    expect(result.ok && result.dataset.OperatorsName).toBeUndefined();
    expect(result.ok && result.dataset.ContentSequence).toEqual(original.ContentSequence);
  });

  it('refuses an AI result that names another reader as its operator', () => {
    const forged = { ...documentsAbout().aiResult, OperatorsName: [{ Alphabetic: 'Suzuki^Hanako' }] };
    expect(stamp(forged, readerB).ok).toBe(false);
  });
});

describe('stampSegIdentity', () => {
  const image = {
    StudyInstanceUID: '1.2.3',
    SeriesInstanceUID: '1.2.3.4',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
    SOPInstanceUID: '1.2.3.4.5',
    PatientID: 'P1',
    Modality: 'DX',
  };

  it('names the principal as Content Creator', () => {
    const result = stampSegIdentity(overTheWire(lungSegAbout(image)), readerA);
    expect(result.ok && overTheWire(result.dataset).ContentCreatorName).toMatchObject([{ Alphabetic: 'Suzuki^Hanako' }]);
  });

  it('refuses a SEG whose Content Creator is someone else', () => {
    const seg = { ...lungSegAbout(image), ContentCreatorName: [{ Alphabetic: 'Sato^Taro' }] };
    expect(stampSegIdentity(overTheWire(seg), readerA).ok).toBe(false);
  });
});
