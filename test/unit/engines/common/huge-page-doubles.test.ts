// hugePageDoubles (main/engines/common/huge-page-doubles.ts): the buffer of a large array is a
// multiple of 2 MB less glibc's 32-byte header, at most 2 MB more than asked; a small one is
// exactly its size; the array has the asked length, zeros, and the asked kind of buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hugePageBytes, hugePageDoubles } from '../../../../main/engines/common/huge-page-doubles.ts';

const MB2 = 2 * 1024 * 1024;

test('large blocks are sized to whole huge pages, small ones are left alone', () => {
  assert.equal(hugePageBytes(1000), 1000);
  assert.equal(hugePageBytes(MB2 / 2 - 8), MB2 / 2 - 8);
  assert.equal(hugePageBytes(MB2 / 2), MB2 - 32);
  assert.equal(hugePageBytes(2.25 * 1024 * 1024), 2 * MB2 - 32);
  assert.equal(hugePageBytes(2 * MB2 - 32), 2 * MB2 - 32);
  assert.equal(hugePageBytes(2 * MB2 - 31), 3 * MB2 - 32);
  for (const bytes of [MB2, 3 * MB2 + 5, 123_456_789]) {
    const size = hugePageBytes(bytes);
    assert.equal((size + 32) % MB2, 0);
    assert.ok(size >= bytes && size - bytes <= MB2);
  }
});

test('the arrays have the asked length, zeros and kind of buffer', () => {
  const shared = hugePageDoubles(300_000, true);
  assert.equal(shared.length, 300_000);
  assert.ok(shared.buffer instanceof SharedArrayBuffer);
  assert.equal(shared.buffer.byteLength, 2 * MB2 - 32);
  assert.equal(
    shared.reduce((a, b) => a + b, 0),
    0,
  );
  const plain = hugePageDoubles(10);
  assert.ok(plain.buffer instanceof ArrayBuffer);
  assert.equal(plain.buffer.byteLength, 80);
});
