/**
 * A same-origin note that this browser had a session at its last page load, so a /study/ link may start
 * the study's requests before the session check answers (tools/vite/viewer-preload-plugin.ts, app/start-app.tsx).
 * Not a credential: the server still decides; a stale note costs one refused request, and without it a
 * browser that never signed in sends nothing to the PACS routes.
 */
export const SIGNED_IN_HINT_KEY = 'dokuei.signedIn';

export function probablySignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_HINT_KEY) === '1';
  } catch {
    return false;
  }
}

export function noteSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_HINT_KEY, '1');
    else localStorage.removeItem(SIGNED_IN_HINT_KEY);
  } catch {
    // Storage refused (private mode, quota): the study then loads after the session check.
  }
}
