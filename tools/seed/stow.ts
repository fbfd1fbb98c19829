import { randomBytes } from 'node:crypto';
import { basicAuthHeader, type PacsConfig } from '../lib/pacs-config';

export interface StowOutcome {
  httpStatus: number;
  /** SOP Instance UIDs the PACS referenced as stored. */
  stored: string[];
  /** Failure reasons the PACS listed (Orthanc does not say which part each belongs to). */
  failureReasons: string[];
}

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;
const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_INSTANCE_UID = '00081155';
const FAILURE_REASON = '00081197';

function authHeaders(pacs: PacsConfig): Record<string, string> {
  const auth = basicAuthHeader(pacs);
  return auth ? { Authorization: auth } : {};
}

/** One STOW-RS request (multipart/related; type="application/dicom") carrying several Part 10 files. */
export function multipartBody(files: Uint8Array[], boundary: string): Uint8Array<ArrayBuffer> {
  const chunks: Uint8Array[] = [];
  for (const file of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), file, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

function sequence(json: DicomJson, tag: string): DicomJson[] {
  return (json[tag]?.Value ?? []) as DicomJson[];
}

/** STOW-RS to {pacs.url}/dicom-web/studies. Throws only when the answer is not DICOM JSON. */
export async function stowInstances(pacs: PacsConfig, files: Uint8Array[]): Promise<StowOutcome> {
  const boundary = `dokuei-${randomBytes(12).toString('hex')}`;
  const response = await fetch(`${pacs.url}/dicom-web/studies`, {
    method: 'POST',
    headers: {
      ...authHeaders(pacs),
      Accept: 'application/dicom+json',
      'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
    },
    body: multipartBody(files, boundary),
  });
  const text = await response.text();
  let json: DicomJson;
  try {
    json = JSON.parse(text) as DicomJson;
  } catch {
    throw new Error(`STOW-RS answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  return {
    httpStatus: response.status,
    stored: sequence(json, REFERENCED_SOP_SEQUENCE).map((item) => String(item[REFERENCED_SOP_INSTANCE_UID]?.Value?.[0])),
    failureReasons: sequence(json, FAILED_SOP_SEQUENCE).map((item) => `failure reason ${String(item[FAILURE_REASON]?.Value?.[0] ?? 'unknown')}`),
  };
}

export interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

export interface StoreReport {
  stored: number;
  rejected: { name: string; reason: string }[];
}

/**
 * Stores a batch in one request; when the PACS refuses any part, sends the files one by one to
 * tell which were refused and why (re-sending is harmless: the PACS overwrites by SOP Instance UID).
 */
export async function storeFiles(pacs: PacsConfig, files: NamedFile[]): Promise<StoreReport> {
  if (files.length === 0) return { stored: 0, rejected: [] };
  const batch = await stowInstances(
    pacs,
    files.map((file) => file.bytes),
  );
  if (batch.httpStatus === 200 && batch.stored.length === files.length) return { stored: files.length, rejected: [] };
  if (files.length === 1) {
    // Orthanc's REST upload explains what STOW-RS reports only as a numeric failure reason.
    const rest = await orthancRestUpload(pacs, files[0].bytes);
    if (rest?.stored) return { stored: 1, rejected: [] };
    const reason = rest?.reason ?? batch.failureReasons[0] ?? `STOW-RS answered HTTP ${batch.httpStatus}`;
    return { stored: 0, rejected: [{ name: files[0].name, reason }] };
  }
  const report: StoreReport = { stored: 0, rejected: [] };
  for (const file of files) {
    const single = await storeFiles(pacs, [file]);
    report.stored += single.stored;
    report.rejected.push(...single.rejected);
  }
  return report;
}

/**
 * Stores files in batches of `batchSize`, `concurrency` requests in flight (files are built lazily,
 * so at most that many batches sit in memory).
 */
export async function storeConcurrently(
  pacs: PacsConfig,
  files: (() => NamedFile)[],
  { batchSize, concurrency }: { batchSize: number; concurrency: number },
  progress: (count: number) => void,
): Promise<StoreReport> {
  const report: StoreReport = { stored: 0, rejected: [] };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const batch = files.slice(next, next + batchSize).map((build) => build());
      next += batchSize;
      const result = await storeFiles(pacs, batch);
      report.stored += result.stored;
      report.rejected.push(...result.rejected);
      progress(batch.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}

/** POST /instances (Orthanc's REST API); null when the PACS does not speak it. */
async function orthancRestUpload(pacs: PacsConfig, file: Uint8Array): Promise<{ stored: boolean; reason?: string } | null> {
  try {
    const response = await fetch(`${pacs.url}/instances`, {
      method: 'POST',
      headers: { ...authHeaders(pacs), 'Content-Type': 'application/dicom' },
      body: new Uint8Array(file),
    });
    if (response.ok) return { stored: true };
    const body = (await response.json()) as { Message?: string; Details?: string };
    return { stored: false, reason: [body.Message, body.Details].filter(Boolean).join(': ') || `HTTP ${response.status}` };
  } catch {
    return null;
  }
}
