import { beforeEach, describe, expect, it } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { Tag } from '../../../src/domain/dicom/tags';
import { pickPriorSeries } from '../../../src/services/priors/load-prior-series';
import { priorPaneListener, priorRenderState, usePriorPane } from '../../../src/services/priors/prior-pane-store';
import type { Series } from '../../../src/domain/study/series';
import { viewportOf } from '../../../src/services/viewer/viewport-store';

const attr = (vr: string, value: string | number) => ({ vr, Value: [value] });
const series = (uid: string): DicomJson => ({ [Tag.SeriesInstanceUID]: attr('UI', uid), [Tag.Modality]: attr('CS', 'CR') });
const instance = (sop: string, withPixels: boolean, seriesUid: string): DicomJson => ({
  [Tag.SOPInstanceUID]: attr('UI', sop),
  [Tag.SeriesInstanceUID]: attr('UI', seriesUid),
  [Tag.SOPClassUID]: attr('UI', '1.2.840.10008.5.1.4.1.1.1'),
  ...(withPixels ? { [Tag.Rows]: attr('US', 8), [Tag.Columns]: attr('US', 8) } : {}),
});

/** A PACS holding one study with a report-only series and, optionally, an image series. */
const pacs = (withImage: boolean) => ({
  searchSeries: async () => [series('sr'), ...(withImage ? [series('img')] : [])],
  retrieveStudyMetadata: async () => ['sr', ...(withImage ? ['img'] : [])].map((uid) => instance(`${uid}.1`, uid === 'img', uid)),
});

const state = () => usePriorPane.getState();

describe('prior pane slice', () => {
  beforeEach(() => state().reset());

  it('loads the prior image series and follows its viewport to "shown"', async () => {
    await state().load(pacs(true), 'prior', 'http://pacs/dicom-web');
    expect(state().status).toBe('ready');
    const [imageId] = state().series!.imageIds;
    expect(imageId).toContain('/studies/prior/series/img/instances/img.1/frames/1');
    priorPaneListener.imageRequested(imageId, 0);
    expect(priorRenderState(state(), viewportOf('prior'))).toBe('loading');
    priorPaneListener.imageShown(imageId, 0);
    expect(priorRenderState(state(), viewportOf('prior'))).toBe('shown');
  });

  it('a prior without images says so', async () => {
    await state().load(pacs(false), 'prior', 'http://pacs/dicom-web');
    expect(state()).toMatchObject({ status: 'error', error: 'this prior has no displayable images' });
    expect(priorRenderState(state(), viewportOf('prior'))).toBe('error');
  });

  it('a failing image marks this pane only; events of the previously shown prior are dropped', async () => {
    await state().load(pacs(true), 'prior', 'http://pacs/dicom-web');
    const [imageId] = state().series!.imageIds;
    priorPaneListener.imageFailed('wadors:http://pacs/dicom-web/studies/older/series/s/instances/i/frames/1', 'cannot decode');
    priorPaneListener.imageShown('wadors:http://pacs/dicom-web/studies/older/series/s/instances/i/frames/1', 0);
    expect(state().error).toBeNull();
    expect(viewportOf('prior').shownImageId).toBeNull();
    priorPaneListener.imageFailed(imageId, 'cannot decode');
    expect(state().error).toBe('image cannot be shown: cannot decode');
  });

  it('a PACS failure is the pane’s error', async () => {
    const failing = { searchSeries: async () => Promise.reject(new Error('PACS unreachable')), retrieveStudyMetadata: async () => [] };
    await state().load(failing, 'prior', 'http://pacs/dicom-web');
    expect(state()).toMatchObject({ status: 'error', error: 'PACS unreachable' });
  });
});

describe('pickPriorSeries (hanging the same view)', () => {
  const viewerSeries = (uid: string, seriesNumber: number, description: string, imageCount = 1): Series => ({
    seriesInstanceUid: uid,
    seriesNumber,
    modality: 'CR',
    description,
    images: [],
    nonImages: [],
    imageIds: Array.from({ length: imageCount }, (_, i) => `${uid}/${i}`),
  });
  const study = [viewerSeries('sr', 0, 'CHEST PA', 0), viewerSeries('lat', 1, 'CHEST LATERAL'), viewerSeries('pa', 2, 'CHEST PA')];

  it.each<[string | undefined, string]>([
    ['chest pa ', 'pa'],
    ['CHEST LATERAL', 'lat'],
    ['CHEST AP', 'lat'],
    [undefined, 'lat'],
  ])('current view %s → prior series %s', (description, expected) => {
    expect(pickPriorSeries(study, description)?.seriesInstanceUid).toBe(expected);
  });

  it('none without images', () => {
    expect(pickPriorSeries([viewerSeries('sr', 1, 'report', 0)], 'report')).toBeUndefined();
  });
});
