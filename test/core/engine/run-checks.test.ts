import { describe, expect, it } from 'vitest';
import type { AuditInput, Check, CheckDraft } from '#core/checks/check.ts';
import { canonicalJson } from '#core/engine/canonical-json.ts';
import { findingId, inputFingerprint, sha256Hex } from '#core/engine/finding-identity.ts';
import { CheckRegistry, defaultRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { FindingSchema, type Signature } from '#core/model/findings.ts';
import { input, row, SHA_A, SHA_B, SHA_C, series } from '#test-support/check-inputs.ts';

const CTX = { run_id: 'run-1', now: new Date('2024-05-01T12:00:00Z') };

function draft(p: Partial<CheckDraft> = {}): CheckDraft {
  return {
    severity: 'low',
    force_code: 'kent',
    period_start: '2019-01',
    period_end: '2019-01',
    offence_group: null,
    offence_subgroup: null,
    offence_code: null,
    related_offence_code: null,
    observed: 1,
    expected: null,
    unit: 'crimes',
    effect_size: null,
    p_value: null,
    near_target: false,
    summary: 'A test finding; please confirm.',
    evidence: { method: 'test' },
    ...p,
  };
}

/** A check that emits the drafts `make` builds (the engine fills in its id, version and signature). */
function check(
  id: string,
  make: (input: AuditInput) => Partial<CheckDraft>[],
  opts: { version?: string; signature?: Signature } = {},
): Check {
  const version = opts.version ?? '1.0.0';
  const signature = opts.signature ?? 'data_quality';
  return {
    id,
    signature,
    ruleVersion: version,
    description: `test check ${id}`,
    run: (i) => make(i).map((p) => draft(p)),
  };
}

const EMPTY = input([row({ period_start: '2019-01' })]);

describe('runChecks: failure isolation', () => {
  it('keeps running when a check throws and reports the error beside the findings', () => {
    const reg = new CheckRegistry()
      .register(check('t.before', () => [{}]))
      .register({
        id: 't.boom',
        signature: 'data_quality',
        ruleVersion: '1.0.0',
        description: 'throws',
        run: () => {
          throw new Error('division by zero in baseline');
        },
      })
      .register(check('t.after', () => [{}]));
    const res = runChecks(reg, EMPTY, CTX);
    expect(res.findings.map((f) => f.check_id).sort()).toEqual(['t.after', 't.before']);
    expect(res.errors).toEqual([
      { check_id: 't.boom', rule_version: '1.0.0', message: 'check failed: division by zero in baseline' },
    ]);
  });

  it('drops a draft that does not fit the findings table, with an error, and keeps the valid ones', () => {
    const reg = new CheckRegistry().register(
      check('t.mixed', () => [{ period_start: '2019-1' }, { period_start: '2019-02' }]),
    );
    const res = runChecks(reg, EMPTY, CTX);
    expect(res.findings.map((f) => f.period_start)).toEqual(['2019-02']);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]!.message).toMatch(/period_start/);
  });

  it("gives every finding its own check's id, rule version and signature", () => {
    const reg = new CheckRegistry()
      .register(check('t.mine', () => [{}], { version: '2.1.0', signature: 'sudden_drop' }))
      .register(check('t.other', () => [{ period_start: '2019-02', period_end: '2019-02' }]));
    const res = runChecks(reg, EMPTY, CTX);
    expect(res.errors).toEqual([]);
    expect(res.findings.map((f) => [f.check_id, f.rule_version, f.signature])).toEqual([
      ['t.other', '1.0.0', 'data_quality'],
      ['t.mine', '2.1.0', 'sudden_drop'],
    ]);
  });

  it('counts an immaterial draft in the multiple-testing family but never reports it', () => {
    const strong = { p_value: 0.001, period_start: '2019-02', period_end: '2019-02' };
    const reg = new CheckRegistry({ qThreshold: 0.05 }).register(
      check('t.gate', () => [{ p_value: 0.001, material: false }, strong]),
    );
    const res = runChecks(reg, EMPTY, CTX);
    expect(res.findings.map((f) => f.period_start)).toEqual(['2019-02']);
    expect(res.gated).toBe(1);
    // Two tests at p = 0.001: BH over both, so the reported one has q = 0.001 × 2 / 2.
    expect(res.findings[0]!.q_value).toBeCloseTo(0.001, 12);
    // Engine-only fields stay out of the evidence an auditor reads; the rule it passed is in it.
    expect(JSON.parse(res.findings[0]!.evidence)).toEqual({
      method: 'test',
      decision: {
        rule: 'bh',
        level: 0.05,
        tests: 2,
        force_years: 1 / 12,
        checks_sharing: 1,
        p_threshold: null,
        familywise_floor: null,
        p_floor: null,
      },
    });
  });
});

