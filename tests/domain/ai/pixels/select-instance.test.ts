import { describe, expect, it } from 'vitest';
import { chooseChestInstance } from '../../../../src/domain/ai/pixels/select-instance';
import type { DicomJson } from '../../../../src/domain/dicom/dicom-json';

function instance(fields: { modality: string; bodyPart?: string; view?: string; number?: number; uid: string; frames?: number; samples?: number }): DicomJson {
  const text = (vr: string, value: string | number | undefined) => (value === undefined ? undefined : { vr, Value: [value] });
  return {
    '00080060': text('CS', fields.modality),
    '00180015': text('CS', fields.bodyPart),
    '00185101': text('CS', fields.view),
    '00200013': text('IS', fields.number),
    '00080018': text('UI', fields.uid),
    '00280008': text('IS', fields.frames),
    '00280002': text('US', fields.samples),
  };
}

const uidOf = (choice: ReturnType<typeof chooseChestInstance>) => (choice.applicable ? choice.instance['00080018']?.Value?.[0] : choice.reason);

describe('chooseChestInstance', () => {
  it.each([
    ['CT only', [instance({ modality: 'CT', uid: '1' })], 'no CR/DX image (study has CT)'],
    ['no instances', [], 'no CR/DX image (study has no images)'],
    ['a hip CR', [instance({ modality: 'CR', bodyPart: 'HIP', uid: '1' })], 'not a chest radiograph (body part HIP)'],
    ['a multi-frame DX', [instance({ modality: 'DX', bodyPart: 'CHEST', uid: '1', frames: 3 })], 'no single-frame grayscale chest image'],
    ['an RGB CR', [instance({ modality: 'CR', uid: '1', samples: 3 })], 'no single-frame grayscale chest image'],
    ['a chest CR', [instance({ modality: 'CR', bodyPart: 'CHEST', uid: '1' })], '1'],
    ['a blank body part', [instance({ modality: 'DX', uid: '7' })], '7'],
    [
      'lateral before frontal in the list',
      [instance({ modality: 'CR', view: 'LL', number: 1, uid: 'lat' }), instance({ modality: 'CR', view: 'PA', number: 2, uid: 'pa' })],
      'pa',
    ],
    ['two frontals', [instance({ modality: 'DX', view: 'AP', number: 2, uid: 'b' }), instance({ modality: 'DX', view: 'AP', number: 1, uid: 'a' })], 'a'],
    ['CT and a chest DX', [instance({ modality: 'CT', uid: 'ct' }), instance({ modality: 'DX', bodyPart: 'CHEST', uid: 'dx' })], 'dx'],
  ])('%s', (_name, instances, expected) => {
    expect(uidOf(chooseChestInstance(instances))).toBe(expected);
  });
});
