import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assertHeldOut,
  DEMO_SHIFT,
  DEMO_SIZES,
  E2E_SIZES,
  localInstant,
  planDemo,
  planStudies,
  readLabels,
  shiftBuckets,
  type PlannedStudy,
} from '../../tools/seed/demo-plan';
import { REDATE_AFTER_MS, resolveDataDir, sendReason } from '../../tools/seed/seed';
import { parseDicomDateTime } from '../../src/domain/dicom/date-time';

/** A fixed clock: Tuesday 2026-12-01 01:10 local time, shortly after midnight (priors must still be on earlier days). */
const NOW = new Date(2026, 11, 1, 1, 10, 0).getTime();
const MINUTE = 60_000;
const at = (study: PlannedStudy) => localInstant(study.studyDate, study.studyTime);

const covidRow = (file: string, offset: string, view: string, extra: Record<string, string> = {}) => ({
  file,
  patient_id: 'covid-7',
  offset_days: offset,
  study_order: '',
  view,
  view_norm: view === 'L' ? 'LATERAL' : view.split(' ')[0],
  sex: 'F',
  age: '61',
  abnormal: '1',
  source_path: file.replace('.png', '.jpg'),
  ...extra,
});

describe('planStudies', () => {
  const studies = planStudies(
    'cxr_covid_ieee8023',
    [covidRow('images/day0-PA.png', '0', 'PA'), covidRow('images/day0-L.png', '0', 'L'), covidRow('images/day5.png', '5', 'AP Supine', { went_icu: 'Y' })],
    NOW,
  );

  it('groups images of the same patient and day into one study, one series per image', () => {
    expect(studies.map((study) => study.images.length)).toEqual([2, 1]);
    const [first] = studies;
    expect(first.studyDescription).toBe('XR CHEST LATERAL + PA');
    expect(first.images.map((image) => [image.viewPosition, image.seriesNumber, image.seriesDescription])).toEqual([
      ['LL', 1, 'CHEST LATERAL'],
      ['PA', 2, 'CHEST PA'],
    ]);
    expect(new Set(first.images.map((image) => image.seriesInstanceUid)).size).toBe(2);
  });

  it('dates priors before follow-ups by the offset in days, the follow-up minutes to hours before now', () => {
    const [prior, followUp] = studies;
    const day = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6));
    expect((day(followUp.studyDate) - day(prior.studyDate)) / 86_400_000).toBe(5);
    expect(at(followUp)).toBeLessThan(NOW);
    expect(at(followUp)).toBeGreaterThan(NOW - 4 * 60 * MINUTE);
    expect(at(prior)).toBeLessThan(at(followUp) - 4 * 86_400_000);
  });

  it('writes synthetic patient names, ages and the lossy-source flag, and marks the ICU exam STAT', () => {
    expect(studies[1]).toMatchObject({ patientId: 'covid-7', patientName: 'DEMO^COVID-7', patientSex: 'F', patientAge: 61, priority: 'STAT' });
    expect(studies[1].images[0]).toMatchObject({
      modality: 'CR',
      viewPosition: 'AP',
      seriesDescription: 'CHEST AP SUPINE',
      lossySource: true,
      abnormal: true,
    });
  });

  it('is deterministic', () => {
    const again = planStudies(
      'cxr_covid_ieee8023',
      [covidRow('images/day0-PA.png', '0', 'PA'), covidRow('images/day0-L.png', '0', 'L'), covidRow('images/day5.png', '5', 'AP Supine', { went_icu: 'Y' })],
      NOW,
    );
    expect(again).toEqual(studies);
  });

  it('scales NIH acquisition spacing to the stored size, rows and columns apart', () => {
    const [study] = planStudies('cxr_nih14_256', [
      {
        file: 'images/00000001_000.png',
        patient_id: 'nih-1',
        follow_up: '0',
        age: '57',
        sex: 'M',
        view_norm: 'PA',
        view: 'PA',
        abnormal: '1',
        orig_width: '2682',
        orig_height: '2749',
        orig_pixel_spacing_mm: '0.143',
        width: '256',
        height: '256',
      },
    ]);
    expect(study.images[0].modality).toBe('DX');
    expect(study.images[0].imagerPixelSpacing?.[0]).toBeCloseTo((0.143 * 2749) / 256, 5);
    expect(study.images[0].imagerPixelSpacing?.[1]).toBeCloseTo((0.143 * 2682) / 256, 5);
  });
});

