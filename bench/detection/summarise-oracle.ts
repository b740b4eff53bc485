/**
 * The benchmark measured against the oracle (functions/core/synthetic/benchmark/oracle.ts), per
 * cohort (arm × seed set), signature and shape:
 * - detectable: |oracle z| ≥ DETECTABLE_Z; the oracle's recall is detectable / injections;
 * - recall on detectable: detectable injections hit by a finding above info of their signature
 *   (score.ts findingHitsLabel) / detectable injections (in brackets: hits at any severity);
 * - false flags: findings above info per force-year on the cohort's clean runs (trends included);
 * - precision at MANIPULATED_FORCES_PER_YEAR manipulated forces a year, from those two;
 * - median time to detect of the detected ones (score.ts);
 * - reported twice: injections hit by more than one finding above info, any detection signature;
 * - wrong attributions: reclassification findings above info on a burglary cliff (crimes vanished,
 *   nothing moved), counted as false flags.
 * `powerPoints` holds one point per injection for a power curve (recall by oracle-z bin).
 */

import { addMonths } from '#core/series/months.ts';
import type { InjectionLabel } from '#core/synthetic/benchmark/injections.ts';
import { DETECTABLE_Z } from '#core/synthetic/benchmark/oracle.ts';
import type { Arm, SeedSet } from '#core/synthetic/benchmark/plan.ts';
import {
  aboveInfo,
  DETECTION_SIGNATURES,
  type DetectionSignature,
  findingHitsLabel,
  precisionAtPrevalence,
  quantile,
  scoreRun,
} from '#core/synthetic/benchmark/score.ts';
import type { RunResult } from './execute.ts';
import type { PowerPoint } from './power-curve.ts';

export const ORACLE_RECALL_TARGET = 0.9;
/** Findings above info per force-year on clean data with trends (the target). */
export const ABOVE_INFO_FLAG_TARGET = 0.05;
export type { PowerPoint };

export interface ShapeRow {
  signature: DetectionSignature;
  /** 'all' for the signature's every shape. */
  shape: string;
  injections: number;
  detectable: number;
  hitsDetectable: number;
  hitsDetectableAnySeverity: number;
  /** Detected at any |z| (above info). */
  hitsAll: number;
  ttdMedian: number;
  reportedTwice: number;
  precision: number;
  /**
   * Median share of the oracle's variance that comes from the paths (trend and mix drift forecast
   * from t0 − 1) rather than counting noise: how much of what hides an injection the generator's
   * own drift accounts for.
   */
  pathShare: number;
}

export interface CohortSummary {
  arm: Arm;
  seedSet: SeedSet;
  cleanRuns: number;
  positiveRuns: number;
  forceYearsClean: number;
  forces: number;
  /** Above info, per signature, on clean runs. */
  falseFlags: Map<DetectionSignature, { flags: number; rate: number }>;
  rows: ShapeRow[];
  wrongAttributions: { flags: number; cliffs: number };
}

export interface OracleSummary {
  cohorts: CohortSummary[];
  powerPoints: PowerPoint[];
}

interface Scored {
  label: InjectionLabel;
  detected: boolean;
  detectedAny: boolean;
  hitsAboveInfo: number;
  ttd: number | null;
}

function scoreCohortRun(r: RunResult): { scored: Scored[]; wrong: number; cliffs: number } {
  const months = r.run.months;
  const start = r.run.start;
  const dataEnd = start && months ? addMonths(start, months - 1) : undefined;
  const flags = r.findings.filter(aboveInfo);
  const strict = scoreRun(r.labels, flags, { dataEnd }).outcomes;
  const loose = scoreRun(r.labels, r.findings, { dataEnd }).outcomes;
  let wrong = 0;
  let cliffs = 0;
  const scored = strict.map((o, i) => {
    const anySignature = { ...o.label, signature: null };
    if (o.label.shape === 'cliff_no_compensation') {
      cliffs++;
      const asMove = { ...o.label, signature: 'reclassification' as const };
      wrong += flags.filter((f) => findingHitsLabel(f, asMove)).length;
    }
    return {
      label: o.label,
      detected: o.detected,
      detectedAny: loose[i]!.detected,
      hitsAboveInfo: flags.filter((f) => findingHitsLabel(f, anySignature)).length,
      ttd: o.timeToDetect,
    };
  });
  return { scored, wrong, cliffs };
}

