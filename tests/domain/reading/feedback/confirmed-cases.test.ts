import { describe, expect, it } from 'vitest';
import { confirmedCases } from '../../../../src/domain/reading/feedback/confirmed-cases';
import { labelTable } from '../../../../src/domain/reading/feedback/rows';
import { selectFeedback } from '../../../../src/domain/reading/feedback/select';
import { aiInput } from '../../dicom/sr/fixtures';
import { judgedResult } from './judged';

const documents = () => judgedResult();

describe('confirmedCases', () => {
  it('labels each judged image as the training export does: accept/edit/add → 1, reject → 0', () => {
    const [only] = confirmedCases(documents());
    expect(only.image.sopInstanceUid).toBe(aiInput.source.sopInstanceUid);
    expect(only.row).toMatchObject({ file: aiInput.source.sopInstanceUid, abnormal: '1', Cardiomegaly: '0', Effusion: '1', Pneumonia: '1' });
  });

  it('keeps every label cell of the export row and leaves out the attributes it does not read (no empty modality)', () => {
    const docs = documents();
    const exported = labelTable(
      selectFeedback(docs).map((f) => ({
        file: f.image.sopInstanceUid,
        patientId: 'p',
        split: 'test',
        studyDate: '',
        viewNorm: 'PA',
        modality: 'DX',
        sex: 'F',
        width: 1,
        height: 1,
        labels: f.labels,
      })),
    ).rows[0];
    const [{ row }] = confirmedCases(docs);
    for (const column of ['abnormal', 'Cardiomegaly', 'Effusion', 'Pneumonia', 'effusion_decision', 'effusion_ai_probability', 'model', 'reader_role']) {
      expect(row[column], column).toBe(exported[column]);
    }
    expect(Object.keys(row)).not.toContain('modality');
    expect(Object.keys(row)).not.toContain('split');
  });

  it('has no case without an assessment, nor for an assessment whose AI result is missing', () => {
    expect(confirmedCases(documents().slice(0, 1))).toEqual([]);
    expect(confirmedCases(documents().slice(1))).toEqual([]);
  });
});
