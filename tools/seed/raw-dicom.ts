import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import dicomParser from 'dicom-parser';
import type { NamedFile } from './stow';

/** Every *.dcm under a folder, as it is on disk (valid, unusual and malformed alike). */
export function readRawDicomFiles(folder: string): NamedFile[] {
  const files: NamedFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.toLowerCase().endsWith('.dcm')) {
        files.push({ name: relative(folder, path), bytes: new Uint8Array(readFileSync(path)) });
      }
    }
  };
  walk(folder);
  return files;
}

/** The SOP Instance UID of a file, or null when it cannot be parsed (malformed files are sent anyway). */
export function sopInstanceUidOf(bytes: Uint8Array): string | null {
  for (const options of [undefined, { TransferSyntaxUID: '1.2.840.10008.1.2' }]) {
    try {
      const uid = dicomParser.parseDicom(bytes, { ...options, untilTag: 'x00080018' }).string('x00080018');
      if (uid) return uid.trim();
    } catch {
      // try the next reading (files without preamble or meta are raw implicit VR)
    }
  }
  return null;
}
