/**
 * The check registry: which checks a run executes, in which order, and the decision rule that
 * gates tested findings (decision-rule.ts). `defaultRegistry()` is the production set; tests build their own.
 */
import type { AuditContext } from '../checks/audit-context.ts';
import type { AuditInput, Check, CoverageReport } from '../checks/check.ts';
import { DATA_QUALITY_CHECKS } from '../checks/data-quality/index.ts';
import { NO_CRIME_CHECKS } from '../checks/no-crime/index.ts';
import { RECLASSIFICATION_CHECKS } from '../checks/reclassification/index.ts';
import { SUDDEN_DROP_CHECKS } from '../checks/sudden-drop/index.ts';
import {
  type ConsolidationConfig,
  ConsolidationConfigSchema,
  type ConsolidationOverride,
} from './consolidation-config.ts';
import { DEFAULT_DECISION, type DecisionRule, validateDecision } from './decision-rule.ts';

/** The q level of the `bh` rule when it is asked for by `qThreshold` alone. */
export const DEFAULT_Q_THRESHOLD = 0.05;

export interface RegistryOptions {
  /** Which tested findings are reported (default DEFAULT_DECISION, a per-force-year error budget). */
  decision?: DecisionRule;
  /** Shorthand for `decision: { kind: 'bh', q }`. */
  qThreshold?: number;
  /** Thresholds of the consolidation stage (consolidation-config.ts); defaults when left out. */
  consolidation?: ConsolidationOverride;
}

export class CheckRegistry {
  readonly decision: DecisionRule;
  readonly consolidation: ConsolidationConfig;
  private readonly checks = new Map<string, Check>();

  constructor(options: RegistryOptions = {}) {
    if (options.decision && options.qThreshold !== undefined)
      throw new Error('give a decision rule or a q threshold, not both');
    const q = options.qThreshold;
    if (q !== undefined && !(q > 0 && q <= 1))
      throw new RangeError(`q threshold must be in (0, 1], got ${q}`);
    this.decision = validateDecision(
      options.decision ?? (q !== undefined ? { kind: 'bh', q } : DEFAULT_DECISION),
    );
    this.consolidation = ConsolidationConfigSchema.parse(options.consolidation ?? {});
  }

  /** Adds a check; an empty or already registered id is a programming error and throws. */
  register(check: Check): this {
    if (check.id.trim() === '') throw new Error('a check needs a non-empty id');
    if (check.ruleVersion.trim() === '') throw new Error(`check ${check.id} needs a non-empty rule version`);
    if (this.checks.has(check.id)) throw new Error(`check id already registered: ${check.id}`);
    this.checks.set(check.id, check);
    return this;
  }

  registerAll(checks: readonly Check[]): this {
    for (const c of checks) this.register(c);
    return this;
  }

  /** Registered checks in registration order. */
  list(): readonly Check[] {
    return [...this.checks.values()];
  }

  /** Each family's coverage report for this input, from the checks that give one, in registration order. */
  coverage(input: AuditInput, ctx: AuditContext): CoverageReport[] {
    const out: CoverageReport[] = [];
    for (const c of this.checks.values()) if (c.coverage) out.push(c.coverage(input, ctx));
    return out;
  }

  get(id: string): Check | undefined {
    return this.checks.get(id);
  }

  /** `id@version` of every check, sorted by id and comma-separated: the runs table's rule_versions. */
  ruleVersions(): string {
    return [...this.checks.values()]
      .map((c) => `${c.id}@${c.ruleVersion}`)
      .sort()
      .join(',');
  }
}

/** Every production check. Each new family of checks is one more `registerAll` line here. */
export function defaultRegistry(options: RegistryOptions = {}): CheckRegistry {
  return new CheckRegistry(options)
    .registerAll(DATA_QUALITY_CHECKS)
    .registerAll(RECLASSIFICATION_CHECKS)
    .registerAll(NO_CRIME_CHECKS)
    .registerAll(SUDDEN_DROP_CHECKS);
}
