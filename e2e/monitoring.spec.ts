/**
 * The monitoring page against a real Orthanc: SRs of a model version only this test uses are
 * stored with the project's builders, and the page must show the figures counted by hand below.
 */
import {
  aiResultSr,
  type AiResultInput,
  assessmentSr,
  newUid,
  type NaturalDataset,
  type ReaderDecision,
  type SourceImage,
  toPart10,
} from '../src/domain/dicom/sr';
import { openDatabase } from '../server/db/pool';
import { type ShadowResult, storeShadowResults } from '../server/monitoring/shadow-results';
import { expect, type PacsHandle, test } from './support/fixtures';
import { readE2eState } from './support/state';

const VERSION = `e2e-${Date.now()}`;
const ALGORITHMS = [{ id: 'cxr-triage', version: VERSION, sha256: 'e'.repeat(64) }];

function syntheticImage(): SourceImage {
  return {
    studyInstanceUid: newUid(),
    seriesInstanceUid: newUid(),
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1',
    sopInstanceUid: newUid(),
    patientName: { Alphabetic: 'MONITOR^E2E' },
    patientId: 'E2E-MONITOR',
    patientBirthDate: '',
    patientSex: '',
    studyDate: '20261101',
    studyTime: '080000',
    studyId: '',
    accessionNumber: '',
    referringPhysicianName: {},
    studyDescription: 'monitoring e2e',
  };
}

const ref = (ds: NaturalDataset) => ({
  studyInstanceUid: ds.StudyInstanceUID as string,
  seriesInstanceUid: ds.SeriesInstanceUID as string,
  sopClassUid: ds.SOPClassUID as string,
  sopInstanceUid: ds.SOPInstanceUID as string,
});

async function store(pacs: PacsHandle, dataset: NaturalDataset) {
  expect((await pacs.stowFile(new Uint8Array(toPart10(dataset)))).rejected).toEqual([]);
}

/** One AI result and the assessments about it; `decide` gets the finding tracking UIDs. */
async function seedCase(pacs: PacsHandle, ai: Omit<AiResultInput, 'source' | 'algorithms' | 'lungAreas'>, decide?: (uids: string[]) => ReaderDecision[]) {
  const source = syntheticImage();
  const findings = ai.findings.map((f) => ({ ...f, trackingUid: newUid() }));
  const sr = aiResultSr({ ...ai, findings, source, algorithms: ALGORITHMS, lungAreas: [] });
  await store(pacs, sr);
  if (decide) {
    const decisions = decide(findings.map((f) => f.trackingUid));
    await store(
      pacs,
      assessmentSr({ source, reader: { Alphabetic: 'Reader^E2E' }, assessedAt: new Date(ai.computedAt.getTime() + 3_600_000), aiResult: ref(sr), decisions }),
    );
  }
  return sr;
}

const pos = (label: string, probability: number) => ({ label, probability, threshold: 0.5, positive: probability >= 0.5 });

