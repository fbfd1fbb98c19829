import { describe, expect, it } from 'vitest';
import { planStudies } from '../../scripts/seed/demo-plan';

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
  const studies = planStudies('cxr_covid_ieee8023', [
    covidRow('images/day0-PA.png', '0', 'PA'),
    covidRow('images/day0-L.png', '0', 'L'),
    covidRow('images/day5.png', '5', 'AP Supine', { went_icu: 'Y' }),
  ]);

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

  it('dates priors before follow-ups by the offset in days', () => {
    const [prior, followUp] = studies;
    const day = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6));
    expect((day(followUp.studyDate) - day(prior.studyDate)) / 86_400_000).toBe(5);
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
    const again = planStudies('cxr_covid_ieee8023', [
      covidRow('images/day0-PA.png', '0', 'PA'),
      covidRow('images/day0-L.png', '0', 'L'),
      covidRow('images/day5.png', '5', 'AP Supine', { went_icu: 'Y' }),
    ]);
    expect(again).toEqual(studies);
  });

  it('scales NIH acquisition spacing to the stored size, rows and columns apart', () => {
    const [study] = planStudies('cxr_nih14_256', [
      {
        file: 'images/00000001_000.png', patient_id: 'nih-1', follow_up: '0', age: '57', sex: 'M', view_norm: 'PA', view: 'PA',
        abnormal: '1', orig_width: '2682', orig_height: '2749', orig_pixel_spacing_mm: '0.143', width: '256', height: '256',
      },
    ]);
    expect(study.images[0].modality).toBe('DX');
    expect(study.images[0].imagerPixelSpacing?.[0]).toBeCloseTo((0.143 * 2749) / 256, 5);
    expect(study.images[0].imagerPixelSpacing?.[1]).toBeCloseTo((0.143 * 2682) / 256, 5);
  });
});
