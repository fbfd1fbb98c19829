/** Retry-transcoded wrapper around the WADO-RS image loader (policy in ../transfer-syntax.ts). */
import { metaData, type Types } from '@cornerstonejs/core';
import { describeLoadError } from '../../../domain/viewer/load-errors';
import {
  browserDecodeUntrusted,
  EXPLICIT_VR_LITTLE_ENDIAN,
  framesAcceptHeader,
  instanceKeyOfImageId,
  isTransientStatus,
} from '../../../domain/dicom/transfer-syntax';

const transcodedInstances = new Set<string>();

/** Headers for the loader's beforeSend: undefined keeps the loader's own `transfer-syntax=*`. */
export function acceptHeaderFor(imageId: string): Record<string, string> | undefined {
  return transcodedInstances.has(instanceKeyOfImageId(imageId)) ? { Accept: framesAcceptHeader(EXPLICIT_VR_LITTLE_ENDIAN) } : undefined;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** One more try after a gateway error (the proxy's pooled connection to the PACS may have gone stale). */
function loadOnce(load: Types.ImageLoaderFn, imageId: string, options?: Record<string, unknown>): Promise<Types.IImage> {
  return load(imageId, options).promise.catch((error: unknown) => {
    if (!isTransientStatus(statusOf(error))) throw error;
    return load(imageId, options).promise;
  });
}

export function withTranscodeFallback(load: Types.ImageLoaderFn): Types.ImageLoaderFn {
  return (imageId, options) => {
    const key = instanceKeyOfImageId(imageId);
    if (transcodedInstances.has(key)) return { promise: loadOnce(load, imageId, options) };
    const transcoded = (nativeProblem: string) => {
      transcodedInstances.add(key);
      return loadOnce(load, imageId, options).catch((error: unknown) => {
        throw new Error(`cannot decode: as stored, ${nativeProblem}; transcoded by the PACS, ${describeLoadError(error)}`);
      });
    };
    const promise = loadOnce(load, imageId, options).then(
      (image) => {
        const bitsStored = (metaData.get('imagePixelModule', imageId) as { bitsStored?: number } | undefined)?.bitsStored;
        const syntax = (image as { transferSyntaxUID?: string }).transferSyntaxUID;
        return browserDecodeUntrusted(syntax, bitsStored) ? transcoded(`${syntax} is not decoded reliably in the browser`) : image;
      },
      (error: unknown) => transcoded(describeLoadError(error)),
    );
    return { promise };
  };
}
