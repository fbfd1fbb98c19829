/**
 * The Content-Security-Policy the built app runs under. The build injects inline <script>s into
 * index.html (the viewer preload); each is allowed by its sha256, computed here at start-up, so
 * script-src never needs 'unsafe-inline'. 'wasm-unsafe-eval' is for the codecs and onnxruntime.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/** 'sha256-…' sources for every inline script of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)]
    .map((match) => match[1])
    .filter((body) => body.trim() !== '')
    .map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}

export function contentSecurityPolicy(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...scriptHashes].join(' '),
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy for the build in `distDir` (no hashes when it has not been built yet). */
export function policyForDist(distDir: string): string {
  const index = join(distDir, 'index.html');
  return contentSecurityPolicy(existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : []);
}
