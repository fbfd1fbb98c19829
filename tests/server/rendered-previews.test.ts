import { describe, expect, it } from 'vitest';
import type { PacsAnswer } from '../../server/gateway/forward';
import { RenderedPreviews } from '../../server/gateway/rendered-previews';
import { matchAllowedRoute } from '../../server/gateway/allow-list';
import { normaliseTarget } from '../../server/gateway/normalise-path';
import type { FirstImageHint } from '../../src/domain/viewer/first-image-hint';
import { previewRequest } from '../../src/domain/viewer/rendered-preview';
import { CR_HINT } from '../support/first-image-hint';

const HINT = CR_HINT;
const SCREEN = '1280x900x1.25';

/** The Orthanc path the gateway forwards the page's own preview request to (the page fits the preview to its window × dpr). */
function pagesUpstream(innerWidth: number, innerHeight: number, dpr: number, hint: FirstImageHint = HINT): string {
  const page = previewRequest({ ...hint, frameUrl: `https://dokuei.example${hint.frameUrl}` }, { width: innerWidth * dpr, height: innerHeight * dpr });
  const url = new URL(page.url);
  const normalised = normaliseTarget(url.pathname + url.search);
  if (!normalised.ok) throw new Error(normalised.reason);
  const match = matchAllowedRoute('GET', normalised.target);
  if (!match.ok) throw new Error(match.error);
  return match.upstreamPath;
}

function harness(bodyBytes = 2) {
  const asked: string[] = [];
  let now = 1_000;
  let fail = false;
  const previews = new RenderedPreviews(
    (path) => {
      asked.push(path);
      return Promise.resolve(fail ? null : ({ status: 200, headers: { 'content-type': 'image/jpeg' }, body: Buffer.alloc(bodyBytes) } satisfies PacsAnswer));
    },
    () => now,
  );
  return { previews, asked, advance: (ms: number) => (now += ms), failing: () => (fail = true) };
}

const settle = () => new Promise((done) => setTimeout(done, 0));

describe('RenderedPreviews', () => {
  it('starts, with the page, the render the page will ask for; the page and later openings take it without another render', async () => {
    const { previews, asked } = harness();
    previews.start('alice', SCREEN, HINT);
    const upstream = pagesUpstream(1280, 900, 1.25);
    expect(asked).toEqual([upstream]);
    const first = previews.answer(upstream);
    expect(first.kept).toBe(true);
    expect((await first.answer)?.status).toBe(200);
    expect(previews.answer(upstream).kept).toBe(true);
    expect(asked).toEqual([upstream]);
  });

  it("without a cookie, uses the reader's last screen; with neither, starts nothing", () => {
    const { previews, asked } = harness();
    previews.start('alice', undefined, HINT);
    previews.noteScreen('bob', '1920x1080x1');
    previews.start('alice', 'garbage', HINT);
    expect(asked).toEqual([]);
    previews.noteScreen('alice', '1920x1080x2');
    previews.start('alice', undefined, HINT);
    expect(asked).toEqual([pagesUpstream(1920, 1080, 2)]);
  });

  it('keeps nothing the PACS failed on, and nothing older than 30 minutes', async () => {
    const { previews, asked, advance, failing } = harness();
    const upstream = pagesUpstream(1280, 900, 1.25);
    previews.answer(upstream);
    await settle();
    advance(30 * 60_000);
    expect(previews.answer(upstream).kept).toBe(false);
    failing();
    const other = pagesUpstream(800, 600, 1);
    expect(await previews.answer(other).answer).toBeNull();
    await settle();
    expect(previews.answer(other).kept).toBe(false);
    expect(asked.length).toBe(4);
  });

  it('holds at most 64 MiB, dropping the least recently used', async () => {
    const { previews } = harness(10 * 2 ** 20);
    const paths = Array.from({ length: 8 }, (_, i) => pagesUpstream(1280, 900, 1, { ...HINT, frameUrl: HINT.frameUrl.replace(/1$/, String(i + 1)) }));
    for (const path of paths.slice(0, 6)) {
      previews.answer(path);
      await settle();
    }
    previews.answer(paths[0]); // used again: now the most recent
    for (const path of paths.slice(6)) {
      previews.answer(path);
      await settle();
    }
    const kept = paths.map((path) => previews.answer(path).kept);
    expect(kept.slice(0, 3)).toEqual([true, false, false]);
  });

  it("hands a page the preview it has whole for the reader's screen, with the URL the page asks for it by", async () => {
    const { previews } = harness();
    expect(previews.readyFor('alice', SCREEN, HINT)).toBeNull();
    previews.start('alice', SCREEN, HINT);
    expect(previews.readyFor('alice', SCREEN, HINT)).toBeNull(); // still on its way
    await settle();
    const ready = previews.readyFor('alice', SCREEN, HINT);
    expect(ready?.url).toBe(previewRequest(HINT, { width: 1280 * 1.25, height: 900 * 1.25 }).url);
    expect(ready?.answer.status).toBe(200);
    expect(previews.readyFor('alice', '800x600x1', HINT)).toBeNull();
  });

  it('starts nothing the gateway would refuse', () => {
    const { previews, asked } = harness();
    previews.start('alice', SCREEN, { ...HINT, query: 'quality=90&_method=DELETE' });
    previews.start('alice', SCREEN, { ...HINT, frameUrl: '/dicom-web/studies/1.2.3/../../tools' });
    expect(asked).toEqual([]);
  });
});
