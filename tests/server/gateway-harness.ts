/**
 * A real throw-away Orthanc with a few synthetic studies, direct (credentialed) counts of what it
 * holds, the gateway on a minimal Fastify with a test principal, and raw HTTP over node:net
 * (fetch and node:http normalise or refuse the malformed targets the attack suite must send).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { stowInstances } from '../../tools/seed/stow';
import { syntheticInstance } from '../../tools/seed/synthetic';
import type { AuditEvent, AuditTrail } from '../../server/audit/audit-event';
import { gatewayPlugin } from '../../server/gateway/gateway-plugin';
import type { Principal } from '../../server/principal';
import { fromPart10, type NaturalDataset, sourceImageFromDataset, type SourceImage } from '../../src/domain/dicom/sr';

export interface SeededStudy {
  studyUID: string;
  seriesUID: string;
  sopUID: string;
  patientID: string;
  source: SourceImage;
  image: NaturalDataset;
}

export interface TestPacs {
  pacs: PacsConfig;
  dir: string;
  studies: SeededStudy[];
  stop(): Promise<void>;
}

/** Orthanc with `count` synthetic single-image studies (synthetic numbers 1..count). */
export async function startTestPacs(count = 2): Promise<TestPacs> {
  const dir = mkdtempSync(join(tmpdir(), 'dokuei-gateway-orthanc-'));
  const pacs = await startOrthanc(dir);
  const files = Array.from({ length: count }, (_, i) => syntheticInstance(i + 1));
  const outcome = await stowInstances(
    pacs,
    files.map((file) => file.bytes),
  );
  if (outcome.stored.length !== count) throw new Error(`seeding Orthanc failed: ${JSON.stringify(outcome)}`);
  const studies = files.map((file) => {
    const image = fromPart10(file.bytes.slice().buffer as ArrayBuffer);
    return {
      studyUID: file.study.studyInstanceUid,
      seriesUID: file.study.images[0].seriesInstanceUid,
      sopUID: file.study.images[0].sopInstanceUid,
      patientID: file.study.patientId,
      source: sourceImageFromDataset(image),
      image,
    };
  });
  return {
    pacs,
    dir,
    studies,
    async stop() {
      await stopOrthanc(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Orthanc's own REST API, with its credentials: what is really stored. */
export async function orthancJson(pacs: PacsConfig, path: string): Promise<unknown> {
  const response = await fetch(`${pacs.url}${path}`, { headers: { Authorization: basicAuthHeader(pacs) ?? '' } });
  if (!response.ok) throw new Error(`Orthanc ${path}: ${response.status}`);
  return response.json();
}

export async function orthancCounts(pacs: PacsConfig): Promise<{ studies: number; instances: number }> {
  const [studies, instances] = (await Promise.all([orthancJson(pacs, '/studies'), orthancJson(pacs, '/instances')])) as unknown[][];
  return { studies: studies.length, instances: instances.length };
}

export interface GatewayApp {
  app: FastifyInstance;
  port: number;
  host: string;
  events: AuditEvent[];
  close(): Promise<void>;
}

/** The gateway alone on Fastify; `principalFor` stands in for the auth plugin (header x-test-user). */
export async function startGatewayApp(pacs: PacsConfig | null, principals: Record<string, Principal>): Promise<GatewayApp> {
  const app = Fastify({ logger: false });
  const events: AuditEvent[] = [];
  const audit: AuditTrail = { record: (event) => void events.push(event), query: async () => [], close: () => undefined };
  app.decorate('audit', audit);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const user = request.headers['x-test-user'];
    request.principal = typeof user === 'string' ? (principals[user] ?? null) : null;
  });
  await app.register(gatewayPlugin, { pacs });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, port, host: `127.0.0.1:${port}`, events, close: () => app.close() };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON body of any shape, read freely by the tests
  json: any;
}

/**
 * One HTTP/1.1 request written byte for byte on a socket (`Connection: close`), the answer parsed
 * by hand. `target` goes on the request line exactly as given.
 */
export function rawRequest(port: number, method: string, target: string, headers: Record<string, string> = {}, body?: Uint8Array): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(30_000, () => socket.destroy(new Error(`no answer to ${method} ${target}`)));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no HTTP answer to ${method} ${target}: ${all.toString('latin1').slice(0, 200)}`));
      const [statusLine, ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const answerHeaders: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        answerHeaders[name] = answerHeaders[name] ? `${answerHeaders[name]}, ${line.slice(colon + 1).trim()}` : line.slice(colon + 1).trim();
      }
      let payload: Buffer = all.subarray(end + 4);
      if (answerHeaders['transfer-encoding'] === 'chunked') payload = dechunk(payload);
      const text = payload.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: answerHeaders, body: payload, text, json });
    });
    const head = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() === 'host') head[1] = `Host: ${value}`;
      else head.push(`${name}: ${value}`);
    }
    if (body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) head.push(`Content-Length: ${body.length}`);
    socket.write(head.join('\r\n') + '\r\n\r\n');
    if (body) socket.write(body);
  });
}

function dechunk(payload: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = payload.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(payload.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(payload.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
