import { readFileSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { isOrthancRunning, orthancLogTail, startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { writePart10, type NaturalDataset } from '../../tools/seed/dicom-writer';
import { storeFiles, type StoreReport } from '../../tools/seed/stow';
import { readE2eState, type E2eState } from './state';

/** The PACS behind the app under test, with the means to break and repair it. */
export interface PacsHandle extends PacsConfig {
  seeded: E2eState['seeded'];
  /** Takes Orthanc down (SIGTERM by PID, waits for exit): the app's proxy then answers 502. */
  stopOrthanc(): Promise<void>;
  /** Brings the same Orthanc back on the same port with the same store. */
  startOrthanc(): Promise<void>;
  /** Stores a DICOM file (path or bytes) via STOW-RS; rejected files are listed, not thrown. */
  stowFile(file: string | Uint8Array): Promise<StoreReport>;
  /** Writes a dcmjs-style naturalized dataset as Part 10 (Explicit VR LE) and stores it. */
  stowDataset(dataset: NaturalDataset): Promise<StoreReport>;
}

export function pacsHandle(state: E2eState = readE2eState()): PacsHandle {
  const port = Number(new URL(state.pacs.url).port);
  return {
    ...state.pacs,
    seeded: state.seeded,
    stopOrthanc: async () => {
      await stopOrthanc(state.orthancDir);
    },
    startOrthanc: async () => {
      await startOrthanc(state.orthancDir, { port, postgres: state.orthancIndex });
    },
    stowFile: (file) =>
      storeFiles(state.pacs, [typeof file === 'string' ? { name: file, bytes: new Uint8Array(readFileSync(file)) } : { name: 'bytes', bytes: file }]),
    stowDataset: (dataset) => storeFiles(state.pacs, [{ name: 'dataset', bytes: writePart10(dataset) }]),
  };
}

/**
 * Import `test` and `expect` from here in every spec: `baseURL` points at the Dokuei server started
 * by global setup (so page.goto('/') works), pages start signed in as the `reader` account, the
 * `pacs` fixture gives the Orthanc behind it, and any Content-Security-Policy violation a page
 * reports fails the test (the app must run under the server's strict CSP).
 */
export const test = base.extend<{ pacs: PacsHandle; cspGuard: void }>({
  baseURL: async ({}, use) => {
    await use(readE2eState().baseURL);
  },
  storageState: async ({}, use) => {
    await use(readE2eState().storageStatePath);
  },
  cspGuard: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`);
        });
      });
      context.on('console', (message) => {
        const text = message.text();
        if (/CSP violation|Content Security Policy/i.test(text)) violations.push(text);
      });
      await use();
      expect(violations, 'Content-Security-Policy violations reported by the page').toEqual([]);
    },
    { auto: true },
  ],
  // Auto: even specs that never ask for `pacs` get a dead Orthanc reported and restarted.
  pacs: [
    async ({}, use) => {
      const handle = pacsHandle();
      const { orthancDir } = readE2eState();
      let stoppedOnPurpose = false;
      await use({
        ...handle,
        stopOrthanc: async () => {
          stoppedOnPurpose = true;
          await handle.stopOrthanc();
        },
      });
      const crashed = !stoppedOnPurpose && !isOrthancRunning(orthancDir);
      const log = crashed ? orthancLogTail(orthancDir, 30) : '';
      // A test that took the PACS down must not leave it down for the next one.
      await handle.startOrthanc();
      if (crashed) throw new Error(`Orthanc died during this test (restarted for the next one). Its log ends:\n${log}`);
    },
    { auto: true },
  ],
});

export { expect };
