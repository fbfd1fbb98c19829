/** A second opinion on SR structure: DCMTK's dsrdump checks the Comprehensive SR relationship constraints. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toPart10 } from '../../../../src/domain/dicom/sr';
import { threeDocuments } from './documents';

const DSRDUMP = '/usr/bin/dsrdump';
const dir = mkdtempSync(join(tmpdir(), 'dokuei-sr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DCMTK dsrdump (installed by tools/setup.sh)', () => {
  it('is installed', () => expect(existsSync(DSRDUMP), `${DSRDUMP} missing: apt-get install dcmtk`).toBe(true));
  it.each(Object.entries(threeDocuments()))('reads the %s SR without errors', (kind, dataset) => {
    const file = join(dir, `${kind}.dcm`);
    writeFileSync(file, new Uint8Array(toPart10(dataset)));
    // Non-zero exit (thrown) on any structural error; stderr lists them.
    const output = execFileSync(DSRDUMP, [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toContain('Comprehensive SR Document');
  });
});
