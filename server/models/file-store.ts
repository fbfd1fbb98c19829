/**
 * The registry's ONNX files on disk, named by their sha256 computed here (never a name from the
 * client): `<dir>/<sha256>.onnx`. Written to a temporary name and renamed, so a reader never sees
 * half a file; the same bytes uploaded twice are one file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Where the files live: DOKUEI_MODEL_STORE, else model-store/ in the server's state folder. */
export const modelStoreDir = (stateDir: string, env: NodeJS.ProcessEnv = process.env): string => env.DOKUEI_MODEL_STORE || join(stateDir, 'model-store');

export class ModelFileStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${JSON.stringify(sha256)}`);
    return join(this.dir, `${sha256}.onnx`);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Stores the bytes and gives their sha256. */
  put(bytes: Uint8Array): string {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256);
    if (existsSync(target)) return sha256;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temporary = join(this.dir, `.${randomUUID()}.part`);
    writeFileSync(temporary, bytes, { mode: 0o600 });
    renameSync(temporary, target);
    return sha256;
  }

  read(sha256: string): Uint8Array {
    return new Uint8Array(readFileSync(this.pathOf(sha256)));
  }
}
