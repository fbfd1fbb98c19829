import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, REPO_ROOT } from '../support/data-dir';

const IDS = ['cxr-triage', 'cxr-qa', 'cxr-lungs'];
const work = mkdtempSync(join(tmpdir(), 'dokuei-model-cards-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A hand edit of a card, or a manifest change without re-rendering, fails here: the cards are the script's output. */
describe('model cards are what models/training/model_card.py renders from the manifests', () => {
  const render = spawnSync('/usr/bin/python3', [join(REPO_ROOT, 'models/training/model_card.py'), '--id', ...IDS, '--out-dir', work], {
    encoding: 'utf8',
  });

  it.each(IDS)('%s.MODEL_CARD.md', (id) => {
    expect(render.status, `model_card.py failed: ${render.stderr}`).toBe(0);
    const rendered = readFileSync(join(work, `${id}.MODEL_CARD.md`), 'utf8');
    const committed = readFileSync(join(MODELS_DIR, `${id}.MODEL_CARD.md`), 'utf8');
    expect(committed, `models/${id}.MODEL_CARD.md differs from the rendered card: re-run /usr/bin/python3 models/training/model_card.py --id ${id}`).toBe(
      rendered,
    );
  });
});
