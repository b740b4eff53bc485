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

  it('calls any other generator as randomNormal would, zero uniforms redrawn', () => {
    const stream = [0, 0.25, 0.5, 0.75, 0, 0, 0.125, 0.9];
    const from = () => {
      let i = 0;
      return () => stream[i++ % stream.length]!;
    };
    const a = from();
    const b = from();
    const filled = new Float64Array(3);
    fillNormals(a, filled);
    expect(Array.from(filled)).toEqual([randomNormal(b), randomNormal(b), randomNormal(b)]);
  });
});

describe('createRng', () => {
  // Recorded from the generator before its state moved into a typed array: the stream must not change.
  const golden: [number, number[]][] = [
    [
      0,
      [
        0.8868539502021594, 0.012474988946590604, 0.032522145755498943, 0.024408060085556516,
        0.6123124436552245, 0.4978021340457994,
      ],
    ],
    [
      42,
      [
        0.6606157208001621, 0.1117019639532224, 0.0791056456144914, 0.015209237180418, 0.8806870827450254,
        0.595530574746391,
      ],
    ],
    [
      3735928559,
      [
        0.5370307311403838, 0.2911945628259275, 0.5400512273704405, 0.16622408375689368, 0.6319221790478269,
        0.03310799209316606,
      ],
    ],
  ];
  it('gives the recorded stream: five draws, then the 200 006th', () => {
    for (const [seed, xs] of golden) {
      const r = createRng(seed);
      const got = Array.from({ length: 5 }, () => r());
      for (let i = 0; i < 200000; i++) r();
      got.push(r());
      expect(got).toEqual(xs);
    }
  });
});
