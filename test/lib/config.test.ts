import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_BYTES_SCANNED_CUTOFF,
  DEFAULT_DIGEST_SCHEDULE,
  DEFAULT_SCHEDULE,
  readAuditorConfig,
} from '#lib/config.ts';

const read = (context: Record<string, unknown>) => readAuditorConfig((key) => context[key]);

describe('readAuditorConfig', () => {
  it('has a default for every setting', () => {
    expect(read({})).toEqual({
      forces: [],
      notificationEmail: undefined,
      schedule: DEFAULT_SCHEDULE,
      scheduleTimeZone: 'Europe/London',
      digestSchedule: DEFAULT_DIGEST_SCHEDULE,
      bytesScannedCutoff: DEFAULT_BYTES_SCANNED_CUTOFF,
      uploaderPrincipals: new Map(),
      auditorPrincipals: null,
    });
    expect(DEFAULT_SCHEDULE).toBe('cron(0 6 ? * MON *)');
  });

  it('reads forces from cdk.json objects and from -c JSON strings, sorted by slug', () => {
    const forces = { kent: 'a@kent.example', 'avon-and-somerset': 'https://as.example/hook' };
    const expected = [
      { slug: 'avon-and-somerset', protocol: 'https', endpoint: 'https://as.example/hook' },
      { slug: 'kent', protocol: 'email', endpoint: 'a@kent.example' },
    ];
    expect(read({ forces }).forces).toEqual(expected);
    expect(read({ forces: JSON.stringify(forces) }).forces).toEqual(expected);
  });

  it('names the slug a mistyped force identifier stands for', () => {
    expect(() => read({ forces: { 'Greater Manchester': 'a@b.example' } })).toThrow(
      /"Greater Manchester" is not a force slug \(did you mean "greater-manchester"\?\)/,
    );
    expect(() => read({ forces: { atlantis: 'a@b.example' } })).toThrow(ConfigError);
  });

  it('accepts only email addresses and https endpoints', () => {
    expect(() => read({ forces: { kent: 'http://kent.example/hook' } })).toThrow(/neither an email/);
    expect(() => read({ forces: { kent: 42 } })).toThrow(ConfigError);
    expect(() => read({ forces: '[1,2]' })).toThrow(/must map force slugs/);
    expect(() => read({ forces: '{not json' })).toThrow(/must be a JSON object/);
  });

  it('checks the notification email, schedule, time zone and cutoff', () => {
    expect(read({ notificationEmail: 'ops@x.example' }).notificationEmail).toBe('ops@x.example');
    expect(() => read({ notificationEmail: 'ops' })).toThrow(/notificationEmail/);
    expect(read({ schedule: 'rate(1 day)' }).schedule).toBe('rate(1 day)');
    expect(() => read({ schedule: '0 6 * * 1' })).toThrow(/Scheduler expression/);
    expect(read({ digestSchedule: 'cron(30 9 ? * FRI *)' }).digestSchedule).toBe('cron(30 9 ? * FRI *)');
    expect(() => read({ digestSchedule: 'fridays' })).toThrow(
      /context "digestSchedule" must be a Scheduler expression/,
    );
    expect(read({ scheduleTimeZone: 'Europe/Dublin' }).scheduleTimeZone).toBe('Europe/Dublin');
    expect(() => read({ scheduleTimeZone: 'Mars/Olympus' })).toThrow(/IANA/);
    expect(read({ bytesScannedCutoff: '50000000' }).bytesScannedCutoff).toBe(50_000_000);
    expect(() => read({ bytesScannedCutoff: 1000 })).toThrow(/>= 10000000/);
    expect(() => read({ bytesScannedCutoff: 12.5e6 + 0.5 })).toThrow(ConfigError);
  });

  describe('principals', () => {
    const forces = { kent: 'a@kent.example', essex: 'b@essex.example' };
    const KENT = 'arn:aws:iam::111111111111:role/kent/DataTeam';

    it('reads named ARNs and sso: permission sets per force and for the auditors, from objects or JSON', () => {
      const uploaderPrincipals = {
        kent: [KENT, 'sso:KentUploader', KENT],
        essex: ['arn:aws:iam::111111111111:user/essex'],
      };
      const config = read({ forces, uploaderPrincipals, auditorPrincipals: '["sso:Auditor"]' });
      expect(config.uploaderPrincipals).toEqual(
        new Map([
          ['essex', { principalArns: ['arn:aws:iam::111111111111:user/essex'], permissionSets: [] }],
          ['kent', { principalArns: [KENT], permissionSets: ['KentUploader'] }],
        ]),
      );
      expect(config.auditorPrincipals).toEqual({ principalArns: [], permissionSets: ['Auditor'] });
      expect(
        read({ forces, uploaderPrincipals: JSON.stringify({ kent: [KENT] }) }).uploaderPrincipals.get('kent'),
      ).toEqual({ principalArns: [KENT], permissionSets: [] });
    });

    it('rejects a malformed principal, naming the context key and the entry', () => {
      for (const bad of [
        'arn:aws:iam::111111111111:root',
        'arn:aws:iam::1111:role/x',
        'arn:aws:iam::111111111111:role/*',
        'KentDataTeam',
        'sso:',
      ]) {
        expect(() => read({ forces, uploaderPrincipals: { kent: [bad] } })).toThrow(
          new RegExp(
            `context "uploaderPrincipals\\.kent\\[0\\]": ${JSON.stringify(bad).replace(/[*[\]]/g, '\\$&')} is neither`,
          ),
        );
      }
      expect(() => read({ auditorPrincipals: ['arn:aws:sts::111111111111:assumed-role/x/y'] })).toThrow(
        /context "auditorPrincipals\[0\]"/,
      );
      expect(() => read({ auditorPrincipals: [] })).toThrow(
        /context "auditorPrincipals": must list at least one/,
      );
      expect(() => read({ forces, uploaderPrincipals: { kent: KENT } })).toThrow(
        /context "uploaderPrincipals\.kent"/,
      );
      expect(() => read({ auditorPrincipals: '[not json' })).toThrow(ConfigError);
    });

    it('rejects an unknown force, or one that is not configured, by name', () => {
      expect(() => read({ forces, uploaderPrincipals: { Kent: [KENT] } })).toThrow(
        /context "uploaderPrincipals": "Kent" is not a force slug \(did you mean "kent"\?\)/,
      );
      expect(() => read({ forces, uploaderPrincipals: { durham: [KENT] } })).toThrow(
        /"durham" is not one of the forces in context "forces"/,
      );
    });

    it('refuses one principal for two forces: it could upload as either', () => {
      expect(() => read({ forces, uploaderPrincipals: { kent: [KENT], essex: [KENT] } })).toThrow(
        new RegExp(`${KENT} is listed for both essex and kent`),
      );
      expect(() =>
        read({ forces, uploaderPrincipals: { kent: ['sso:Uploader'], essex: ['sso:Uploader'] } }),
      ).toThrow(/sso:Uploader is listed for both/);
    });
  });
});
