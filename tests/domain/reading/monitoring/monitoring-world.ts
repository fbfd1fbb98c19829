/** A small PACS worth of SRs built with the real builders, whose figures are counted by hand in the tests. */
import { aiResultSr, assessmentSr, type NaturalDataset, parseDokueiSr, type ParsedDokueiSr, type ReaderDecision } from '../../../../src/domain/dicom/sr';
import type { AiFinding, OodState, QaFlag } from '../../../../src/domain/ai/result/types';
import { source, srReference, uidCounter } from '../../dicom/sr/fixtures';

export const V1 = [{ id: 'cxr-triage', version: '1.0.0', sha256: 'a'.repeat(64) }];
export const V2 = [{ id: 'cxr-triage', version: '2.0.0', sha256: 'b'.repeat(64) }];

const f = (label: string, probability: number, positive: boolean, trackingUid: string): AiFinding => ({
  label,
  probability,
  threshold: 0.5,
  positive,
  trackingUid,
});

export interface Case {
  algorithms: typeof V1;
  day: string;
  findings: AiFinding[];
  ood?: OodState;
  qaFlags?: QaFlag[];
  /** Assessments in order, each a list of decisions (trackingUid refers to the findings above). */
  assessments?: ReaderDecision[][];
}

export function buildWorld(cases: readonly Case[]): ParsedDokueiSr[] {
  const uid = uidCounter('1.2.826.0.1.3680043.8.498.7');
  const datasets: NaturalDataset[] = [];
  cases.forEach((c, i) => {
    const ai = aiResultSr(
      {
        source,
        computedAt: new Date(`${c.day}T08:00:00Z`),
        algorithms: c.algorithms,
        findings: c.findings,
        ...(c.ood ? { ood: c.ood } : {}),
        qaFlags: c.qaFlags ?? [],
        lungAreas: [],
      },
      { newUid: uid },
    );
    datasets.push(ai);
    (c.assessments ?? []).forEach((decisions, j) => {
      const assessedAt = new Date(Date.parse(`${c.day}T09:00:00Z`) + (i * 10 + j) * 60_000);
      datasets.push(assessmentSr({ source, reader: { Alphabetic: 'Suzuki^Hanako' }, assessedAt, aiResult: srReference(ai), decisions }, { newUid: uid }));
    });
  });
  return datasets.map(parseDokueiSr);
}

export { f };
