/**
 * Rendered previews (the viewer's first paint), kept by the server for a while and started early.
 * - Started with the page: when the server serves a reader's study page whose first image it knows
 *   (server/worklist/first-image.ts), it computes the very render the page's inline script will ask for on
 *   the reader's screen (src/domain/viewer/screen-cookie.ts) and asks the PACS at once, while the browser is
 *   still starting the page.
 * - Kept: a preview is the same bytes for every reader on that screen (the instance does not change under
 *   its UID), so the next opening of the study, anyone's, is answered without a render. In memory only,
 *   bounded in bytes and age.
 * The browser's request still passes sign-in, allow-list and audit like any other.
 */
import type { FirstImageHint } from '../../src/domain/viewer/first-image-hint';
import { previewRequest } from '../../src/domain/viewer/rendered-preview';
import { screenBound } from '../../src/domain/viewer/screen-cookie';
import { matchAllowedRoute } from './allow-list';
import type { PacsAnswer } from './forward';
import { normaliseTarget } from './normalise-path';

/** Server-Timing of an answer that was ready or on its way before the browser asked: the page's resource timing (and tests) can tell. */
export const PREVIEW_KEPT_TIMING = 'preview-kept';

/** About 1,000 display-size JPEGs. */
const MAX_BYTES = 64 * 2 ** 20;
/** Renders on their way at once, all readers together: a burst of page loads cannot pile up on the PACS. */
const MAX_IN_FLIGHT = 16;
const KEEP_MS = 30 * 60_000;
/** Readers whose screen is remembered: a reader's new session (a new browser, a new sign-in) sends no cookie until its first page has run. */
const MAX_SCREENS = 1000;

type Bound = { width: number; height: number };

interface Entry {
  answer: Promise<PacsAnswer | null>;
  bytes: number;
  expires: number;
  done: boolean;
  /** The answer, once it has come. */
  ready?: PacsAnswer;
}

/** A preview the server has whole, and the same-origin URL the page asks for it by. */
export interface ReadyPreview {
  url: string;
  answer: PacsAnswer;
}

export class RenderedPreviews {
  /** In least-recently-used order (a Map keeps insertion order; a hit re-inserts). */
  private readonly entries = new Map<string, Entry>();
  private readonly screens = new Map<string, Bound>();
  private bytes = 0;

  constructor(
    private readonly readRendered: (upstreamPath: string) => Promise<PacsAnswer | null>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers the screen a reader's page told in its cookie (every request of the page carries it). */
  noteScreen(readerId: string, cookie: string | undefined): void {
    const bound = screenBound(cookie);
    if (!bound) return;
    this.screens.delete(readerId);
    if (this.screens.size >= MAX_SCREENS) this.screens.delete(this.screens.keys().next().value as string);
    this.screens.set(readerId, bound);
  }

  /**
   * Starts the render of `hint`'s preview (unless kept) for the screen of this request's cookie, else the
   * reader's last. A guess that turns out wrong (another screen) only costs the PACS one render.
   */
  start(readerId: string, cookie: string | undefined, hint: FirstImageHint): void {
    const target = this.targetFor(readerId, cookie, hint);
    if (target && (this.entries.has(target.upstreamPath) || this.inFlight() < MAX_IN_FLIGHT)) void this.answer(target.upstreamPath);
  }

  /** `hint`'s preview for the reader's screen when the server has it whole already (the page can then carry it), else null. */
  readyFor(readerId: string, cookie: string | undefined, hint: FirstImageHint): ReadyPreview | null {
    const target = this.targetFor(readerId, cookie, hint);
    const entry = target && this.entries.get(target.upstreamPath);
    if (!target || !entry?.ready || entry.expires <= this.now()) return null;
    return { url: target.url, answer: entry.ready };
  }

  private targetFor(readerId: string, cookie: string | undefined, hint: FirstImageHint): { url: string; upstreamPath: string } | null {
    const bound = screenBound(cookie) ?? this.screens.get(readerId);
    const url = bound && previewRequest(hint, bound).url;
    const upstreamPath = url && upstreamOf(url);
    return url && upstreamPath ? { url, upstreamPath } : null;
  }

  /** The kept answer (ready or on its way), else a new render; `kept` tells which. Null answers are the PACS's failures, not kept. */
  answer(upstreamPath: string): { kept: boolean; answer: Promise<PacsAnswer | null> } {
    const now = this.now();
    this.dropExpired(now);
    const entry = this.entries.get(upstreamPath);
    if (entry && entry.expires > now) {
      this.entries.delete(upstreamPath);
      this.entries.set(upstreamPath, entry);
      return { kept: true, answer: entry.answer };
    }
    if (this.inFlight() >= MAX_IN_FLIGHT) return { kept: false, answer: this.readRendered(upstreamPath) };
    const fresh: Entry = { answer: this.readRendered(upstreamPath), bytes: 0, expires: now + KEEP_MS, done: false };
    this.entries.set(upstreamPath, fresh);
    void fresh.answer.then((answer) => {
      fresh.done = true;
      if (this.entries.get(upstreamPath) !== fresh) return;
      if (!answer) return this.drop(upstreamPath, fresh);
      fresh.ready = answer;
      fresh.bytes = answer.body.length;
      this.bytes += fresh.bytes;
      this.evict();
    });
    return { kept: false, answer: fresh.answer };
  }

  private inFlight(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (!entry.done) count++;
    return count;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Patient data is not kept longer than KEEP_MS, pressure or not. */
  private dropExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.done && entry.expires <= now) this.drop(key, entry);
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= MAX_BYTES) return;
      if (entry.done) this.drop(key, entry);
    }
  }
}

/** The Orthanc path the gateway would forward the browser's `target` to, or null when it would refuse it. */
function upstreamOf(target: string): string | null {
  const normalised = normaliseTarget(target);
  if (!normalised.ok) return null;
  const match = matchAllowedRoute('GET', normalised.target);
  return match.ok && match.route.query === 'rendered' ? match.upstreamPath : null;
}
