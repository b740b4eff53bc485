// Peer groups: determinism, never-self, clustering by volume and mix, options, configured mappings,
// evidence, and sensible groups on the example returns and the real Home Office quarterly table.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readReturnFile } from '#adapters/files/read-return.ts';
import { nationalIndexOf } from '#core/detection/national.ts';
import {
  CONFIGURED_PEER_METHOD,
  DATA_DRIVEN_PEER_METHOD,
  DEFAULT_PEER_GROUP_SIZE,
  peerFeatures,
  peerGrouping,
  peerGroupingFrom,
  peerGroups,
  peerGroupsEvidence,
  peerGroupsFrom,
} from '#core/detection/peers.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { monthRange } from '#core/series/months.ts';
import { createRng } from '#core/stats/random.ts';
import { specRow } from '#test-support/rows.ts';

const THEFT = 'Theft offences';
const VIOLENCE = 'Violence against the person';
const DRUGS = 'Drug offences';
const MONTHS = monthRange('2023-01', '2024-03');

/** A force sending monthly code-level returns with a given yearly volume and theft/violence/drugs mix. */
function force(name: string, yearly: number, mix: [number, number, number], months = MONTHS): ReturnRow[] {
  const out: ReturnRow[] = [];
  for (const period of months) {
    const total = yearly / 12;
    out.push(
      specRow({ force: name, period, code: '39', group: THEFT, recorded: Math.round(total * mix[0]) }),
    );
    out.push(
      specRow({ force: name, period, code: '8N', group: VIOLENCE, recorded: Math.round(total * mix[1]) }),
    );
    out.push(
      specRow({ force: name, period, code: '92A', group: DRUGS, recorded: Math.round(total * mix[2]) }),
    );
  }
  return out;
}

// Two clusters: four big theft-heavy forces and four small violence-heavy ones.
const clustered: ReturnRow[] = [
  ...force('big-a', 300_000, [0.6, 0.3, 0.1]),
  ...force('big-b', 280_000, [0.58, 0.32, 0.1]),
  ...force('big-c', 320_000, [0.61, 0.29, 0.1]),
  ...force('big-d', 260_000, [0.59, 0.31, 0.1]),
  ...force('small-a', 20_000, [0.3, 0.6, 0.1]),
  ...force('small-b', 22_000, [0.31, 0.58, 0.11]),
  ...force('small-c', 18_000, [0.29, 0.61, 0.1]),
  ...force('small-d', 25_000, [0.32, 0.57, 0.11]),
];

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rng = createRng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('peerGroups: data-driven', () => {
  it('groups forces by volume and mix, and never makes a force its own peer', () => {
    const g = peerGroups(nationalIndexOf(clustered), { size: 3 });
    expect([...g.keys()]).toEqual([
      'big-a',
      'big-b',
      'big-c',
      'big-d',
      'small-a',
      'small-b',
      'small-c',
      'small-d',
    ]);
    for (const [f, peers] of g) {
      expect(peers).toHaveLength(3);
      expect(peers).not.toContain(f);
      const cluster = f.split('-')[0]!;
      for (const p of peers) expect(p.startsWith(cluster)).toBe(true);
    }
  });

  it('is deterministic: the same groups whatever the order of the rows', () => {
    const a = peerGroups(nationalIndexOf(clustered), { size: 5 });
    for (const seed of [1, 2, 3]) {
      const b = peerGroups(nationalIndexOf(shuffled(clustered, seed)), { size: 5 });
      expect([...b.entries()]).toEqual([...a.entries()]);
    }
  });

  it('orders peers nearest first and breaks ties by slug', () => {
    // Identical forces are all at distance 0 from one another: the order falls back to the slug.
    const twins = [...force('t-c', 1000, [0.5, 0.4, 0.1]), ...force('t-a', 1000, [0.5, 0.4, 0.1])];
    const rows = [...twins, ...force('t-b', 1000, [0.5, 0.4, 0.1]), ...force('far', 90_000, [0.1, 0.1, 0.8])];
    const g = peerGroups(nationalIndexOf(rows), { size: 3 });
    expect(g.get('t-c')).toEqual(['t-a', 't-b', 'far']);
    expect(g.get('t-a')).toEqual(['t-b', 't-c', 'far']);
    const d = peerGrouping(nationalIndexOf(rows), { size: 3 }).distances.get('far')!;
    const ds = [...d.values()];
    expect([...ds].sort((x, y) => x - y)).toEqual(ds);
  });

  it('defaults to 7 peers and gives every other force when there are fewer', () => {
    expect(DEFAULT_PEER_GROUP_SIZE).toBe(7);
    const g = peerGroups(nationalIndexOf(clustered));
    for (const peers of g.values()) expect(peers).toHaveLength(7);
    const few = peerGroups(nationalIndexOf(clustered.filter((r) => r.force_code.startsWith('big'))), {
      size: 7,
    });
    for (const [f, peers] of few)
      expect([...peers].sort()).toEqual(['big-a', 'big-b', 'big-c', 'big-d'].filter((x) => x !== f));
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => peerGroups(nationalIndexOf(clustered), { size: 0 })).toThrow(RangeError);
    expect(() => peerGroups(nationalIndexOf(clustered), { size: 2.5 })).toThrow(RangeError);
  });

  it('excludeAsPeers keeps a force out of others’ groups but gives it its own', () => {
    const g = peerGroups(nationalIndexOf(clustered), { size: 3, excludeAsPeers: ['big-a'] });
    for (const [f, peers] of g) if (f !== 'big-a') expect(peers).not.toContain('big-a');
    expect(g.get('big-a')).toEqual(peerGroups(nationalIndexOf(clustered), { size: 3 }).get('big-a'));
    expect(peerGroups(nationalIndexOf(clustered), { size: 3 }).get('big-b')).toContain('big-a');
  });

  it('gives a force with no usable count no peers and makes it no one’s peer', () => {
    const broken = force('broken', 300_000, [0.6, 0.3, 0.1]).map((r) => ({ ...r, recorded: -1 }));
    const g = peerGroups(nationalIndexOf([...clustered, ...broken]), { size: 3 });
    expect(g.get('broken')).toEqual([]);
    for (const peers of g.values()) expect(peers).not.toContain('broken');
  });
});