describe('runChecks: scope and shape', () => {
  it('keeps only the audited forces', () => {
    const reg = new CheckRegistry().register(
      check('t.all', () => [{ force_code: 'kent' }, { force_code: 'essex' }]),
    );
    const res = runChecks(reg, input([row({ period_start: '2019-01' })], { forces: ['essex'] }), CTX);
    expect(res.findings.map((f) => f.force_code)).toEqual(['essex']);
  });

  it('fills run_id, created_at and serialises evidence with sorted keys, every finding valid', () => {
    const reg = new CheckRegistry().register(
      check('t.ev', () => [{ evidence: { zeta: 1, method: 'm', alpha: { y: 2, x: [3, 1] } } }]),
    );
    const [f] = runChecks(reg, EMPTY, CTX).findings;
    expect(f!.run_id).toBe('run-1');
    expect(f!.created_at).toEqual(CTX.now);
    expect(f!.evidence).toBe('{"alpha":{"x":[3,1],"y":2},"method":"m","zeta":1}');
    expect(FindingSchema.safeParse(f).success).toBe(true);
  });

  it('canonical JSON is independent of key insertion order and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: Number.NaN } })).toBe(
      canonicalJson({ a: { c: Number.NaN }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: { c: Number.NaN } })).toBe('{"a":{"c":null},"b":1}');
  });
});