const DATA = resolveDataDir();
const hasData = existsSync(`${DATA}/cxr_covid_ieee8023/labels.csv`);

function byPatient(plan: PlannedStudy[]): PlannedStudy[][] {
  const patients = new Map<string, PlannedStudy[]>();
  for (const study of plan) patients.set(study.patientId, [...(patients.get(study.patientId) ?? []), study]);
  return [...patients.values()].map((exams) => exams.sort((a, b) => at(a) - at(b)));
}

describe.skipIf(!hasData)('planDemo: a shift that ends now', () => {
  const plans = { demo: planDemo(DATA, DEMO_SIZES, { now: NOW }), e2e: planDemo(DATA, E2E_SIZES, { now: NOW }) };
  const capMs = DEMO_SHIFT.capMinutes * MINUTE;

  for (const [name, plan] of Object.entries(plans)) {
    describe(name, () => {
      const patients = byPatient(plan);
      const newest = patients.map((exams) => exams[exams.length - 1]);

      it("puts every patient's newest exam within the last few hours, nothing in the future", () => {
        for (const study of plan) expect(at(study)).toBeLessThanOrEqual(NOW);
        for (const study of newest) {
          expect(at(study)).toBeGreaterThanOrEqual(NOW - (DEMO_SHIFT.capMinutes + 5 + DEMO_SHIFT.overdueSpreadMinutes) * MINUTE);
          expect(at(study)).toBeLessThanOrEqual(NOW - MINUTE);
        }
        expect(shiftBuckets(plan, NOW).future).toBe(0);
      });

      it('places about one newest exam in ten beyond the aging cap, the others within it', () => {
        const overdue = newest.filter((study) => NOW - at(study) >= capMs);
        expect(overdue.length).toBe(Math.round(patients.length * DEMO_SHIFT.overdueShare));
        expect(overdue.length).toBeGreaterThanOrEqual(1);
        for (const study of newest.filter((s) => !overdue.includes(s))) expect(NOW - at(study)).toBeLessThan(capMs - MINUTE);
        expect(shiftBuckets(plan, NOW)).toMatchObject({ overdue: overdue.length, fresh: newest.length - overdue.length, priors: plan.length - newest.length });
      });

      it('puts priors on earlier calendar days than their follow-ups, one exam per day', () => {
        for (const exams of patients) {
          for (let i = 1; i < exams.length; i++) {
            expect(exams[i - 1].studyDate < exams[i].studyDate).toBe(true);
            expect(at(exams[i]) - at(exams[i - 1])).toBeGreaterThanOrEqual(86_400_000 - 11 * 60 * MINUTE);
          }
        }
        expect(patients.some((exams) => exams.length >= 4)).toBe(true);
      });

      it('dates studies in local time, as the app reads them', () => {
        for (const study of plan) expect(parseDicomDateTime(study.studyDate, study.studyTime)).toBe(at(study));
      });

      it('plans only val/test images (never a training image)', () => {
        const splits = new Map<string, string>();
        for (const set of new Set(plan.flatMap((s) => s.images.map((i) => i.set)))) {
          for (const row of readLabels(DATA, set)) splits.set(`${set}/${row.file}`, row.split);
        }
        const images = plan.flatMap((study) => study.images);
        expect(images.length).toBeGreaterThan(0);
        for (const image of images) expect(['val', 'test'], `${image.set}/${image.file}`).toContain(splits.get(`${image.set}/${image.file}`));
      });
    });
  }

  it('is deterministic for a given now; a later now moves the whole shift, intervals kept', () => {
    expect(planDemo(DATA, E2E_SIZES, { now: NOW })).toEqual(plans.e2e);
    const later = planDemo(DATA, E2E_SIZES, { now: NOW + 3 * 86_400_000 + 7 * MINUTE });
    expect(later.map((s) => s.studyInstanceUid)).toEqual(plans.e2e.map((s) => s.studyInstanceUid));
    const newestUids = new Set(byPatient(plans.e2e).map((exams) => exams[exams.length - 1].studyInstanceUid));
    plans.e2e.forEach((study, index) => {
      const moved = at(later[index]) - at(study);
      if (newestUids.has(study.studyInstanceUid)) expect(moved).toBe(3 * 86_400_000 + 7 * MINUTE);
      else expect(later[index].studyTime).toBe(study.studyTime);
    });
  });

  it('keeps what the e2e specs rely on: a patient with 5+ exams, single-exam patients, PA studies with priors', () => {
    const patients = byPatient(plans.e2e);
    expect(Math.max(...patients.map((exams) => exams.length))).toBeGreaterThanOrEqual(5);
    expect(patients.some((exams) => exams.length === 1)).toBe(true);
    const isPa = (s: PlannedStudy) => s.images.some((i) => i.viewPosition === 'PA');
    expect(plans.e2e.some((s) => isPa(s) && plans.e2e.some((p) => p.patientId === s.patientId && p.studyDate < s.studyDate))).toBe(true);
  });

  it('gives the Kermany children an age of 1-5 years (the source states it for the set), so the AI gates them', () => {
    const children = plans.demo.filter((study) => study.images[0].set === 'cxr_pediatric_pneumonia_kermany');
    expect(children.length).toBeGreaterThan(0);
    for (const study of children) expect(study.patientAge).toBeGreaterThanOrEqual(1);
    for (const study of children) expect(study.patientAge).toBeLessThanOrEqual(5);
  });

  it('holds NIH serial exams although the serial patients of cxr_nih14_sample are training images', () => {
    const nih = byPatient(plans.demo).filter((exams) => exams[0].images[0].set === 'cxr_nih14_256');
    expect(Math.max(...nih.map((exams) => exams.length))).toBeGreaterThanOrEqual(4);
  });

  it('dates studies in local time in any time zone', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['Pacific/Auckland', 'America/Los_Angeles']) {
        process.env.TZ = tz;
        const plan = planDemo(DATA, E2E_SIZES, { now: NOW });
        for (const study of plan) expect(parseDicomDateTime(study.studyDate, study.studyTime)).toBe(at(study));
        expect(shiftBuckets(plan, NOW)).toMatchObject({ future: 0, overdue: Math.round(byPatient(plan).length * DEMO_SHIFT.overdueShare) });
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('the held-out guard', () => {
  it('refuses a training row', () => {
    expect(() =>
      assertHeldOut('cxr_nih14_sample', [
        { file: 'images/a.png', split: 'test' },
        { file: 'images/b.png', split: 'train' },
      ]),
    ).toThrow(/images\/b\.png \(train\)/);
    expect(() => assertHeldOut('x', [{ file: 'images/c.png', split: '' }])).toThrow(/no split/);
    expect(assertHeldOut('x', [{ file: 'a', split: 'val' }])).toHaveLength(1);
  });
});

describe('re-seeding on a later day', () => {
  const [study] = planStudies('cxr_covid_ieee8023', [covidRow('images/x.png', '0', 'PA')], NOW);
  const stored = (shiftMs: number, instances = 1) => {
    const moved = new Date(at(study) - shiftMs);
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      instances,
      studyDate: `${moved.getFullYear()}${pad(moved.getMonth() + 1)}${pad(moved.getDate())}`,
      studyTime: `${pad(moved.getHours())}${pad(moved.getMinutes())}${pad(moved.getSeconds())}`,
    };
  };

  it('sends a study that is absent or incomplete, skips one dated as planned', () => {
    expect(sendReason(study, undefined)).toBe('new');
    expect(sendReason({ ...study, images: [...study.images, ...study.images] }, stored(0))).toBe('incomplete');
    expect(sendReason(study, stored(0))).toBeNull();
    expect(sendReason(study, stored(3 * 60 * MINUTE))).toBeNull();
  });

  it('re-dates a study seeded more than a day before (the UIDs stay, the PACS overwrites)', () => {
    expect(sendReason(study, stored(REDATE_AFTER_MS + MINUTE))).toBe('redate');
    expect(sendReason(study, stored(20 * 86_400_000))).toBe('redate');
    expect(sendReason(study, { instances: 1, studyDate: '', studyTime: '' })).toBe('redate');
  });
});