describe('peerFeatures', () => {
  it('uses the latest 12 months, annualises a shorter window, and computes group shares', () => {
    const rows = [
      ...force('long', 12_000, [0.5, 0.25, 0.25]),
      ...force('short', 6_000, [0.5, 0.5, 0], monthRange('2023-10', '2024-03')),
    ];
    const f = peerFeatures(nationalIndexOf(rows));
    expect(f.get('long')).toMatchObject({
      grain: 'month',
      window: { start: '2023-04', end: '2024-03' },
      months_covered: 12,
      annual_total: 12_000,
      shares: { [THEFT]: 0.5, [VIOLENCE]: 0.25, [DRUGS]: 0.25 },
    });
    expect(f.get('short')).toMatchObject({ months_covered: 6, annual_total: 6_000 });
    expect(f.get('short')!.shares[DRUGS]).toBe(0);
  });

  it('reads quarterly group-level returns over their last four quarters, and prefers monthly data', () => {
    const quarters = ['2022-10', '2023-01', '2023-04', '2023-07', '2023-10', '2024-01'];
    const rows = quarters.flatMap((q) => [
      specRow({ force: 'q', period: q, grain: 'quarter', group: THEFT, recorded: 300 }),
      specRow({ force: 'q', period: q, grain: 'quarter', group: VIOLENCE, recorded: 100 }),
      specRow({ force: 'both', period: q, grain: 'quarter', group: THEFT, recorded: 999 }),
    ]);
    rows.push(...force('both', 1200, [1, 0, 0]));
    const f = peerFeatures(nationalIndexOf(rows));
    expect(f.get('q')).toMatchObject({
      grain: 'quarter',
      window: { start: '2023-04', end: '2024-03' },
      months_covered: 12,
      annual_total: 1600,
      shares: { [THEFT]: 0.75, [VIOLENCE]: 0.25 },
    });
    expect(f.get('both')).toMatchObject({ grain: 'month', annual_total: 1200 });
  });

  it('leaves unknown-code crimes out of the mix but in the volume', () => {
    const rows = [
      ...force('u', 1200, [1, 0, 0]),
      ...MONTHS.map((period) =>
        specRow({ force: 'u', period, code: 'ZZ9', group: 'Unknown', recorded: 100 }),
      ),
    ];
    const f = peerFeatures(nationalIndexOf(rows)).get('u')!;
    expect(f.annual_total).toBe(2400);
    expect(Object.keys(f.shares)).not.toContain('Unknown');
    expect(f.shares[THEFT]).toBe(1);
  });
});

