import { describe, expect, it } from 'vitest';
import { ageYears, sexCode, viewNorm } from '../../../../src/domain/reading/feedback/image-attributes';
import type { ImageLabels, LabelOutcome } from '../../../../src/domain/reading/feedback/labels';
import { type ExportImage, labelColumn, labelTable } from '../../../../src/domain/reading/feedback/rows';
import { exportSummary, formatSummary } from '../../../../src/domain/reading/feedback/summary';

const at = new Date('2026-01-01T10:00:00Z');
const outcome = (label: string, value: 0 | 1, extra: Partial<LabelOutcome> = {}): LabelOutcome => ({
  label,
  value,
  decision: value ? 'accept' : 'reject',
  at,
  role: 'reader',
  model: 'cxr-triage@1.0.0',
  aiProbability: 0.5,
  ...extra,
});
const labels = (outcomes: LabelOutcome[], qaConfirmed: string[] = []): ImageLabels => ({
  labels: outcomes,
  qaConfirmed,
  decisions: { accept: outcomes.filter((o) => o.value).length, reject: outcomes.filter((o) => !o.value).length, edit: 0, add: 0 },
});
const image = (file: string, patientId: string, studyDate: string, l: ImageLabels): ExportImage => ({
  file,
  patientId,
  split: 'train',
  studyDate,
  viewNorm: 'PA',
  modality: 'CR',
  sex: 'F',
  age: 64,
  width: 100,
  height: 80,
  labels: l,
});

describe('labelTable', () => {
  const box = { kind: 'box', x: 10.04, y: 20, width: 30.5, height: 40 } as const;
  const images = [
    image(
      'images/a.png',
      'anon-1',
      '20250110',
      labels([outcome('effusion', 1, { decision: 'edit', box }), outcome('pneumonia', 0, { aiProbability: 0.0712 })], ['rotated']),
    ),
    image('images/b.png', 'anon-1', '20250201', labels([outcome('abnormal', 0)])),
    image(
      'images/c.png',
      'anon-2',
      '',
      labels([outcome('pneumothorax', 1, { decision: 'add', model: undefined, aiProbability: undefined, role: 'signing-radiologist' })]),
    ),
  ];
  const table = labelTable(images);

  it('names the finding columns as the NIH sets and the eval CLI do', () => {
    expect(['abnormal', 'effusion', 'pneumonia', 'pleural_thickening'].map(labelColumn)).toEqual(['abnormal', 'Effusion', 'Pneumonia', 'Pleural_thickening']);
    expect(table.labelColumns).toEqual(['abnormal', 'Effusion', 'Pneumonia', 'Pneumothorax']);
    expect(table.columns.slice(0, 3)).toEqual(['file', 'patient_id', 'split']);
    expect(table.columns).toContain('effusion_decision');
  });

  it.each([
    [
      'a: confirmed effusion → abnormal 1, box, QA',
      0,
      {
        abnormal: '1',
        Effusion: '1',
        Pneumonia: '0',
        Pneumothorax: '',
        bbox_px: 'effusion:10,20,30.5,40',
        qa_confirmed: 'rotated',
        effusion_decision: 'edit',
        pneumonia_ai_probability: '0.0712',
        offset_days: '0',
      },
    ],
    ['b: reader said normal → abnormal 0, interval kept', 1, { abnormal: '0', Effusion: '', abnormal_decision: 'reject', offset_days: '22', bbox_px: '' }],
    [
      'c: added finding, unknown date',
      2,
      { abnormal: '1', Pneumothorax: '1', pneumothorax_ai_probability: '', model: '', reader_role: 'signing-radiologist', study_date: '', offset_days: '' },
    ],
  ])('%s', (_, index, expected) => {
    expect(table.rows[index]).toMatchObject(expected);
  });

  it('summarises images, patients, labels as written and decisions by kind', () => {
    const summary = exportSummary(images, table);
    expect(summary).toEqual({
      images: 3,
      patients: 2,
      splits: { train: 3 },
      labels: {
        abnormal: { positive: 2, negative: 1 },
        Effusion: { positive: 1, negative: 0 },
        Pneumonia: { positive: 0, negative: 1 },
        Pneumothorax: { positive: 1, negative: 0 },
      },
      decisions: { accept: 2, reject: 2, edit: 0, add: 0 },
    });
    expect(formatSummary(summary)).toMatch(/^images 3 · patients 2 · train 3\n[\s\S]*Effusion\s+1\s+0[\s\S]*reject\s+2/);
  });
});

describe('image attributes', () => {
  it.each([
    ['PA', 'PA'],
    [' ap ', 'AP'],
    ['LL', 'LATERAL'],
    ['RL', 'LATERAL'],
    ['', 'UNKNOWN'],
    ['OBLIQUE', 'UNKNOWN'],
  ])('view %j → %s', (view, norm) => expect(viewNorm(view)).toBe(norm));

  it.each([
    ['061Y', '', '', 61],
    ['', '19400305', '20040826', 64],
    ['', '19400305', '20040304', 63],
    ['095Y', '', '', 90],
    ['006M', '', '', 0],
    ['', '', '20040826', undefined],
  ])('age %j / born %j / study %j → %j', (age, birth, study, years) => expect(ageYears(age, birth, study)).toBe(years));

  it.each([
    ['F', 'F'],
    ['m', 'M'],
    ['', ''],
    ['X', ''],
  ])('sex %j → %j', (sex, code) => expect(sexCode(sex)).toBe(code));
});
