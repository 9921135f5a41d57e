// Adam (Kingma & Ba 2015) in the form Keras / TensorFlow implement it (the epsilon outside the
// square root of the raw second moment, bias correction folded into the step size):
//   t <- t + 1
//   m <- beta1 m + (1 - beta1) g
//   v <- beta2 v + (1 - beta2) g^2
//   lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)
//   p <- p - lr_t m / (sqrt(v) + epsilon)
// Defaults as Keras: beta1 0.9, beta2 0.999, epsilon 1e-7. Each step is O(parameters) with no
// allocation; the moments live in two Float64Arrays of the parameter vector's length.

export class Adam {
  readonly size: number;
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** First-moment (mean) estimates, one per parameter. */
  readonly firstMoment: Float64Array;
  /** Second-moment (uncentred variance) estimates, one per parameter. */
  readonly secondMoment: Float64Array;
  private stepsTaken = 0;

  constructor(size: number, learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7) {
    if (!(size >= 0 && Number.isInteger(size)))
      throw new Error(`Adam: size must be a whole number, got ${size}`);
    if (!(learningRate > 0)) throw new Error(`Adam: learning rate must be positive, got ${learningRate}`);
    this.size = size;
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.firstMoment = new Float64Array(size);
    this.secondMoment = new Float64Array(size);
  }

  /** Number of steps taken so far (Keras `optimizer.iterations`). */
  get iterations(): number {
    return this.stepsTaken;
  }

  /** One update of `params` in place from `gradient` (same length). */
  step(params: Float64Array, gradient: Float64Array): void {
    if (params.length !== this.size || gradient.length !== this.size) {
      throw new Error(
        `Adam: expected ${this.size} parameters and gradients, got ${params.length} and ${gradient.length}`,
      );
    }
    this.stepsTaken++;
    const beta1 = this.beta1;
    const beta2 = this.beta2;
    const epsilon = this.epsilon;
    const stepSize =
      (this.learningRate * Math.sqrt(1 - Math.pow(beta2, this.stepsTaken))) /
      (1 - Math.pow(beta1, this.stepsTaken));
    const m = this.firstMoment;
    const v = this.secondMoment;
    const size = this.size;
    for (let i = 0; i < size; i++) {
      const g = gradient[i];
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= (stepSize * mi) / (Math.sqrt(vi) + epsilon);
    }
  }

  /** Forget the moments and the step count (a fresh optimiser). */
  reset(): void {
    this.firstMoment.fill(0);
    this.secondMoment.fill(0);
    this.stepsTaken = 0;
  }
}
