import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_BYTES_SCANNED_CUTOFF,
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
      bytesScannedCutoff: DEFAULT_BYTES_SCANNED_CUTOFF,
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
    expect(read({ scheduleTimeZone: 'Europe/Dublin' }).scheduleTimeZone).toBe('Europe/Dublin');
    expect(() => read({ scheduleTimeZone: 'Mars/Olympus' })).toThrow(/IANA/);
    expect(read({ bytesScannedCutoff: '50000000' }).bytesScannedCutoff).toBe(50_000_000);
    expect(() => read({ bytesScannedCutoff: 1000 })).toThrow(/>= 10000000/);
    expect(() => read({ bytesScannedCutoff: 12.5e6 + 0.5 })).toThrow(ConfigError);
  });
});
