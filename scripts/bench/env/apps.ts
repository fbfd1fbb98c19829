import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLogged, spawnDetached, stopGroup, waitForHttp } from '../../../e2e/support/processes';
import { freePort } from '../../lib/free-port';
import { STATE_DIR, type PacsConfig } from '../../lib/pacs-config';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const VITE = join(REPO, 'node_modules/vite/bin/vite.js');
const OHIF_VITE_CONFIG = fileURLToPath(new URL('./ohif.vite.config.ts', import.meta.url));

/** The OHIF release measured against: its npm package ships the prebuilt viewer in dist/. */
const OHIF_VERSION = '3.13.2';

export interface ServedApp {
  origin: string;
  pid: number;
}

function pacsEnv(pacs: PacsConfig): NodeJS.ProcessEnv {
  return { ...process.env, DOKUEI_PACS_URL: pacs.url, DOKUEI_PACS_USER: pacs.username, DOKUEI_PACS_PASSWORD: pacs.password };
}

async function preview(name: string, extraArgs: string[], outDir: string, root: string, pacs: PacsConfig): Promise<ServedApp> {
  const port = await freePort();
  const args = [VITE, 'preview', ...extraArgs, '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const pid = spawnDetached(process.execPath, args, join(root, `${name}-preview.log`), pacsEnv(pacs));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/`, pid, 60_000);
  } catch (error) {
    await stopGroup(pid);
    throw error;
  }
  return { origin, pid };
}

/** Builds the app as shipped (`vite build`) into the temp root and serves it with `vite preview`. */
export async function serveDokuei(root: string, pacs: PacsConfig): Promise<ServedApp> {
  const outDir = join(root, 'dokuei-dist');
  const buildArgs = [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  await runLogged(process.execPath, buildArgs, join(root, 'dokuei-build.log'), process.env);
  return preview('dokuei', [], outDir, root, pacs);
}

/**
 * OHIF's prebuilt dist from the npm tarball (`npm pack`, cached under .dokuei/bench). The package is
 * not installed: it would pull React 18 and @ohif/* libraries the prebuilt bundle does not need.
 */
function ohifTarball(): string {
  const cache = resolve(STATE_DIR, 'bench');
  const tarball = join(cache, `ohif-app-${OHIF_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    mkdirSync(cache, { recursive: true });
    console.log(`bench: fetching @ohif/app@${OHIF_VERSION} with npm pack (≈50 MB, once)`);
    execFileSync('npm', ['pack', `@ohif/app@${OHIF_VERSION}`, '--pack-destination', cache, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return tarball;
}

/** A minimal OHIF configuration whose only data source is the proxied DICOMweb root of the same origin. */
function ohifAppConfig(): string {
  const config = {
    routerBasename: '/',
    extensions: [],
    modes: [],
    showStudyList: true,
    maxNumberOfWebWorkers: 3,
    showWarningMessageForCrossOrigin: false,
    showCPUFallbackMessage: false,
    showLoadingIndicator: true,
    defaultDataSourceName: 'orthanc',
    dataSources: [
      {
        namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
        sourceName: 'orthanc',
        configuration: {
          friendlyName: 'Bench Orthanc',
          name: 'orthanc',
          wadoUriRoot: '/wado',
          qidoRoot: '/dicom-web',
          wadoRoot: '/dicom-web',
          qidoSupportsIncludeField: false,
          imageRendering: 'wadors',
          thumbnailRendering: 'wadors',
          enableStudyLazyLoad: true,
          supportsFuzzyMatching: false,
          supportsWildcard: true,
          omitQuotationForMultipartRequest: true,
          bulkDataURI: { enabled: true },
        },
      },
    ],
  };
  return `window.config = ${JSON.stringify(config, null, 2)};\n`;
}

/** OHIF's dist with our app-config.js, served by `vite preview` with the same PACS proxy as Dokuei. */
export async function serveOhif(root: string, pacs: PacsConfig): Promise<ServedApp> {
  const tarball = ohifTarball();
  const unpacked = join(root, 'ohif');
  mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', unpacked]);
  const dist = join(unpacked, 'package', 'dist');
  writeFileSync(join(dist, 'app-config.js'), ohifAppConfig());
  return preview('ohif', ['--config', OHIF_VITE_CONFIG], dist, root, pacs);
}

export const stopApp = (app: ServedApp) => stopGroup(app.pid);
