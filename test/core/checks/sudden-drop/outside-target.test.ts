import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { targetEvidence } from '#core/checks/sudden-drop/context.ts';
import { LEVEL_SHIFT_CHECK_ID } from '#core/checks/sudden-drop/level-shift.ts';
import type { Finding } from '#core/model/findings.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, parseEvidence } from './helpers.ts';

const SEXUAL = 'Sexual offences';
const TARGET_ID = DEFAULT_SUDDEN_DROP_CONFIG.targets[0]!.id;

// Item 12 of issue 9: a lasting fall in an untargeted, proactively recorded group during a target's
// assessment window is reported as a level shift "outside the target".
describe('level shifts outside the target', () => {
  let findings: Finding[];
  beforeAll(() => {
    const g = cleanReturns({
      seed: 71,
      start: '2016-04',
      months: 96,
      maxCodes: 70,
      injections: [{ force: 'lancashire', groups: [SEXUAL], from: '2023-04', factor: 0.65 }],
    });
    findings = audit(g.rows).filter((f) => f.check_id === LEVEL_SHIFT_CHECK_ID && f.severity !== 'info');
  });

  it('sets near_target, names the target with relation "outside the target", and says so', () => {
    const f = findings.find((x) => x.force_code === 'lancashire' && x.offence_group === SEXUAL);
    expect(f).toBeDefined();
    expect(f!.near_target).toBe(true);
    const ev = parseEvidence(f!) as { near_targets: Array<{ id: string; relation: string }> };
    expect(ev.near_targets).toEqual([
      expect.objectContaining({ id: TARGET_ID, relation: 'outside the target' }),
    ]);
    expect(f!.summary).toContain(`during the assessment window of ${TARGET_ID}, outside the target`);
  });

  it('marks a target without a relation as covered in evidence (the target bunching and older callers)', () => {
    expect(targetEvidence(DEFAULT_SUDDEN_DROP_CONFIG.targets[0]!).relation).toBe('covered');
  });
});
