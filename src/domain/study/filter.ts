/** Worklist filters: modality, study date range, free text over name/ID/accession/description. */
import { foldForSearch } from './worklist-study';
import type { Study } from './study';

export interface WorklistFilters {
  /** '' = any modality. */
  modality: string;
  /** Inclusive bounds as YYYY-MM-DD (what <input type="date"> gives) or ''. */
  dateFrom: string;
  dateTo: string;
  text: string;
}

export const EMPTY_FILTERS: WorklistFilters = { modality: '', dateFrom: '', dateTo: '', text: '' };

const toDicomDate = (isoDate: string) => isoDate.replace(/-/g, '');

/** The predicate for a filter set, with its inputs normalized once rather than per study. */
export function studyMatcher(filters: WorklistFilters): (study: Study) => boolean {
  const modality = filters.modality.toUpperCase();
  const from = toDicomDate(filters.dateFrom);
  const to = toDicomDate(filters.dateTo);
  const words = foldForSearch(filters.text).split(/\s+/).filter(Boolean);
  return (study) => {
    if (modality && !study.modalities.includes(modality)) return false;
    // A date bound excludes undated studies: they cannot be shown to lie within it.
    if (from && !(study.studyDate && study.studyDate >= from)) return false;
    if (to && !(study.studyDate && study.studyDate <= to)) return false;
    return words.every((word) => study.searchText.includes(word));
  };
}

export function filterStudies(studies: readonly Study[], filters: WorklistFilters): Study[] {
  return studies.filter(studyMatcher(filters));
}

export function isFiltered(filters: WorklistFilters): boolean {
  return Object.values(filters).some((value) => value !== '');
}

/** Modalities present in the list, for the filter's options. */
export function modalityOptions(studies: readonly Study[]): string[] {
  return [...new Set(studies.flatMap((study) => study.modalities))].sort();
}
