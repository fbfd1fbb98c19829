import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLogged, spawnDetached, stopGroup, waitForHttp } from '../../../e2e/support/processes';
import { signIn, startDokueiServer, storageState } from '../../lib/dokuei-server';
import { STATE_DIR, type PacsConfig } from '../../lib/pacs-config';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const VITE = join(REPO, 'node_modules/vite/bin/vite.js');
const OHIF_VITE_CONFIG = fileURLToPath(new URL('./ohif.vite.config.ts', import.meta.url));

/** The OHIF release measured against: its npm package ships the prebuilt viewer in dist/. */
const OHIF_VERSION = '3.13.2';

/** Env variable through which the OHIF vite config learns where the Dokuei server is. */
export const OHIF_GATEWAY_ENV = 'DOKUEI_BENCH_GATEWAY_URL';

export type SignedInState = ReturnType<typeof storageState>;

export interface ServedApp {
  origin: string;
  /** Its process group: stopApp stops it and its children. */
  pid: number;
}

export interface DokueiApp extends ServedApp {
  /** The `vite build` output the server serves (the AI bench reads asset names from it). */
  distDir: string;
  /** A Playwright storage state signed in as the bench reader; a new session per call, like a reader's fresh browser. */
  signedIn(): Promise<SignedInState>;
}

async function preview(name: string, extraArgs: string[], outDir: string, root: string, port: number, env: NodeJS.ProcessEnv): Promise<ServedApp> {
  const args = [VITE, 'preview', ...extraArgs, '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const pid = spawnDetached(process.execPath, args, join(root, `${name}-preview.log`), env);
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/`, pid, 60_000);
  } catch (error) {
    await stopGroup(pid);
    throw error;
  }
  return { origin, pid };
}

export interface ServeDokueiOptions {
  /** Host header values of proxies in front of the server (the OHIF peer's `127.0.0.1:<port>`). */
  allowedHosts?: string[];
  /** The server's database: with it the worklist reads the server's index (GET /api/worklist), else the browser walks QIDO. */
  databaseUrl?: string;
}

/**
 * Builds the app as shipped (`vite build`) into the temp root and serves it with the Dokuei server,
 * as `npm start` does: sessions, audit trail and the PACS gateway all in the measured path.
 */
export async function serveDokuei(root: string, pacs: PacsConfig, options: ServeDokueiOptions = {}): Promise<DokueiApp> {
  const distDir = join(root, 'dokuei-dist');
  const buildArgs = [VITE, 'build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'];
  await runLogged(process.execPath, buildArgs, join(root, 'dokuei-build.log'), process.env);
  const account = {
    name: 'bench',
    password: randomBytes(18).toString('base64url'),
    role: 'reader' as const,
    displayName: 'Bench Reader',
    dicomName: 'Bench^Reader',
  };
  const server = await startDokueiServer({
    dir: join(root, 'dokuei-server'),
    distDir,
    pacs,
    accounts: [account],
    allowedHosts: options.allowedHosts,
    ...(options.databaseUrl ? { env: { DOKUEI_DATABASE_URL: options.databaseUrl } } : {}),
  });
  return {
    origin: server.baseURL,
    pid: server.pid,
    distDir,
    signedIn: async () => storageState(server.baseURL, await signIn(server.baseURL, account.name, account.password)),
  };
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

/**
 * OHIF's dist with our app-config.js, served by `vite preview` on `port` (picked before the Dokuei
 * server started, which must accept that Host), its /dicom-web proxied to the Dokuei server: both
 * viewers reach the PACS through the same gateway, with the same session.
 */
export async function serveOhif(root: string, gatewayURL: string, port: number): Promise<ServedApp> {
  const tarball = ohifTarball();
  const unpacked = join(root, 'ohif');
  mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', unpacked]);
  const dist = join(unpacked, 'package', 'dist');
  writeFileSync(join(dist, 'app-config.js'), ohifAppConfig());
  return preview('ohif', ['--config', OHIF_VITE_CONFIG], dist, root, port, { ...process.env, [OHIF_GATEWAY_ENV]: gatewayURL });
}

export const stopApp = (app: ServedApp) => stopGroup(app.pid);
