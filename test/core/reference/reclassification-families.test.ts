import { describe, expect, it } from 'vitest';
import { KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import table from '#core/reference/reclassification-families.json' with { type: 'json' };
import {
  codeLabel,
  familyIndex,
  parseReclassificationFamilies,
  RECLASSIFICATION_FAMILIES,
  RECLASSIFICATION_FAMILIES_VERSION,
  RECLASSIFICATION_FAMILY_TABLE,
} from '#core/reference/reclassification-families.ts';

const byId = (id: string) => RECLASSIFICATION_FAMILIES.find((f) => f.id === id)!;
const clone = () => JSON.parse(JSON.stringify(table)) as typeof table;

describe('reclassification family table', () => {
  it('is versioned and holds the four substitutions of METHODS §1 with their direction', () => {
    expect(RECLASSIFICATION_FAMILIES_VERSION).toMatch(/^\d{4}\.\d+$/);
    expect(byId('violence-injury').serious.codes).toEqual(['5D', '8N']);
    expect(byId('violence-injury').lesser.codes).toEqual(['105A']);
    expect(byId('rape-other-sexual').serious.codes).toEqual(expect.arrayContaining(['19C', '19K']));
    expect(byId('rape-other-sexual').lesser.codes).toEqual(expect.arrayContaining(['20A', '22A']));
    expect(byId('residential-burglary').serious.codes).toContain('28E');
    expect(byId('residential-burglary').lesser.codes).toEqual(expect.arrayContaining(['58A', '49']));
    expect(byId('robbery-theft-person').serious.codes).toEqual(['34B']);
    expect(byId('robbery-theft-person').lesser.codes).toEqual(['39']);
  });

  it('uses only codes of the offence reference, each in its family group on the serious side', () => {
    for (const f of RECLASSIFICATION_FAMILIES) {
      for (const code of [...f.serious.codes, ...f.lesser.codes])
        expect(lookupOffence(code)?.code).toBe(code);
      for (const code of f.serious.codes) expect(lookupOffence(code)?.group).toBe(f.offence_group);
    }
    // Rape codes all come from the rape subgroup, lesser ones never do.
    const rape = byId('rape-other-sexual');
    expect(rape.serious.codes.every((c) => lookupOffence(c)?.subgroup === 'Rape offences')).toBe(true);
    expect(rape.lesser.codes.every((c) => lookupOffence(c)?.subgroup === 'Other sexual offences')).toBe(true);
  });

  it('gives every family a rationale, evidence, a fallback drift and only known breaks to avoid', () => {
    const breakIds = new Set(KNOWN_BREAKS.map((b) => b.id));
    for (const f of RECLASSIFICATION_FAMILIES) {
      expect(f.rationale.length).toBeGreaterThan(40);
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.fallback_tau).toBeGreaterThan(0.05);
      expect(f.fallback_tau).toBeLessThan(0.3);
      for (const id of f.skip_across_breaks) expect(breakIds.has(id)).toBe(true);
    }
    expect(byId('residential-burglary').skip_across_breaks).toEqual(['burglary-recoding-2017']);
  });

  it('decides that no family is tested on offence-group data, and says why', () => {
    expect(RECLASSIFICATION_FAMILY_TABLE.group_level.families).toEqual([]);
    expect(RECLASSIFICATION_FAMILY_TABLE.group_level.rationale).toMatch(/robbery/i);
  });

  it('indexes codes to their family and side, and labels codes for summaries', () => {
    const index = familyIndex(RECLASSIFICATION_FAMILIES);
    expect(index.get('8N')).toMatchObject({ side: 'serious' });
    expect(index.get('8N')?.family.id).toBe('violence-injury');
    expect(index.get('105A')).toMatchObject({ side: 'lesser' });
    expect(index.get('46')).toBeUndefined();
    expect(codeLabel(byId('violence-injury'), '8N')).toBe('assaults with injury');
  });

  it('refuses an unknown code, a code in two families and a code without a label', () => {
    const unknown = clone();
    unknown.families[0]!.lesser.codes.push('8Z');
    expect(() => parseReclassificationFamilies(unknown)).toThrow(/8Z is not in the reference/);

    const twice = clone();
    twice.families[1]!.lesser.codes.push('105A');
    expect(() => parseReclassificationFamilies(twice)).toThrow(/105A is in both/);

    const unlabelled = clone();
    delete (unlabelled.families[0]!.labels as unknown as Record<string, string>)['105A'];
    expect(() => parseReclassificationFamilies(unlabelled)).toThrow(/no label for 105A/);
  });
});
