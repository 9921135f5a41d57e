// The matrix products of a recurrent layer that do not depend on the recurrence, done for a
// whole sequence at once (gru.ts, lstm.ts): the input projection X W + b before the forward
// sweep, and after the backward sweep the weight gradients X' dA, H_prev' dA and the bias
// gradient 1' dA. Blocked (2 rows x 4 columns of accumulators: 6 loads per 8 multiply-adds),
// which is what makes them cheap in V8. Costs are given per function.

/**
 * out[t][j] = bias[j] + sum_f x_t[f] kernel[f][j] for rows t < length of `out` (width columns),
 * x_t = values' row firstRow + t (inputSize wide). Blocks of 2 rows x 4 columns. O(length F width).
 */
export function projectInputs(
  out: Float64Array,
  width: number,
  values: Float32Array,
  inputSize: number,
  firstRow: number,
  kernel: Float64Array,
  bias: Float64Array,
  length: number,
): void {
  const xStart = firstRow * inputSize;
  let t = 0;
  for (; t + 1 < length; t += 2) {
    const x0 = xStart + t * inputSize;
    const x1 = x0 + inputSize;
    const out0 = t * width;
    const out1 = out0 + width;
    let j = 0;
    for (; j + 3 < width; j += 4) {
      let s00 = bias[j];
      let s01 = bias[j + 1];
      let s02 = bias[j + 2];
      let s03 = bias[j + 3];
      let s10 = s00;
      let s11 = s01;
      let s12 = s02;
      let s13 = s03;
      for (let f = 0, w = j; f < inputSize; f++, w += width) {
        const a0 = values[x0 + f];
        const a1 = values[x1 + f];
        const b0 = kernel[w];
        const b1 = kernel[w + 1];
        const b2 = kernel[w + 2];
        const b3 = kernel[w + 3];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      out[out0 + j] = s00;
      out[out0 + j + 1] = s01;
      out[out0 + j + 2] = s02;
      out[out0 + j + 3] = s03;
      out[out1 + j] = s10;
      out[out1 + j + 1] = s11;
      out[out1 + j + 2] = s12;
      out[out1 + j + 3] = s13;
    }
    for (; j < width; j++) {
      let s0 = bias[j];
      let s1 = s0;
      for (let f = 0, w = j; f < inputSize; f++, w += width) {
        const b = kernel[w];
        s0 += values[x0 + f] * b;
        s1 += values[x1 + f] * b;
      }
      out[out0 + j] = s0;
      out[out1 + j] = s1;
    }
  }
  if (t < length) {
    const x0 = xStart + t * inputSize;
    const out0 = t * width;
    for (let j = 0; j < width; j++) {
      let s = bias[j];
      for (let f = 0, w = j; f < inputSize; f++, w += width) s += values[x0 + f] * kernel[w];
      out[out0 + j] = s;
    }
  }
}

/** target[j] += sum_t rows[t][j] over rows t < length of a row-major matrix `width` wide. O(length width). */
export function addColumnSums(target: Float64Array, rows: Float64Array, width: number, length: number): void {
  const end = length * width;
  for (let j = 0; j < width; j++) {
    let sum = 0;
    for (let index = j; index < end; index += width) sum += rows[index];
    target[j] += sum;
  }
}

/**
 * target[f][j] += sum_{t < length} x_t[f] right[t][j]: the input kernel's gradient X' dA, with
 * x_t = values' row firstRow + t. Blocks of 2 x 4 accumulators. O(length F width).
 */
export function addInputProduct(
  target: Float64Array,
  width: number,
  values: Float32Array,
  inputSize: number,
  firstRow: number,
  right: Float64Array,
  length: number,
): void {
  const xStart = firstRow * inputSize;
  const xEnd = xStart + length * inputSize;
  let f = 0;
  for (; f + 1 < inputSize; f += 2) {
    let j = 0;
    for (; j + 3 < width; j += 4) {
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let x = xStart + f, r = j; x < xEnd; x += inputSize, r += width) {
        const a0 = values[x];
        const a1 = values[x + 1];
        const b0 = right[r];
        const b1 = right[r + 1];
        const b2 = right[r + 2];
        const b3 = right[r + 3];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      const row0 = f * width + j;
      const row1 = row0 + width;
      target[row0] += s00;
      target[row0 + 1] += s01;
      target[row0 + 2] += s02;
      target[row0 + 3] += s03;
      target[row1] += s10;
      target[row1 + 1] += s11;
      target[row1 + 2] += s12;
      target[row1 + 3] += s13;
    }
    for (; j < width; j++) {
      let s0 = 0;
      let s1 = 0;
      for (let x = xStart + f, r = j; x < xEnd; x += inputSize, r += width) {
        const b = right[r];
        s0 += values[x] * b;
        s1 += values[x + 1] * b;
      }
      target[f * width + j] += s0;
      target[(f + 1) * width + j] += s1;
    }
  }
  if (f < inputSize) {
    for (let j = 0; j < width; j++) {
      let s = 0;
      for (let x = xStart + f, r = j; x < xEnd; x += inputSize, r += width) s += values[x] * right[r];
      target[f * width + j] += s;
    }
  }
}

/**
 * target[k][j] += sum_{t = 1 .. length-1} left[t][k] right[t][j] for k < leftWidth and columns
 * j in [firstColumn, endColumn) of `target` and `right` (both `width` wide): the recurrent
 * kernel's gradient H_prev' dA, where row t of `left` is the state the step's product used
 * (row 0, h_0 = 0, contributes nothing). Blocks of 2 x 4 accumulators. O(length leftWidth columns).
 */
export function addStateProduct(
  target: Float64Array,
  width: number,
  left: Float64Array,
  leftWidth: number,
  right: Float64Array,
  firstColumn: number,
  endColumn: number,
  length: number,
): void {
  const leftEnd = length * leftWidth;
  let k = 0;
  for (; k + 1 < leftWidth; k += 2) {
    let j = firstColumn;
    for (; j + 3 < endColumn; j += 4) {
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let l = leftWidth + k, r = width + j; l < leftEnd; l += leftWidth, r += width) {
        const a0 = left[l];
        const a1 = left[l + 1];
        const b0 = right[r];
        const b1 = right[r + 1];
        const b2 = right[r + 2];
        const b3 = right[r + 3];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
      }
      const row0 = k * width + j;
      const row1 = row0 + width;
      target[row0] += s00;
      target[row0 + 1] += s01;
      target[row0 + 2] += s02;
      target[row0 + 3] += s03;
      target[row1] += s10;
      target[row1 + 1] += s11;
      target[row1 + 2] += s12;
      target[row1 + 3] += s13;
    }
    for (; j < endColumn; j++) {
      let s0 = 0;
      let s1 = 0;
      for (let l = leftWidth + k, r = width + j; l < leftEnd; l += leftWidth, r += width) {
        const b = right[r];
        s0 += left[l] * b;
        s1 += left[l + 1] * b;
      }
      target[k * width + j] += s0;
      target[(k + 1) * width + j] += s1;
    }
  }
  if (k < leftWidth) {
    for (let j = firstColumn; j < endColumn; j++) {
      let s = 0;
      for (let l = leftWidth + k, r = width + j; l < leftEnd; l += leftWidth, r += width)
        s += left[l] * right[r];
      target[k * width + j] += s;
    }
  }
}

/** target[offset + i] += source[i]. */
export function addInto(target: Float64Array, offset: number, source: Float64Array): void {
  for (let i = 0; i < source.length; i++) target[offset + i] += source[i];
}
