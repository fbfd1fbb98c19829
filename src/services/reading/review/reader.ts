import { useSession } from '../../session/session-store';
import type { PersonName } from '../../../domain/dicom/sr';

/**
 * Who is reading: the signed-in reader's DICOM person name. The server stamps the same name into
 * every SR it stores and refuses one that names someone else, so this is only what the draft shows.
 */
export function currentReader(): PersonName {
  const session = useSession.getState().session;
  if (!session) throw new Error('nobody is signed in');
  return { Alphabetic: session.user.dicomName };
}
