/**
 * no_crime.spike — a force's cancellation ("no-crime") rate rising against its own history.
 *
 * For every force with monthly cancellation counts, every series (all offences, each offence group,
 * each offence code) and every calendar quarter with a usable baseline, one hypothesis: "some window
 * of 3–5 months ending in this quarter has a cancellation rate above what the series' own baseline
 * predicts, and by more than other forces' rose" (scan.ts: the best window, its p × the windows
 * scanned; a short own history is tested against its peers' rate only, gates.ts). Each is one draft
 * with its p-value (chart.ts, gates.ts); the engine's BH across the run decides which survive. Drafts below the material gate, or covered by a better window or a coarser series, count
 * in BH but are never reported. Reported drafts carry an ML cross-check of the fit and a binomial
 * CUSUM dating the onset (cusum.ts). Record-level months the audit input has cancellation cohorts for
 * are rated by their cohorts (crimes recorded in the month, cancelled within the follow-up: rates.ts);
 * other record-level months by the month cancellations were decided. Forces without cancellation
 * counts get no draft; noCrimeCoverage (coverage.ts) says why, and which months could not be assessed
 * yet. See README.md for the design and its calibration.
 */

import { withRunBreaks } from '../annotated-breaks.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { analyse, type TestedWindow } from './analysis.ts';
import { configParameters, NO_CRIME_RULE_VERSION, type NoCrimeOverrides, noCrimeConfig } from './config.ts';
import { noCrimeCoverageReport } from './coverage.ts';
import { cusumEvidence } from './cusum.ts';
import { draftFor } from './draft.ts';
import { type Assessment, assess, isReported } from './gates.ts';

export const NO_CRIME_SPIKE_CHECK_ID = 'no_crime.spike';

/** The check with `overrides` of the default configuration; a bad override throws a ZodError naming the field. */
export function createNoCrimeSpikeCheck(overrides: NoCrimeOverrides = {}): Check {
  const configured = noCrimeConfig(overrides);
  const parameters = configParameters(configured);
  return {
    id: NO_CRIME_SPIKE_CHECK_ID,
    signature: 'no_crime_spike',
    ruleVersion: NO_CRIME_RULE_VERSION,
    description:
      'Cancellation (no-crime) rate of a force, offence group or offence code rising over 3\u20135 months ' +
      'against its own previous 18\u201336 months, or against its peers\u2019 rate where its own history is ' +
      'shorter (beta-binomial p-chart, scanned windows, peer-confirmed, CUSUM-dated).',
    coverage: (input, ctx) => noCrimeCoverageReport(input, ctx, configured.recordLevelLeadInMonths),
    run(input: AuditInput, ctx: AuditContext): CheckDraft[] {
      const config = withRunBreaks(configured, input);
      const analysis = analyse(ctx, config, input.cohorts);
      const audited = new Set(input.forces);
      const mine = analysis.tested.filter((t) => audited.has(t.force.force_code));
      const assessments = assess(mine, analysis, config);
      const siblings = groupByWindow(assessments);
      return assessments.map((a) =>
        draftFor(a, {
          config,
          parameters,
          siblings: siblings.get(windowKey(a.test)) ?? [],
          cusum: isReported(a) ? cusumEvidence(a.test, config) : null,
        }),
      );
    },
  };
}

function windowKey(t: TestedWindow): string {
  return `${t.force.force_code}|${t.force.stream.level}|${t.blockStart}`;
}

function groupByWindow(assessments: readonly Assessment[]): Map<string, Assessment[]> {
  const out = new Map<string, Assessment[]>();
  for (const a of assessments) {
    const key = windowKey(a.test);
    const list = out.get(key);
    if (list) list.push(a);
    else out.set(key, [a]);
  }
  return out;
}

/** The production instance with the default thresholds. */
export const noCrimeSpikeCheck: Check = createNoCrimeSpikeCheck();
