/** Messages between the page and the subtraction worker (one comparison per worker). */
import type { DicomJson } from '../../dicomweb/dicom-json';
import type { GrayPlane } from '../registration/plane';
import type { Registration } from '../registration/register';
import type { Difference } from '../registration/subtract';
import type { WarpedPlane } from '../registration/warp';

export interface SubtractionRequest {
  dicomWebRoot: string;
  /** WADO-RS metadata of each study's chest image. */
  current: DicomJson;
  prior: DicomJson;
}

export type SubtractionStep = 'fetching current' | 'fetching prior' | 'registering';

export interface SubtractionReply {
  /** The current image at the working size, and source pixels per working pixel. */
  current: GrayPlane;
  factor: number;
  aligned: WarpedPlane;
  registration: Registration;
  /** Only when the alignment was good enough. */
  difference?: Difference;
}

export type SubtractionEvent =
  | { type: 'progress'; step: SubtractionStep }
  | { type: 'done'; reply: SubtractionReply }
  | { type: 'failed'; message: string };
