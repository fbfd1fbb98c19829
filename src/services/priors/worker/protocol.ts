/** Messages between the page and the subtraction worker (one comparison per worker). */
import type { DicomJson } from '../../../domain/dicom/dicom-json';
import type { GrayPlane } from '../../../domain/priors/registration/plane';
import type { Registration } from '../../../domain/priors/registration/register';
import type { Difference } from '../../../domain/priors/registration/subtract';
import type { WarpedPlane } from '../../../domain/priors/registration/warp';

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

export type SubtractionEvent = { type: 'progress'; step: SubtractionStep } | { type: 'done'; reply: SubtractionReply } | { type: 'failed'; message: string };
