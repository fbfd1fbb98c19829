/**
 * Every glyph the UI renders must exist in the fonts a Debian Chromium has (DejaVu): no emoji or
 * miscellaneous-technical symbols such as ⏱ (U+23F1), which render as a missing-glyph box there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// eslint-disable-next-line no-misleading-character-class -- U+FE0F is listed on its own on purpose: an emoji presentation selector is itself unsupported
const UNSUPPORTED = /[\u{2300}-\u{23FF}\u{2600}-\u{26FF}\u{2700}-\u{27BF}\u{2B00}-\u{2BFF}\u{FE0F}\u{1F000}-\u{1FFFF}]/u;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(tsx?|css)$/.test(name) ? [path] : [];
  });
}

describe('glyphs', () => {
  it('src/ui and src/app use no emoji or symbols DejaVu lacks', () => {
    const offending = ['src/ui', 'src/app']
      .flatMap(files)
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ file, line: i + 1, text: line })),
      )
      .filter(({ text }) => UNSUPPORTED.test(text))
      .map(({ file, line, text }) => `${file}:${line}: ${text.trim()}`);
    expect(offending).toEqual([]);
  });
});