const isDetectable = (s: Scored) => s.label.oracle !== null && Math.abs(s.label.oracle.z) >= DETECTABLE_Z;

function row(
  signature: DetectionSignature,
  shape: string,
  list: Scored[],
  falseFlagRate: number,
  forces: number,
): ShapeRow {
  const detectable = list.filter(isDetectable);
  const hitsDetectable = detectable.filter((s) => s.detected).length;
  const recall = detectable.length === 0 ? Number.NaN : hitsDetectable / detectable.length;
  const ttds = list.flatMap((s) => (s.detected && s.ttd !== null ? [s.ttd] : []));
  return {
    signature,
    shape,
    injections: list.length,
    detectable: detectable.length,
    hitsDetectable,
    hitsDetectableAnySeverity: detectable.filter((s) => s.detectedAny).length,
    hitsAll: list.filter((s) => s.detected).length,
    ttdMedian: quantile(ttds, 0.5),
    reportedTwice: list.filter((s) => s.hitsAboveInfo > 1).length,
    precision: Number.isNaN(recall)
      ? Number.NaN
      : precisionAtPrevalence({ recall, falseFlagsPerForceYear: falseFlagRate, forces }),
    pathShare: quantile(
      list.flatMap((s) => {
        const parts = s.label.oracle?.variance_parts;
        const total = parts ? parts.noise + parts.paths : 0;
        return parts && total > 0 ? [parts.paths / total] : [];
      }),
      0.5,
    ),
  };
}

export function summariseOracle(results: readonly RunResult[], forces: number): OracleSummary {
  const aggregate = results.filter((r) => r.run.extract === undefined && r.run.role !== 'replay');
  const key = (r: RunResult) => `${r.run.seedSet ?? 'tuning'}|${r.run.arm ?? 'ten_year'}`;
  const keys = [...new Set(aggregate.filter((r) => r.run.role !== 'control').map(key))];
  const powerPoints: PowerPoint[] = [];
  const cohorts = keys.map((k): CohortSummary => {
    const [seedSet, arm] = k.split('|') as [SeedSet, Arm];
    const clean = aggregate.filter((r) => key(r) === k && r.run.role === 'clean');
    const positive = aggregate.filter((r) => key(r) === k && r.run.role === 'positive');
    const forceYearsClean = clean.reduce((s, r) => s + (forces * (r.run.months ?? 120)) / 12, 0);
    const falseFlags = new Map(
      DETECTION_SIGNATURES.map((sig) => {
        const flags = clean
          .flatMap((r) => r.findings)
          .filter((f) => f.signature === sig && aboveInfo(f)).length;
        return [sig, { flags, rate: forceYearsClean > 0 ? flags / forceYearsClean : Number.NaN }];
      }),
    );
    const scored: Scored[] = [];
    let wrong = 0;
    let cliffs = 0;
    for (const r of positive) {
      const s = scoreCohortRun(r);
      scored.push(...s.scored);
      wrong += s.wrong;
      cliffs += s.cliffs;
    }
    for (const s of scored)
      if (s.label.signature !== null && s.label.oracle !== null)
        powerPoints.push({
          signature: s.label.signature,
          shape: s.label.shape,
          arm,
          seedSet,
          oracleZ: s.label.oracle.z,
          detected: s.detected,
        });
    const rows: ShapeRow[] = [];
    for (const sig of DETECTION_SIGNATURES) {
      const own = scored.filter((s) => s.label.signature === sig);
      const rate = falseFlags.get(sig)!.rate;
      rows.push(row(sig, 'all', own, rate, forces));
      for (const shape of [...new Set(own.map((s) => s.label.shape))].sort())
        rows.push(
          row(
            sig,
            shape,
            own.filter((s) => s.label.shape === shape),
            rate,
            forces,
          ),
        );
    }
    return {
      arm,
      seedSet,
      cleanRuns: clean.length,
      positiveRuns: positive.length,
      forceYearsClean,
      forces,
      falseFlags,
      rows,
      wrongAttributions: { flags: wrong, cliffs },
    };
  });
  return { cohorts, powerPoints };
}
