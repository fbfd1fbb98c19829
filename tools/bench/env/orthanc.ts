import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnDetached, stopGroup } from '../../../e2e/support/processes';
import { freePort } from '../../lib/free-port';
import type { PacsConfig } from '../../lib/pacs-config';
import { buildOrthancConfig, ORTHANC_BINARY, ORTHANC_PLUGIN_DIR } from '../../orthanc/config';
import { pingOrthanc } from '../../orthanc/orthanc';
import { orthancEnv } from '../../orthanc/thread-stack';

/** The Orthanc Web Viewer plugin: the third peer of the first-image bench. */
const WEB_VIEWER_PLUGIN = `${ORTHANC_PLUGIN_DIR}/libOrthancWebViewer.so`;

/** Debian package orthanc-webviewer (tools/bench.sh installs it when run as root). */
export const webViewerInstalled = () => existsSync(WEB_VIEWER_PLUGIN);

export interface BenchOrthanc {
  pacs: PacsConfig;
  pid: number;
}

/**
 * A throw-away Orthanc on a free port with its store under `dir`: the project's configuration
 * (DICOMweb, GDCM) plus the Web Viewer plugin, which the launcher in tools/orthanc does not load.
 */
export async function startBenchOrthanc(dir: string): Promise<BenchOrthanc> {
  const port = await freePort();
  const pacs: PacsConfig = { url: `http://127.0.0.1:${port}`, username: 'bench', password: randomBytes(18).toString('base64url') };
  const storageDir = join(dir, 'db');
  mkdirSync(storageDir, { recursive: true });
  const config = buildOrthancConfig({ port, storageDir, username: pacs.username, password: pacs.password });
  if (webViewerInstalled()) config.Plugins = [...(config.Plugins as string[]), WEB_VIEWER_PLUGIN];
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  const pid = spawnDetached(ORTHANC_BINARY, [configPath], join(dir, 'orthanc.log'), orthancEnv());
  const deadline = Date.now() + 30_000;
  while (!(await pingOrthanc(pacs, 1000))) {
    if (Date.now() > deadline) {
      await stopGroup(pid);
      throw new Error(`bench Orthanc did not start; see ${join(dir, 'orthanc.log')}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { pacs, pid };
}

/** Orthanc's REST API (not DICOMweb), for the Web Viewer's series ids. */
export async function orthancJson<T>(pacs: PacsConfig, path: string, body?: string): Promise<T> {
  const auth = 'Basic ' + Buffer.from(`${pacs.username}:${pacs.password}`).toString('base64');
  const response = await fetch(`${pacs.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: auth },
    body,
  });
  if (!response.ok) throw new Error(`Orthanc ${path} answered HTTP ${response.status}`);
  return (await response.json()) as T;
}
