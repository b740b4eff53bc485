/** The record-level summary and evidence of one quarter, alone and as part of a campaign. */
import { describe, expect, it } from 'vitest';
import { auditContext } from '#core/checks/audit-context.ts';
import type { AuditInput } from '#core/checks/check.ts';
import type { CampaignRole } from '#core/checks/reclassification/campaigns.ts';
import {
  namedPair,
  type RecordLevelCase,
  recordLevelCases,
} from '#core/checks/reclassification/record-level-analysis.ts';
import { recordLevelConfig } from '#core/checks/reclassification/record-level-config.ts';
import { recordLevelEvidence } from '#core/checks/reclassification/record-level-evidence.ts';
import { recordLevelSummary } from '#core/checks/reclassification/record-level-summary.ts';
import { monthRange } from '#core/series/months.ts';

const config = recordLevelConfig();
const transitions = monthRange('2023-04', '2024-03').flatMap((month) => [
  {
    force_code: 'kent',
    month,
    from_offence_code: '8N',
    to_offence_code: '105A',
    count: month >= '2023-10' ? 30 : 4,
  },
  { force_code: 'kent', month, from_offence_code: '105A', to_offence_code: '8N', count: 3 },
]);
const input: AuditInput = { current: [], history: [], notes: [], forces: ['kent'], transitions };
const [q2, q3, q4] = recordLevelCases(input, auditContext(input), config).flat() as [
  RecordLevelCase,
  RecordLevelCase,
  RecordLevelCase,
];
const facts = (campaign: CampaignRole<RecordLevelCase>) => ({
  parameters: { min_excess: 5 },
  pairs: namedPair(q4).totals,
  nearTarget: null,
  campaign,
});

describe('record-level summary', () => {
  it('says what the force moved each way in the quarter', () => {
    expect(recordLevelSummary(q4, namedPair(q4), { kind: 'alone' }, config)).toBe(
      'From 2024-01 to 2024-03 kent reclassified 90 crimes first recorded as assaults with injury ' +
        '(mostly 8N) to assaults without injury (105A), and 9 the other way; the change requires explanation.',
    );
  });

  it('names the other quarters of a campaign in the one reported for it', () => {
    const role: CampaignRole<RecordLevelCase> = {
      kind: 'reported',
      covers: [q3],
      start: '2023-10',
      end: '2024-03',
    };
    expect(recordLevelSummary(q4, namedPair(q4), role, config)).toMatch(
      /, and 9 the other way; downgrades were also raised in the other quarters from 2023-10 to 2024-03 \(listed in the evidence\); the change requires explanation\.$/,
    );
  });
});

describe('record-level evidence', () => {
  it('lists the months both contrasts read, and the parameters it is given', () => {
    const e = recordLevelEvidence(q4, config, facts({ kind: 'alone' }));
    expect(e.parameters).toEqual({ min_excess: 5 });
    expect((e.months as Array<{ role: string }>).map((m) => m.role)).toEqual([
      ...Array(6).fill('baseline'),
      ...Array(3).fill('window'),
    ]);
    expect(e.table).toEqual({
      window: { downgrades: 90, upgrades: 9, first_recorded_serious: null },
      baseline: { downgrades: 24, upgrades: 18, first_recorded_serious: null },
    });
    expect(e).not.toHaveProperty('covers');
    expect(e).not.toHaveProperty('covered_by');
    expect(e).not.toHaveProperty('material');
  });

  it('names the reported quarter in a covered one, and the covered ones in the reported one', () => {
    const covered = recordLevelEvidence(q3, config, facts({ kind: 'covered', by: q4 }));
    expect(covered.covered_by).toEqual({
      period_start: '2024-01',
      period_end: '2024-03',
      p_value: q4.test.pValue,
    });
    const reported = recordLevelEvidence(
      q4,
      config,
      facts({ kind: 'reported', covers: [q2, q3], start: '2023-07', end: '2024-03' }),
    );
    expect(reported.covers).toEqual(
      [q2, q3].map((c) => ({
        period_start: c.window.start,
        period_end: c.window.end,
        downgrades: c.test.totals.window.down,
        expected_downgrades: c.test.expectedDown,
        p_value: c.test.pValue,
      })),
    );
  });
});
