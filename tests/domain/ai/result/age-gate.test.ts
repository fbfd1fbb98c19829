import { describe, expect, it } from 'vitest';
import { ADULT_AGE_YEARS, paediatricReason, paediatricReasonOf } from '../../../../src/domain/ai/result/age-gate';

describe('paediatricReason: the findings models are for adults', () => {
  it.each([
    ['004Y', '4Y'],
    ['018M', '18M'],
    ['017Y', '17Y'],
    ['200W', '200W'],
    ['010D', '10D'],
  ])('gates PatientAge %s as paediatric', (age, text) => {
    expect(paediatricReason(age)).toBe(`paediatric (age ${text}; the findings models are for adults, ${ADULT_AGE_YEARS} years and over)`);
  });

  it.each(['018Y', '045Y', '240M', '999Y'])('lets an adult through (%s)', (age) => expect(paediatricReason(age)).toBeUndefined());

  it('leaves an absent or unreadable age to the OOD score', () => {
    for (const age of ['', '4 years', 'Y', '0045Y']) expect(paediatricReason(age)).toBeUndefined();
  });

  it('falls back to birth and study dates when PatientAge is absent', () => {
    expect(paediatricReason('', '20200301', '20261201')).toMatch(/^paediatric \(age 6Y;/);
    expect(paediatricReason('', '19600301', '20261201')).toBeUndefined();
    expect(paediatricReason('', '2020', '20261201')).toBeUndefined();
  });

  it('reads the attributes of a DICOM JSON dataset', () => {
    const ds = (age: string) => ({ '00101010': { vr: 'AS', Value: [age] } });
    expect(paediatricReasonOf(ds('003Y'))).toMatch(/^paediatric \(age 3Y;/);
    expect(paediatricReasonOf(ds('063Y'))).toBeUndefined();
    expect(paediatricReasonOf({})).toBeUndefined();
  });
});
