import { describe, expect, it } from 'vitest';
import { mergeStudies, upsertStudies } from '../../../src/domain/study/merge';
import { neighbourStudyUID } from '../../../src/domain/study/navigation';
import { worklistStudy } from './fixtures';

const a = worklistStudy({ StudyInstanceUID: 'a', NumberOfStudyRelatedInstances: 1, ModalitiesInStudy: ['CR'] });
const b = worklistStudy({ StudyInstanceUID: 'b', NumberOfStudyRelatedInstances: 1 });

describe('mergeStudies', () => {
  it('keeps the object of an unchanged study (rows do not re-render)', () => {
    const again = worklistStudy({ StudyInstanceUID: 'a', NumberOfStudyRelatedInstances: 1, ModalitiesInStudy: ['CR'] });
    const result = mergeStudies([a, b], [again, b]);
    expect(result.studies[0]).toBe(a);
    expect(result).toMatchObject({ added: [], removed: [], changed: 0 });
  });

  it.each([
    ['instance count', { NumberOfStudyRelatedInstances: 2, ModalitiesInStudy: ['CR'] }],
    ['modalities', { NumberOfStudyRelatedInstances: 1, ModalitiesInStudy: ['CR', 'SR'] }],
  ])('replaces a study whose %s changed', (_, attributes) => {
    const changed = worklistStudy({ StudyInstanceUID: 'a', ...attributes });
    const result = mergeStudies([a], [changed]);
    expect(result.studies[0]).toBe(changed);
    expect(result.changed).toBe(1);
  });

  it('reports arrivals and removals, and ignores repeated UIDs in the input', () => {
    const c = worklistStudy({ StudyInstanceUID: 'c' });
    const result = mergeStudies([a, b], [a, c, c]);
    expect(result.studies.map((s) => s.studyInstanceUid)).toEqual(['a', 'c']);
    expect(result.added).toEqual(['c']);
    expect(result.removed).toEqual(['b']);
  });
});

describe('upsertStudies', () => {
  it('adds, replaces and removes only what it is told, keeping the rest as they are', () => {
    const c = worklistStudy({ StudyInstanceUID: 'c' });
    const changedB = worklistStudy({ StudyInstanceUID: 'b', NumberOfStudyRelatedInstances: 5 });
    const result = upsertStudies([a, b], [changedB, c], []);
    expect(result.studies.map((s) => s.studyInstanceUid).sort()).toEqual(['a', 'b', 'c']);
    expect(result.studies.find((s) => s.studyInstanceUid === 'a')).toBe(a);
    expect(result.studies.find((s) => s.studyInstanceUid === 'b')).toBe(changedB);
    expect(result).toMatchObject({ added: ['c'], removed: [], changed: 1 });
  });

  it('removes the gone studies and ignores unknown ones', () => {
    const result = upsertStudies([a, b], [], ['a', 'zz']);
    expect(result.studies).toEqual([b]);
    expect(result.removed).toEqual(['a']);
  });

  it('is a no-op for a page it already has', () => {
    const again = worklistStudy({ StudyInstanceUID: 'a', NumberOfStudyRelatedInstances: 1, ModalitiesInStudy: ['CR'] });
    expect(upsertStudies([a, b], [again])).toMatchObject({ added: [], removed: [], changed: 0 });
  });
});

describe('neighbourStudyUID', () => {
  it.each<[string, 1 | -1, string | null]>([
    ['b', 1, 'c'],
    ['b', -1, 'a'],
    ['a', -1, null],
    ['c', 1, null],
    ['zz', 1, null],
  ])('%s step %d → %s', (uid, step, expected) => {
    expect(neighbourStudyUID(['a', 'b', 'c'], uid, step)).toBe(expected);
  });
});
