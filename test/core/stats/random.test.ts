import { describe, expect, it } from 'vitest';
import { createRng, fillNormals, randomNormal } from '#core/stats/random.ts';

describe('fillNormals', () => {
  it('gives the draws of repeated randomNormal, and leaves the generator where they would', () => {
    const a = createRng(42);
    const b = createRng(42);
    const filled = new Float64Array(1000);
    fillNormals(a, filled);
    const one = Array.from({ length: 1000 }, () => randomNormal(b));
    expect(Array.from(filled)).toEqual(one);
    expect(a()).toBe(b());
  });
});