describe('runChecks: finding identity', () => {
  it('gives the same ids for the same input and rule version, run after run', () => {
    const rows = series('2019-01', [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 0, 0, 0]);
    const a = runChecks(defaultRegistry(), input(rows), CTX);
    const b = runChecks(defaultRegistry(), input([...rows].reverse()), {
      run_id: 'run-2',
      now: new Date('2030-01-01T00:00:00Z'),
    });
    expect(a.findings.length).toBeGreaterThan(0);
    expect(b.findings.map((f) => f.finding_id)).toEqual(a.findings.map((f) => f.finding_id));
    expect(a.findings[0]!.finding_id).toMatch(/^f_[0-9a-f]{32}$/);
  });

  it('gives different ids when the rule version changes', () => {
    const v1 = runChecks(
      new CheckRegistry().register(check('t.v', () => [{}], { version: '1.0.0' })),
      EMPTY,
      CTX,
    );
    const v2 = runChecks(
      new CheckRegistry().register(check('t.v', () => [{}], { version: '1.1.0' })),
      EMPTY,
      CTX,
    );
    expect(v1.findings[0]!.finding_id).not.toBe(v2.findings[0]!.finding_id);
  });

  it("depends on each identity field and on the draft's discriminator, not on numbers or wording", () => {
    const base = runChecks(new CheckRegistry().register(check('t.i', () => [{}])), EMPTY, CTX).findings[0]!
      .finding_id;
    const variants: Partial<CheckDraft>[] = [
      { period_end: '2019-02' },
      { offence_group: 'Robbery' },
      { offence_code: '34A' },
      { related_offence_code: '8N' },
      { discriminator: 'sub-a>sub-b' },
    ];
    for (const v of variants) {
      const id = runChecks(new CheckRegistry().register(check('t.i', () => [v])), EMPTY, CTX).findings[0]!
        .finding_id;
      expect(id).not.toBe(base);
    }
    const same = runChecks(
      new CheckRegistry().register(
        check('t.i', () => [{ observed: 99, summary: 'Other words; please confirm.', severity: 'high' }]),
      ),
      EMPTY,
      CTX,
    ).findings[0]!.finding_id;
    expect(same).toBe(base);
  });

  it('still gives distinct, stable ids when a check emits two findings with one identity', () => {
    const reg = new CheckRegistry().register(
      check('t.twins', () => [{ evidence: { method: 'one' } }, { evidence: { method: 'two' } }]),
    );
    const a = runChecks(reg, EMPTY, CTX).findings.map((f) => f.finding_id);
    const reversed = new CheckRegistry().register(
      check('t.twins', () => [{ evidence: { method: 'two' } }, { evidence: { method: 'one' } }]),
    );
    const b = runChecks(reversed, EMPTY, CTX).findings.map((f) => f.finding_id);
    expect(new Set(a).size).toBe(2);
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('is the documented hash', () => {
    const f = draft();
    const expected = `f_${sha256Hex(JSON.stringify(['t.check', '1.0.0', 'kent', '2019-01', '2019-01', null, null, null, null, null])).slice(0, 32)}`;
    expect(findingId({ ...f, check_id: 't.check', rule_version: '1.0.0', discriminator: null })).toBe(
      expected,
    );
  });
});

describe('runChecks: input fingerprint', () => {
  const rows = [
    row({ period_start: '2019-01', input_sha256: SHA_A }),
    row({ period_start: '2019-02', input_sha256: SHA_B }),
    row({ period_start: '2019-01', force_code: 'essex', input_sha256: SHA_C }),
  ];

  it('is the one declared submission itself', () => {
    const reg = new CheckRegistry().register(check('t.one', () => [{ inputs: [SHA_B] }]));
    expect(runChecks(reg, input(rows), CTX).findings[0]!.input_sha256).toBe(SHA_B);
  });

  it('hashes several declared submissions in sorted order', () => {
    const reg = new CheckRegistry().register(check('t.two', () => [{ inputs: [SHA_B, SHA_A, SHA_B] }]));
    expect(runChecks(reg, input(rows), CTX).findings[0]!.input_sha256).toBe(sha256Hex(`${SHA_A}\n${SHA_B}`));
  });

  it("falls back to every current submission of the finding's force", () => {
    const reg = new CheckRegistry().register(check('t.all', () => [{}, { force_code: 'essex' }]));
    const [essex, kent] = runChecks(reg, input(rows), CTX).findings;
    expect(kent!.input_sha256).toBe(inputFingerprint([SHA_B, SHA_A]));
    expect(kent!.input_sha256).toBe(sha256Hex(`${SHA_A}\n${SHA_B}`));
    expect(essex!.input_sha256).toBe(SHA_C);
  });
});

describe('runChecks: multiple testing', () => {
  it('computes BH q-values per signature (R p.adjust: p = .01….05 → q = .05 each)', () => {
    const ps = [0.03, 0.01, 0.05, 0.02, 0.04];
    const reg = new CheckRegistry({ qThreshold: 0.05 }).register(
      check(
        't.test',
        () =>
          ps.map((p, i) => ({ p_value: p, period_start: `2019-0${i + 1}`, period_end: `2019-0${i + 1}` })),
        {
          signature: 'sudden_drop',
        },
      ),
    );
    const res = runChecks(reg, EMPTY, CTX);
    expect(res.findings).toHaveLength(5);
    for (const f of res.findings) expect(f.q_value).toBeCloseTo(0.05, 12);
    expect(res.gated).toBe(0);
  });

  it('adjusts each signature separately and leaves q null without a p-value', () => {
    const reg = new CheckRegistry({ qThreshold: 0.05 })
      .register(
        check(
          't.a',
          () => [{ p_value: 0.01 }, { p_value: 0.04, period_start: '2019-02', period_end: '2019-02' }],
          { signature: 'sudden_drop' },
        ),
      )
      .register(check('t.b', () => [{ p_value: 0.04 }], { signature: 'no_crime_spike' }))
      .register(check('t.c', () => [{}]));
    const res = runChecks(reg, EMPTY, CTX);
    const q = Object.fromEntries(res.findings.map((f) => [`${f.check_id}|${f.period_start}`, f.q_value]));
    expect(q['t.a|2019-01']).toBeCloseTo(0.02, 12);
    expect(q['t.a|2019-02']).toBeCloseTo(0.04, 12);
    expect(q['t.b|2019-01']).toBeCloseTo(0.04, 12);
    expect(q['t.c|2019-01']).toBeNull();
  });

  it('drops tested findings whose q exceeds the threshold and counts them', () => {
    // BH over [0.001, 0.02, 0.03, 0.5]: q = [0.004, 0.04, 0.04, 0.5].
    const ps = [0.001, 0.02, 0.03, 0.5];
    const make = () =>
      ps.map((p, i) => ({ p_value: p, period_start: `2019-0${i + 1}`, period_end: `2019-0${i + 1}` }));
    const strict = runChecks(
      new CheckRegistry({ qThreshold: 0.01 }).register(check('t.g', make, { signature: 'sudden_drop' })),
      EMPTY,
      CTX,
    );
    expect(strict.findings.map((f) => f.p_value)).toEqual([0.001]);
    expect(strict.gated).toBe(3);
    const usual = runChecks(
      new CheckRegistry({ qThreshold: 0.05 }).register(check('t.g', make, { signature: 'sudden_drop' })),
      EMPTY,
      CTX,
    );
    expect(usual.findings.map((f) => f.q_value)).toEqual(
      [0.004, 0.04, 0.04].map((v) => expect.closeTo(v, 12)),
    );
    expect(usual.gated).toBe(1);
  });

  it('takes the family over the audited forces only', () => {
    const reg = new CheckRegistry({ qThreshold: 0.05 }).register(
      check('t.f', () => [{ p_value: 0.03 }, { p_value: 0.001, force_code: 'essex' }], {
        signature: 'sudden_drop',
      }),
    );
    const res = runChecks(reg, input([row({ period_start: '2019-01' })], { forces: ['kent'] }), CTX);
    expect(res.findings).toHaveLength(1);
    expect(res.findings[0]!.q_value).toBeCloseTo(0.03, 12);
  });
});

describe('runChecks: the per-force-year error budget', () => {
  const budget = (flagsPerForceYear: number, floorFamilywise = 0) =>
    new CheckRegistry({ decision: { kind: 'force_year_budget', flagsPerForceYear, floorFamilywise } });
  // Two forces with 24 months each: 4 force-years of data.
  const months = Array.from(
    { length: 24 },
    (_, i) => `20${19 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
  );
  const rows = ['kent', 'essex'].flatMap((force_code) =>
    months.map((period_start) => row({ force_code, period_start, period_end: period_start })),
  );
  const tests = (ps: readonly number[]) => () =>
    ps.map((p, i) => ({ p_value: p, period_start: months[i]!, period_end: months[i]! }));

  it('reports p ≤ γ/k × FY / m for each check, with k the checks of its signature', () => {
    // sudden_drop: two checks share 0.02 a force-year → 0.01 each; FY = 4.
    // t.a: 8 tests → t = 0.01 × 4 / 8 = 0.005. t.b: 4 tests → t = 0.01.
    const reg = budget(0.02)
      .register(check('t.a', tests([0.004, 0.005, 0.006, 1, 1, 1, 1, 1]), { signature: 'sudden_drop' }))
      .register(check('t.b', tests([0.009, 0.011, 1, 1]), { signature: 'sudden_drop' }))
      .register(check('t.c', tests([0.019, 0.021]), { signature: 'no_crime_spike' }));
    const res = runChecks(reg, input(rows), CTX);
    const kept = res.findings.map((f) => `${f.check_id}:${f.p_value}`);
    // t.c alone in no_crime_spike: t = 0.02 × 4 / 2 = 0.04, so both pass.
    expect(kept.sort()).toEqual(['t.a:0.004', 't.a:0.005', 't.b:0.009', 't.c:0.019', 't.c:0.021']);
    expect(res.gated).toBe(14 - 5);
    const a = JSON.parse(res.findings.find((f) => f.check_id === 't.a')!.evidence).decision;
    expect(a).toEqual({
      rule: 'force_year_budget',
      level: 0.02,
      tests: 8,
      force_years: 4,
      checks_sharing: 2,
      p_threshold: expect.closeTo(0.005, 15),
      familywise_floor: 0,
      p_floor: 0,
    });
  });

  it('also reports p ≤ α / k / m, so a small audit has a familywise floor, and not what BH would add', () => {
    // One force-year, 10 tests: the budget gives t = 0.01 × 1 / 10 = 0.001; the floor at α = 0.05
    // gives 0.05 / 1 / 10 = 0.005, so p = 0.004 is reported too. BH at 0.05 would also report 0.008
    // and 0.009 (the 4th smallest p, 0.009 ≤ 0.05 × 4 / 10), which a familywise floor does not.
    const one = rows.filter((r) => r.force_code === 'kent' && r.period_start < '2020-01');
    const ps = [0.0008, 0.004, 0.008, 0.009, 1, 1, 1, 1, 1, 1];
    const run = (floor: number) =>
      runChecks(
        budget(0.01, floor).register(check('t.s', tests(ps), { signature: 'sudden_drop' })),
        input(one),
        CTX,
      ).findings;
    expect(run(0).map((f) => f.p_value)).toEqual([0.0008]);
    const floored = run(0.05);
    expect(floored.map((f) => f.p_value).sort()).toEqual([0.0008, 0.004]);
    // The q-values are still BH's, stored beside the decision: min over j ≥ 2 of p_(j) × 10 / j.
    expect(floored.find((f) => f.p_value === 0.004)!.q_value).toBeCloseTo(0.004 * (10 / 2), 12);
    expect(JSON.parse(floored[0]!.evidence).decision).toMatchObject({
      familywise_floor: 0.05,
      p_floor: expect.closeTo(0.005, 15),
    });
  });

  it('gives a force the same threshold audited alone as in a national run of like forces', () => {
    const each = () => [{ p_value: 0.003 }, { p_value: 1, period_start: '2019-02', period_end: '2019-02' }];
    const both = (i: AuditInput) =>
      i.forces.flatMap((force_code) => each().map((d) => ({ ...d, force_code })));
    const reg = () => budget(0.02).register(check('t.s', both, { signature: 'sudden_drop' }));
    const alone = runChecks(reg(), input(rows, { forces: ['kent'] }), CTX);
    const national = runChecks(reg(), input(rows), CTX);
    const threshold = (r: typeof alone) => JSON.parse(r.findings[0]!.evidence).decision.p_threshold;
    // 2 force-years and 2 tests alone; 4 and 4 together: t = 0.02 in both.
    expect(threshold(alone)).toBeCloseTo(0.02, 15);
    expect(threshold(national)).toBeCloseTo(0.02, 15);
    expect(national.findings.map((f) => f.force_code)).toEqual(['essex', 'kent']);
  });

  it('never gates a rule without a p-value and refuses a level outside (0, 1]', () => {
    const reg = new CheckRegistry().register(check('t.rule', () => [{}]));
    expect(runChecks(reg, input(rows), CTX).findings).toHaveLength(1);
    expect(() => budget(0)).toThrow(RangeError);
    expect(() => budget(0.01, -1)).toThrow(RangeError);
    expect(() => new CheckRegistry({ decision: { kind: 'bh', q: 0.05 }, qThreshold: 0.05 })).toThrow();
  });
});

describe('runChecks: output order', () => {
  it('sorts by force, signature, period, check id, finding id whatever the check order', () => {
    const a = check('t.a', () => [
      { force_code: 'kent', period_start: '2019-03', period_end: '2019-03' },
      { force_code: 'essex', period_start: '2019-05', period_end: '2019-05' },
    ]);
    const b = check(
      't.b',
      () => [{ force_code: 'kent', period_start: '2019-03', period_end: '2019-03', p_value: 0.001 }],
      {
        signature: 'reclassification',
      },
    );
    const c = check('t.c', () => [
      { force_code: 'kent', period_start: '2019-01', period_end: '2019-01' },
      { force_code: 'kent', period_start: '2019-03', period_end: '2019-03', offence_code: 'X' },
    ]);
    const forces = input([row({ period_start: '2019-01' })], { forces: ['essex', 'kent'] });
    const one = runChecks(
      new CheckRegistry({ qThreshold: 0.05 }).register(a).register(b).register(c),
      forces,
      CTX,
    );
    const two = runChecks(
      new CheckRegistry({ qThreshold: 0.05 }).register(c).register(b).register(a),
      forces,
      CTX,
    );
    const key = (f: (typeof one.findings)[number]) =>
      `${f.force_code}|${f.signature}|${f.period_start}|${f.check_id}`;
    expect(one.findings.map(key)).toEqual([
      'essex|data_quality|2019-05|t.a',
      'kent|data_quality|2019-01|t.c',
      'kent|data_quality|2019-03|t.a',
      'kent|data_quality|2019-03|t.c',
      'kent|reclassification|2019-03|t.b',
    ]);
    expect(two.findings).toEqual(one.findings);
  });
});
