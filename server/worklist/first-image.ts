/**
 * The study's first image (src/domain/viewer/first-image-hint.ts) in its worklist row: the triage worker
 * computes it from the series list and whole-study metadata it reads anyway (the study cache shares them
 * with the chest image choice), and the page served for /study/{uid} reads it back (server/static).
 * Where no worker triaged the study (none runs, or it has not come to it yet), the first opening of its
 * page has the server compute it, so that the next opening, anyone's, is named.
 */
import { firstImageHint, isFirstImageHint, type FirstImageHint } from '../../src/domain/viewer/first-image-hint';
import { createStudyCache, type StudyCache } from '../../src/services/pacs/study-cache';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { directTransport, pacsClientOf } from '../watcher/pacs-direct';
import type { Queryable } from './repository';

/** After the page that asked has had its own requests answered: this one should not slow them down. */
const COMPUTE_DELAY_MS = 1000;

/** From the PACS through `cache`; null when the viewer would paint no preview first. */
export async function readFirstImageHint(cache: StudyCache, studyUid: string): Promise<FirstImageHint | null> {
  const [series, metadata] = await Promise.all([cache.seriesOf(studyUid), cache.studyMetadataOf(studyUid)]);
  return firstImageHint(studyUid, series, metadata);
}

/** Stores the hint; a study without one gets JSON null (computed, nothing to hint), not SQL NULL (not computed yet). */
export async function setFirstImage(db: Queryable, studyUid: string, hint: FirstImageHint | null): Promise<void> {
  await db.query('UPDATE worklist SET first_image = $2 WHERE study_uid = $1', [studyUid, JSON.stringify(hint)]);
}

/** The stored hint of `studyUid`, checked again (what reaches HTML passes isFirstImageHint); `known`: computed already. */
export async function firstImageOf(db: Queryable, studyUid: string): Promise<{ known: boolean; hint: FirstImageHint | null }> {
  const { rows } = await db.query<{ first_image: unknown }>('SELECT first_image FROM worklist WHERE study_uid = $1', [studyUid]);
  const hint = rows[0]?.first_image;
  return { known: rows.length === 0 || hint !== null, hint: isFirstImageHint(hint) ? hint : null };
}

/** The server's lookup for study pages: the stored hint, and the computation of one not known yet (once at a time). */
export function firstImageLookup(db: Queryable, pacs: PacsConfig, log: (message: string) => void): (studyUid: string) => Promise<FirstImageHint | null> {
  const client = pacsClientOf(directTransport(pacs));
  const computing = new Set<string>();
  const compute = async (studyUid: string) => {
    try {
      // A cache of its own, dropped afterwards: the server keeps no study's metadata.
      await setFirstImage(db, studyUid, await readFirstImageHint(createStudyCache(client), studyUid));
    } catch (error) {
      log(`first image of ${studyUid} not computed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      computing.delete(studyUid);
    }
  };
  return async (studyUid) => {
    const { known, hint } = await firstImageOf(db, studyUid);
    if (!known && !computing.has(studyUid)) {
      computing.add(studyUid);
      setTimeout(() => void compute(studyUid), COMPUTE_DELAY_MS).unref();
    }
    return hint;
  };
}
