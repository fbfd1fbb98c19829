import { describe, expect, it } from 'vitest';
import { choosePoints, RULES, rulesFor } from '../../tools/models-points/choose';

/** A near-separable label: 200 negatives and 200 positives, their scores overlapping on a tenth of each. */
function nearSeparable(): { probs: number[]; positives: boolean[] } {
  const negatives = Array.from({ length: 200 }, (_, i) => (i < 180 ? 0.01 + i * 0.002 : 0.5 + (i - 180) * 0.02));
  const positives = Array.from({ length: 200 }, (_, i) => (i < 20 ? 0.2 + i * 0.02 : 0.9 + (i - 20) * 0.0005));
  return { probs: [...negatives, ...positives], positives: [...negatives.map(() => false), ...positives.map(() => true)] };
}

describe('named operating points per model', () => {
  it('keeps the 0.9 rules for the triage model', () => {
    expect(rulesFor('cxr-triage')).toEqual(RULES);
  });

  it("holds cxr-qa's flag at specificity ≥ 0.98 and its screen at sensitivity ≥ 0.98, screen below flag", () => {
    const scores = nearSeparable();
    const qa = choosePoints(scores, null, ['val'], rulesFor('cxr-qa'));
    expect(qa.flag.val.specificity).toBeGreaterThanOrEqual(0.98);
    expect(qa.screen.val.sensitivity).toBeGreaterThanOrEqual(0.98);
    expect(qa.screen.value).toBeLessThan(qa.flag.value);
    // With the 0.9 rules, one correct film in ten would be flagged, and the screen point would be the less sensitive one.
    const plain = choosePoints(scores, null, ['val']);
    expect(plain.flag.val.specificity).toBeLessThan(0.95);
    expect(plain.screen.val.sensitivity).toBeLessThan(plain.flag.val.sensitivity);
  });
});
