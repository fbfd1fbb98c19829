import { pacsClient } from '../services/pacs/default-client';
import { useViewerStore } from '../services/viewer/viewer-store';

/** Starts (or finds under way) the viewer's load of a study; a failed load is started again. */
export function openStudy(studyInstanceUid: string): void {
  void useViewerStore.getState().loadStudy(pacsClient, studyInstanceUid, `${window.location.origin}${pacsClient.dicomWebRoot}`);
}
