// Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna 2018), its 128-bit state
// filled from the integer seed by splitmix32, so nearby seeds give unrelated streams.
// Each draw is O(1) with 32-bit integer arithmetic (Math.imul); period 2^128 - 1.
// Engines never use Math.random: the same seed gives the same numbers on every machine.

/** splitmix32 step: a well-mixed 32-bit value from a running 32-bit counter. */
function splitmix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) | 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /** `seed` is any integer (negative and above 2^32 fold into 32 bits, as R's set.seed takes an int). */
  constructor(seed: number) {
    const counter = { value: Math.trunc(seed) | 0 };
    this.s0 = splitmix32(counter);
    this.s1 = splitmix32(counter);
    this.s2 = splitmix32(counter);
    this.s3 = splitmix32(counter);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one forbidden state
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits (two draws). */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in 0..n-1 (n >= 1). */
  nextInt(n: number): number {
    return Math.min(n - 1, Math.floor(this.nextFloat() * n));
  }

  /** Standard normal by the polar Box-Muller method (pairs, the spare kept). */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.nextFloat() - 1;
      v = 2 * this.nextFloat() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }
}

function rotl(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}