describe('configured groups and evidence', () => {
  it('peerGroupsFrom drops self-references and repeats, keeps order, and says it was configured', () => {
    const g = peerGroupsFrom({ b: ['c', 'b', 'a', 'c'], a: ['b'] });
    expect([...g.entries()]).toEqual([
      ['a', ['b']],
      ['b', ['c', 'a']],
    ]);
    const configured = peerGroupingFrom(g);
    expect(peerGroupsEvidence('b', configured)).toEqual({
      method: CONFIGURED_PEER_METHOD,
      peers: ['c', 'a'],
    });
    expect(peerGroupsEvidence('zz', configured)).toEqual({ method: CONFIGURED_PEER_METHOD, peers: [] });
    const named = peerGroupingFrom(new Map([['a', ['b']]]), 'Home Office MSG 2023');
    expect(peerGroupsEvidence('a', named)).toEqual({ method: 'Home Office MSG 2023', peers: ['b'] });
  });

  it('data-driven evidence gives peers, distances and the force’s features, and survives JSON', () => {
    const grouping = peerGrouping(nationalIndexOf(clustered), { size: 3 });
    const e = peerGroupsEvidence('small-a', grouping);
    expect(e.method).toBe(DATA_DRIVEN_PEER_METHOD);
    expect(e.peers).toEqual([...grouping.groups.get('small-a')!]);
    expect(Object.keys(e.distances!)).toEqual(e.peers);
    for (const d of Object.values(e.distances!)) expect(d).toBeGreaterThanOrEqual(0);
    expect(e.features!.force_code).toBe('small-a');
    expect(e.parameters).toMatchObject({ size: 3, window_months: 12 });
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    // A grouping built again from the same rows gives the same evidence (no hidden state between calls).
    expect(peerGroupsEvidence('small-a', peerGrouping(nationalIndexOf(clustered), { size: 3 }))).toEqual(e);
  });
});

async function load(paths: string[]): Promise<ReturnRow[]> {
  const rows: ReturnRow[] = [];
  for (const p of paths) {
    const r = await readReturnFile(p, { submitted_at: new Date('2025-01-01T00:00:00Z'), run_id: 'peers' });
    if (!r.ok) throw new Error(`could not read ${p}`);
    rows.push(...r.rows);
  }
  return rows;
}

const METRO = ['greater-manchester', 'west-midlands', 'west-yorkshire'];

describe('on the example returns (44 forces, monthly, code level)', () => {
  let rows: ReturnRow[] = [];
  beforeAll(async () => {
    const dir = 'examples/returns';
    rows = await load(
      readdirSync(dir)
        .sort()
        .map((f) => join(dir, f)),
    );
  });

  it('peers the big metropolitan forces with each other', () => {
    const g = peerGroups(nationalIndexOf(rows));
    expect(g.size).toBe(44);
    for (const f of METRO) expect(g.get('metropolitan')).toContain(f);
    for (const f of METRO) for (const other of METRO) if (other !== f) expect(g.get(f)).toContain(other);
  });

  it('gives BTP and the City of London seven peers of their own, further away than typical', () => {
    const grouping = peerGrouping(nationalIndexOf(rows));
    const meanDistance = (f: string) => {
      const d = [...grouping.distances.get(f)!.values()];
      return d.reduce((s, x) => s + x, 0) / d.length;
    };
    const typical = [...grouping.groups.keys()].map(meanDistance).sort((a, b) => a - b);
    const median = typical[Math.floor(typical.length / 2)]!;
    for (const f of ['btp', 'city-of-london']) {
      expect(grouping.groups.get(f)).toHaveLength(7);
      expect(meanDistance(f)).toBeGreaterThan(median);
    }
  });
});

describe('on the real Home Office quarterly group table (43 forces)', () => {
  it('peers the big metropolitan forces with each other', async () => {
    const rows = await load([
      '/work/shared/data/real/prc_pfa_force_offencegroup_quarterly_2002-03_to_2023-24.csv',
    ]);
    const grouping = peerGrouping(nationalIndexOf(rows));
    expect(grouping.groups.size).toBe(43);
    expect(grouping.features.get('metropolitan')).toMatchObject({
      grain: 'quarter',
      window: { start: '2023-04', end: '2024-03' },
    });
    for (const f of METRO) expect(grouping.groups.get('metropolitan')).toContain(f);
    expect(grouping.groups.get('greater-manchester')).toContain('west-yorkshire');
    expect(grouping.groups.get('west-yorkshire')).toContain('greater-manchester');
  });
});
