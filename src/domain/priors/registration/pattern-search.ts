/**
 * Derivative-free maximisation by compass (pattern) search: try ± step on each parameter, keep any gain,
 * halve all steps when no move gains, stop after `halvings` halvings. Deterministic and robust to the
 * small ripples bilinear resampling puts into the similarity surface.
 */
export function patternSearch(
  score: (params: readonly number[]) => number,
  start: readonly number[],
  initialSteps: readonly number[],
  halvings: number,
  maxEvaluations = 400,
): { params: number[]; score: number } {
  const params = [...start];
  const steps = [...initialSteps];
  let best = score(params);
  let evaluations = 1;
  let done = 0;
  while (done <= halvings && evaluations < maxEvaluations) {
    let moved = false;
    for (let i = 0; i < params.length; i++) {
      for (const sign of [1, -1]) {
        const trial = [...params];
        trial[i] += sign * steps[i];
        const value = score(trial);
        evaluations++;
        if (value > best) {
          best = value;
          params[i] = trial[i];
          moved = true;
          break;
        }
      }
    }
    if (!moved) {
      for (let i = 0; i < steps.length; i++) steps[i] /= 2;
      done++;
    }
  }
  return { params, score: best };
}
