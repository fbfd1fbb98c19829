/**
 * Platt scaling of one sigmoid label: `p = sigmoid(slope · z + intercept)`, fitted by plain logistic
 * regression of the truths on the logit (Newton steps on the mean log loss). Unlike a temperature it has an
 * intercept, so it can absorb a base-rate shift between the training mix and the data it is fitted on.
 */
export interface PlattFit {
  slope: number;
  intercept: number;
}

/** Mean negative log likelihood of `sigmoid(a·z + b)`, stable for large |a·z + b|. */
export function plattLoss(logits: readonly number[], positives: readonly boolean[], { slope, intercept }: PlattFit): number {
  let sum = 0;
  logits.forEach((z, i) => {
    const s = slope * z + intercept;
    // −log sigmoid(s) = softplus(−s); −log(1 − sigmoid(s)) = softplus(s)
    const t = positives[i] ? -s : s;
    sum += Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
  });
  return sum / logits.length;
}

/** Maximum-likelihood slope and intercept; needs both classes (one class has no finite optimum). */
export function fitPlatt(logits: readonly number[], positives: readonly boolean[]): PlattFit {
  if (logits.length !== positives.length) throw new Error('fitPlatt: logits and truths differ in length');
  const nPos = positives.filter(Boolean).length;
  if (nPos === 0 || nPos === logits.length) throw new Error('fitPlatt: needs positives and negatives');
  let fit: PlattFit = { slope: 1, intercept: 0 };
  let loss = plattLoss(logits, positives, fit);
  for (let iter = 0; iter < 100; iter++) {
    // gradient g and Hessian H of the mean log loss in (slope, intercept)
    let ga = 0,
      gb = 0,
      haa = 0,
      hab = 0,
      hbb = 0;
    logits.forEach((z, i) => {
      const p = 1 / (1 + Math.exp(-(fit.slope * z + fit.intercept)));
      const r = p - (positives[i] ? 1 : 0);
      const w = Math.max(p * (1 - p), 1e-12);
      ga += r * z;
      gb += r;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // halve the Newton step until the loss does not rise (separable data would otherwise diverge)
    let step = 1;
    let next: PlattFit = fit;
    let nextLoss = loss;
    for (; step > 1e-6; step /= 2) {
      next = { slope: fit.slope - step * da, intercept: fit.intercept - step * db };
      nextLoss = plattLoss(logits, positives, next);
      if (nextLoss <= loss) break;
    }
    if (step <= 1e-6) break;
    const done = loss - nextLoss < 1e-12;
    fit = next;
    loss = nextLoss;
    if (done) break;
  }
  return fit;
}
