import { beforeEach, describe, expect, it } from 'vitest';
import type { ViewportSession } from '../../../src/services/viewer/cornerstone/session';
import { clearViewport, isRequestedImageShown, updateViewport, viewportOf } from '../../../src/services/viewer/viewport-store';

/** The store only holds the session; nothing calls it here. */
const session = {} as ViewportSession;

describe('viewport store keyed by pane', () => {
  beforeEach(() => {
    for (const pane of ['current', 'prior'] as const) updateViewport(pane, { session: null });
    clearViewport('current');
    clearViewport('prior');
  });

  it('keeps each pane apart', () => {
    updateViewport('prior', { voi: { windowCenter: 40, windowWidth: 400 }, zoom: 2 });
    expect(viewportOf('prior')).toMatchObject({ voi: { windowCenter: 40, windowWidth: 400 }, zoom: 2 });
    expect(viewportOf('current')).toMatchObject({ voi: null, zoom: null });
  });

  it('clearing forgets what the pane showed but keeps its session', () => {
    updateViewport('prior', { session, currentImageId: 'a', shownImageId: 'a', imageIndex: 3, zoom: 1.5 });
    clearViewport('prior');
    expect(viewportOf('prior')).toEqual({ session, imageIndex: 0, currentImageId: null, shownImageId: null, voi: null, zoom: null });
  });

  it('the requested image is shown once the drawn one is the same', () => {
    expect(isRequestedImageShown({ currentImageId: null, shownImageId: null })).toBe(false);
    expect(isRequestedImageShown({ currentImageId: 'b', shownImageId: 'a' })).toBe(false);
    expect(isRequestedImageShown({ currentImageId: 'b', shownImageId: 'b' })).toBe(true);
  });
});
