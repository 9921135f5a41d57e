// Accurate tails of the normal and chi-square distributions for Wald and likelihood-ratio
// p-values (R's pnorm(lower.tail = FALSE) and pchisq(lower.tail = FALSE)).
// Both are the regularized upper incomplete gamma function
//   Q(a, x) = Gamma(a, x) / Gamma(a),   chi-square tail(x; df) = Q(df / 2, x / 2),
//   erfc(x) = Q(1/2, x^2) (x >= 0),     normal tail(z) = erfc(z / sqrt 2) / 2,
// computed by the power series of P = 1 - Q for x < a + 1 and by the continued fraction
// of Q (modified Lentz) otherwise, so tiny tails (1e-300) keep their relative accuracy
// (about 1e-14) instead of the 1e-7 of polynomial approximations. log Gamma by Lanczos
// (g = 7, 9 terms). Each call costs O(terms), at most a few hundred.

const lanczosCoefficients = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Gamma(x) for x > 0 (reflection below 1/2). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = lanczosCoefficients[0];
  for (let i = 1; i < lanczosCoefficients.length; i++) sum += lanczosCoefficients[i] / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

const relativeTolerance = 1e-16;
const maxTerms = 10000;
const tiny = 1e-300;

/** Regularized upper incomplete gamma Q(a, x) for a > 0, x >= 0. */
export function regularizedGammaUpper(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < maxTerms; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * relativeTolerance) break;
    }
    return 1 - sum * Math.exp(logPrefactor);
  }
  // Q(a, x) = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - ...)).
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let n = 1; n < maxTerms; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < relativeTolerance) break;
  }
  return Math.exp(logPrefactor) * fraction;
}

/** erfc(x), accurate in relative terms far into the tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  return regularizedGammaUpper(0.5, x * x);
}

/** P(Z > z) for a standard normal Z (R: pnorm(z, lower.tail = FALSE)). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided Wald p-value 2 P(Z > |z|) (R: 2 * pnorm(-abs(z)), or pchisq(z^2, 1, lower.tail = FALSE)). */
export function twoSidedNormalP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** P(X > x) for X chi-square with `df` degrees of freedom (R: pchisq(x, df, lower.tail = FALSE)). */
export function chiSquareUpperTail(x: number, df: number): number {
  return regularizedGammaUpper(df / 2, x / 2);
}

/** qnorm(0.975), the 95% two-sided normal quantile. */
export const normalQuantile975 = 1.959963984540054;
