import type { PersonName } from '../sr';

/** Where a reader's configured name is kept in this browser (settings writes it). */
export const READER_NAME_KEY = 'dokuei.readerName';
const DEFAULT_READER = 'Reader^Dokuei';

/**
 * Who is reading. The one place to replace when authenticated users arrive (triage issue):
 * until then, the name configured in this browser, as a DICOM PN "Family^Given".
 */
export function currentReader(): PersonName {
  const configured = typeof localStorage === 'undefined' ? null : localStorage.getItem(READER_NAME_KEY);
  return { Alphabetic: configured?.trim() || DEFAULT_READER };
}
