import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { Tag } from '../../../src/domain/dicom/tags';
import type { PacsClient } from '../../../src/services/pacs/client';
import { useViewerStore } from '../../../src/services/viewer/viewer-store';

// The Cornerstone warm-up the store starts once the preview is settled: not this test's subject.
vi.mock('../../../src/services/viewer/cornerstone/setup', () => ({ ensureCornerstone: async () => undefined }));

const attr = (vr: string, value: string | number) => ({ vr, Value: [value] });
const IMAGE: DicomJson = {
  [Tag.SOPInstanceUID]: attr('UI', 'img.1'),
  [Tag.SeriesInstanceUID]: attr('UI', 'img'),
  [Tag.SOPClassUID]: attr('UI', '1.2.840.10008.5.1.4.1.1.1'),
  [Tag.Rows]: attr('US', 8),
  [Tag.Columns]: attr('US', 8),
};
/** loadStudy reads a study's series list and metadata only. */
const client = (reads: Pick<PacsClient, 'searchSeries' | 'retrieveStudyMetadata'>) => reads as PacsClient;
const pacs = (metadata: DicomJson[]) =>
  client({
    searchSeries: async () => [{ [Tag.SeriesInstanceUID]: attr('UI', 'img'), [Tag.Modality]: attr('CS', 'CT') }],
    retrieveStudyMetadata: async () => metadata,
  });
const state = () => useViewerStore.getState();

/** The preview request, held open until the test answers it. */
function holdPreview(): { answer: (response: Response) => void; url: () => string | undefined } {
  let answer: (response: Response) => void = () => undefined;
  const fetchFn = vi.fn((_url: string) => new Promise<Response>((resolve) => (answer = resolve)));
  vi.stubGlobal('fetch', fetchFn);
  return { answer: (response) => answer(response), url: () => fetchFn.mock.calls[0]?.[0] };
}

describe('viewer store: the preview comes before the Cornerstone chunk', () => {
  beforeEach(() => {
    vi.stubGlobal('innerWidth', 1000);
    vi.stubGlobal('innerHeight', 800);
  });
  afterEach(() => {
    state().reset();
    vi.unstubAllGlobals();
  });

  it('is unsettled while the rendered frame is on its way, settled once it failed', async () => {
    const preview = holdPreview();
    await state().loadStudy(pacs([IMAGE]), 'study', 'http://pacs/dicom-web');
    await vi.waitFor(() => expect(preview.url()).toContain('/frames/1/rendered'));
    expect(state()).toMatchObject({ status: 'ready', previewSettled: false });
    preview.answer(new Response(null, { status: 503 }));
    await vi.waitFor(() => expect(state().previewSettled).toBe(true));
    expect(state().firstPaint).toBe('none');
  });

  it('is settled at once for a study without displayable images, and after a failed study', async () => {
    const fetchFn = vi.fn();
    vi.stubGlobal('fetch', fetchFn);
    await state().loadStudy(pacs([]), 'empty', 'http://pacs/dicom-web');
    expect(state().previewSettled).toBe(true);
    const failing = client({ searchSeries: async () => Promise.reject(new Error('PACS unreachable')), retrieveStudyMetadata: async () => [] });
    await state().loadStudy(failing, 'failing', 'http://pacs/dicom-web');
    expect(state()).toMatchObject({ status: 'error', previewSettled: true });
    expect(fetchFn).not.toHaveBeenCalled();
  });
});