test('the monitoring page shows agreement, rates and drift that match a hand count, and notes unreadable SRs', async ({ page, pacs }) => {
  test.setTimeout(150_000); // + the server's indexing delay (below)
  await seedCase(
    pacs,
    {
      computedAt: new Date('2026-11-01T08:00:00Z'),
      findings: [pos('abnormal', 0.9), pos('effusion', 0.7)],
      ood: { score: 10, threshold: 100, outOfDistribution: false },
      qaFlags: [],
    },
    ([abnormal, effusion]) => [
      { decision: 'accept', label: 'abnormal', trackingUid: abnormal },
      { decision: 'reject', label: 'effusion', trackingUid: effusion, reason: 'skin fold' },
    ],
  );
  await seedCase(
    pacs,
    {
      computedAt: new Date('2026-11-02T08:00:00Z'),
      findings: [pos('abnormal', 0.6), pos('effusion', 0.8)],
      ood: { score: 300, threshold: 100, outOfDistribution: true },
      qaFlags: [{ kind: 'rotated' }],
    },
    ([abnormal, effusion]) => [
      { decision: 'edit', label: 'abnormal', trackingUid: abnormal, region: { kind: 'point', x: 10, y: 20 } },
      { decision: 'accept', label: 'effusion', trackingUid: effusion },
      { decision: 'add', label: 'pneumonia' },
      { decision: 'add', label: 'nodule' },
    ],
  );
  const old = await seedCase(pacs, { computedAt: new Date('2026-11-03T08:00:00Z'), findings: [pos('abnormal', 0.2)], qaFlags: [] });
  // The same document in a template version this build does not know: counted, never read.
  const oldFormat = {
    ...old,
    SOPInstanceUID: newUid(),
    SeriesInstanceUID: newUid(),
    ContentTemplateSequence: [{ MappingResource: '99DOKUEI', TemplateIdentifier: 'AI_RESULT_V0' }],
  };
  await store(pacs, oldFormat);

  // Hand count: 3 AI results, 2 assessed; positives assessed 4 (0.9 ✓, 0.7 ✗, 0.6 edited ✓, 0.8 ✓) → PPV 3/4;
  // reader-added 2 → sensitivity 3/5; FP 1, FN 2; OOD 1 of the 2 with a score; QA flags on 1 of 3.
  const model = page.locator(`[data-testid="monitoring-model"][data-model="cxr-triage@${VERSION}"]`);
  // The server counts a study once Orthanc calls it stable (a few seconds after its last SR): reload until
  // every study is in, as a reader would. (A server without a database reads the PACS: in at once.)
  await expect(async () => {
    await page.goto('/monitoring');
    await expect(page.getByTestId('monitoring')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await expect(model.getByTestId('m-ai-results')).toHaveText('3', { timeout: 1_000 });
    await expect(model.getByTestId('m-assessed')).toHaveText('2', { timeout: 1_000 });
    await expect(model.getByTestId('m-fn')).toHaveText('2', { timeout: 1_000 });
    await expect(page.getByTestId('monitoring-unknown')).toContainText('unsupported Dokuei template AI_RESULT_V0', { timeout: 1_000 });
  }).toPass({ intervals: [1_000, 2_000], timeout: 90_000 });
  await expect(page.getByTestId('monitoring-source')).toHaveText(/^Computed (on the server|in this browser) in [\d.]+ m?s over [\d,]+ /);
  await expect(model.getByTestId('m-assessed')).toHaveText('2');
  await expect(model.getByTestId('m-ppv')).toContainText('3 / 4 = 75.0 %');
  await expect(model.getByTestId('m-sensitivity')).toContainText('3 / 5 = 60.0 %');
  await expect(model.getByTestId('m-fp')).toHaveText('1');
  await expect(model.getByTestId('m-fn')).toHaveText('2');
  await expect(model.getByTestId('m-ood')).toHaveText('1 / 2 (50.0 %)');
  await expect(model.getByTestId('m-qa')).toHaveText('1 / 3 (33.3 %)');

  // Drift of "abnormal": one point per day, its daily mean printed beside the plot.
  const abnormal = model.locator('figure[data-label="abnormal"]');
  await expect(abnormal.getByRole('img', { name: 'Daily mean probability of abnormal' }).locator('circle')).toHaveCount(3);
  await expect(abnormal.locator('tbody tr')).toHaveText([/2026-11-01\s*1\s*0\.900/, /2026-11-02\s*1\s*0\.600/, /2026-11-03\s*1\s*0\.200/]);
  await expect(abnormal.getByRole('img', { name: 'Probability histogram of abnormal' }).locator('rect[data-count="1"]')).toHaveCount(3);

  await expect(page.getByTestId('monitoring-unknown')).toContainText('unsupported Dokuei template AI_RESULT_V0');
});

/** A shadow run of `version` on the study of an AI result SR, stored as the worker stores it (the e2e server runs no workers). */
function shadowRun(sr: NaturalDataset, version: string, computedAt: string, findings: ReturnType<typeof pos>[]): ShadowResult {
  return {
    studyUid: sr.StudyInstanceUID as string,
    algorithm: { id: 'cxr-triage', version, sha256: 'f'.repeat(64) },
    imageUid: newUid(),
    computedAt: new Date(computedAt),
    qaFlags: [],
    inferMs: 40,
    findings,
  };
}

test('the monitoring page compares a shadow version with the active one per week, on the same studies', async ({ page, pacs }) => {
  test.setTimeout(150_000);
  const shadowVersion = `${VERSION}-shadow`;
  // Week of 2026-11-02: the reader accepts abnormal and adds effusion (the active model missed it).
  const first = await seedCase(
    pacs,
    { computedAt: new Date('2026-11-03T08:00:00Z'), findings: [pos('abnormal', 0.9), pos('effusion', 0.3)], qaFlags: [] },
    ([abnormal]) => [
      { decision: 'accept', label: 'abnormal', trackingUid: abnormal },
      { decision: 'add', label: 'effusion' },
    ],
  );
  // Week of 2026-11-09: the reader rejects abnormal and accepts effusion.
  const second = await seedCase(
    pacs,
    { computedAt: new Date('2026-11-10T08:00:00Z'), findings: [pos('abnormal', 0.8), pos('effusion', 0.6)], qaFlags: [] },
    ([abnormal, effusion]) => [
      { decision: 'reject', label: 'abnormal', trackingUid: abnormal, reason: 'artefact' },
      { decision: 'accept', label: 'effusion', trackingUid: effusion },
    ],
  );
  const db = openDatabase(readE2eState().databaseUrl, { max: 1, applicationName: 'dokuei-e2e-shadow' });
  try {
    await storeShadowResults(db, [
      shadowRun(first, shadowVersion, '2026-11-03T08:00:05Z', [pos('abnormal', 0.95), pos('effusion', 0.7)]),
      shadowRun(second, shadowVersion, '2026-11-10T08:00:05Z', [pos('abnormal', 0.4), pos('effusion', 0.65)]),
    ]);
  } finally {
    await db.end();
  }

  // Hand count. abnormal: active + +, shadow + − → both 1, only active 1; active PPV 1/2, shadow 1/1.
  // effusion: active − +, shadow + + → both 1, only shadow 1; the added one is a miss of the active model
  // (sensitivity 1/2) and a hit of the shadow one (2/2).
  const comparison = page.locator(`[data-testid="shadow-comparison"][data-model="cxr-triage"][data-version="${shadowVersion}"]`);
  const row = (week: string, label: string) => comparison.locator(`[data-testid="shadow-label"][data-week="${week}"][data-label="${label}"]`);
  await expect(async () => {
    await page.goto('/monitoring');
    await expect(page.getByTestId('monitoring')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    await expect(comparison.getByTestId('shadow-runs')).toContainText('2 analysed, 2 with an active result', { timeout: 1_000 });
    await expect(row('all', 'effusion').getByTestId('shadow-sensitivity')).toHaveText('50.0 % / 100.0 %', { timeout: 1_000 });
  }).toPass({ intervals: [1_000, 2_000], timeout: 90_000 });
  await expect(comparison.locator('h3')).toContainText(`beside active ${VERSION}`);
  await expect(row('all', 'abnormal').getByTestId('shadow-positive-rate')).toHaveText('100.0 % / 50.0 %');
  await expect(row('all', 'abnormal').getByTestId('shadow-agreement')).toHaveText('1 / 1 / 0');
  await expect(row('all', 'abnormal').getByTestId('shadow-ppv')).toHaveText('50.0 % / 100.0 %');
  await expect(row('all', 'effusion').getByTestId('shadow-agreement')).toHaveText('1 / 0 / 1');
  await expect(row('all', 'effusion').getByTestId('shadow-ppv')).toHaveText('100.0 % / 100.0 %');
  await expect(row('2026-11-02', 'effusion').getByTestId('shadow-agreement')).toHaveText('0 / 0 / 1');
  await expect(row('2026-11-09', 'abnormal').getByTestId('shadow-agreement')).toHaveText('0 / 1 / 0');
  await expect(comparison.getByTestId('shadow-week')).toHaveText([/^2026-11-02: 1 analysed/, /^2026-11-09: 1 analysed/]);
  await expect(comparison.getByRole('img', { name: 'Weekly positive rate of effusion, active beside shadow' }).locator('g')).toHaveCount(2);
});
