// The resolver on its own: force names, slugs and ONS codes to a force (or a non-force body), offence
// codes and Home Office group spellings to the reference entries.
import { describe, expect, it } from 'vitest';
import {
  codeLevel,
  ForceResolver,
  nonForceBodyMessage,
  resolveOffenceCode,
  resolveQuarterOffence,
} from '#core/ingest/resolver.ts';

describe('ForceResolver', () => {
  it('resolves a slug, an ONS code and a Home Office name to the same force, repeatedly', () => {
    const forces = new ForceResolver();
    for (const text of ['kent', 'E23000032', 'Kent', 'kent']) {
      expect(forces.resolve(text)).toEqual({ slug: 'kent' });
    }
    expect(forces.resolve('London, City of')).toEqual({ slug: 'city-of-london' });
  });

  it('tells a non-force body from a name that is neither', () => {
    const forces = new ForceResolver();
    expect(forces.resolve('Action Fraud')).toEqual({ nonForce: 'Action Fraud' });
    expect(forces.resolve('Atlantis Constabulary')).toBeNull();
    expect(nonForceBodyMessage('CIFAS')).toMatch(
      /^rows for CIFAS were not audited: it is not a police force/,
    );
  });
});

describe('resolveOffenceCode', () => {
  it('maps a known code to its canonical spelling, group and subgroup', () => {
    expect(resolveOffenceCode('8n')).toEqual({
      code: '8N',
      group: 'Violence against the person',
      subgroup: 'Violence with injury',
      known: true,
    });
  });

  it('keeps an unknown code as given under the group "Unknown"', () => {
    const o = resolveOffenceCode('LOCAL9');
    expect(o).toEqual({ code: 'LOCAL9', group: 'Unknown', subgroup: null, known: false });
    expect(codeLevel(o)).toEqual({
      level: 'code',
      offence_code: 'LOCAL9',
      offence_group: 'Unknown',
      offence_subgroup: null,
    });
  });
});

describe('resolveQuarterOffence', () => {
  it('keeps the table’s own group (canonically spelt) and subgroup for a code the reference lacks', () => {
    const r = {
      offence_code: '49Z',
      offence_group: 'theft offences',
      offence_subgroup: 'Other theft offences',
    };
    expect(resolveQuarterOffence(r)).toEqual({
      offence: {
        level: 'code',
        offence_code: '49Z',
        offence_group: 'Theft offences',
        offence_subgroup: 'Other theft offences',
      },
      known: true,
    });
  });

  it('fills a blank group and subgroup from the reference, and marks a code known to neither', () => {
    expect(
      resolveQuarterOffence({ offence_code: '46', offence_group: null, offence_subgroup: null }),
    ).toEqual({
      offence: {
        level: 'code',
        offence_code: '46',
        offence_group: 'Theft offences',
        offence_subgroup: 'Shoplifting',
      },
      known: true,
    });
    expect(
      resolveQuarterOffence({ offence_code: 'Q99', offence_group: null, offence_subgroup: 'Any' }),
    ).toEqual({
      offence: { level: 'code', offence_code: 'Q99', offence_group: 'Unknown', offence_subgroup: null },
      known: false,
    });
  });

  it('does not take the reference subgroup when the table puts the code in another group', () => {
    const r = resolveQuarterOffence({ offence_code: '46', offence_group: 'Robbery', offence_subgroup: null });
    expect(r.offence).toMatchObject({ offence_group: 'Robbery', offence_subgroup: null });
  });

  it('gives a group-level row no code, and a group spelling as published when it is not known', () => {
    expect(resolveQuarterOffence({ offence_group: 'theft  OFFENCES' })).toEqual({
      offence: {
        level: 'group',
        offence_code: null,
        offence_group: 'Theft offences',
        offence_subgroup: null,
      },
      known: true,
    });
    expect(resolveQuarterOffence({ offence_group: 'Miscellaneous' }).offence.offence_group).toBe(
      'Miscellaneous',
    );
  });
});
