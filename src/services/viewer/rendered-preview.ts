/** Fetches and decodes the viewer's first paint (src/domain/viewer/rendered-preview.ts) into a bitmap. */
import { previewStretchLut, type PreviewRequest } from '../../domain/viewer/rendered-preview';

export async function fetchRenderedPreview(request: PreviewRequest, signal?: AbortSignal): Promise<ImageBitmap> {
  // The session cookie authorises it; Accept picks JPEG (the gateway passes Accept through to Orthanc).
  const response = await fetch(request.url, { headers: { Accept: 'image/jpeg' }, credentials: 'same-origin', signal });
  if (!response.ok) throw new Error(`rendered frame: HTTP ${response.status}`);
  const bitmap = await createImageBitmap(await response.blob());
  return request.stretch ? stretched(bitmap) : bitmap;
}

/** The percentile window applied to the preview's grey levels (JPEG decoding is the browser's, off the main thread). */
function stretched(bitmap: ImageBitmap): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return Promise.resolve(bitmap);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const lut = previewStretchLut(image.data);
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) data[i] = data[i + 1] = data[i + 2] = lut[data[i]];
  return createImageBitmap(image);
}
