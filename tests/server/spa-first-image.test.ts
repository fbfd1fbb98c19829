import { describe, expect, it } from 'vitest';
import { withFirstImageHint } from '../../server/static/spa-plugin';
import { FIRST_IMAGE_HINT_ID, FIRST_IMAGE_PREVIEW_ID } from '../../src/domain/viewer/first-image-hint';
import { CR_HINT } from '../support/first-image-hint';

const HTML = '<!doctype html><html><head><script>/* page script */</script></head><body></body></html>';

describe('withFirstImageHint', () => {
  it('puts the hint, then the preview the server has, before the page script, as data blocks that never run', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0x3c, 0x2f]);
    const url = `${CR_HINT.frameUrl}/rendered?viewport=956,900&quality=90`;
    const page = withFirstImageHint(HTML, CR_HINT, { url, answer: { status: 200, headers: { 'content-type': 'image/jpeg' }, body: jpeg } });
    const hintAt = page.indexOf(`<script type="application/json" id="${FIRST_IMAGE_HINT_ID}">`);
    const previewAt = page.indexOf(
      `<script type="text/plain" id="${FIRST_IMAGE_PREVIEW_ID}" data-url="${url.replace('&', '&amp;')}">${jpeg.toString('base64')}</script>`,
    );
    expect(hintAt).toBeGreaterThan(0);
    expect(previewAt).toBeGreaterThan(hintAt);
    expect(page.indexOf('/* page script */')).toBeGreaterThan(previewAt);
  });

  it('carries no preview block without a preview', () => {
    expect(withFirstImageHint(HTML, CR_HINT)).not.toContain(FIRST_IMAGE_PREVIEW_ID);
  });
});
