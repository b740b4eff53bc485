/**
 * Runs every registered check over one audit input and turns their drafts into findings.
 *
 * - Failure isolation: a check that throws (or emits a draft that does not fit the findings table)
 *   does not stop the run. Its error is returned in `errors` — not as a finding, because a crashed
 *   check says nothing about any force's data — and the pipeline marks the run `partial`. A throwing
 *   check contributes no findings at all (its partial output is unknowable); an invalid draft is
 *   dropped alone.
 * - Scope: only findings for `input.forces` are kept (other forces are context for peers).
 * - Identity: finding_id and input_sha256 as in finding-identity.ts; run_id and created_at from ctx.
 * - Multiple testing: the registry's decision rule (decision-rule.ts; by default an error budget per
 *   force-year, split between a signature's checks) sets each check's p threshold from the number of
 *   tests it emitted, so statistical checks must emit a draft for every test they perform, not only
 *   the remarkable ones. Benjamini–Hochberg q-values per check are stored beside p. Findings above
 *   their threshold are dropped (counted in `gated`); findings without a p-value (rules such as the
 *   data-quality checks) have q null and are never gated.
 * - Consolidation (consolidate.ts): after gating, a sudden drop that a reclassification or a
 *   data-quality finding explains is kept at severity info and cited by its explanation, so that one
 *   event is reported once.
 * - Evidence is serialised as canonical JSON (sorted keys).
 * - Output order: force_code, signature, period_start, period_end, check_id, finding_id.
 */
import { type AuditContext, auditContext } from '../checks/audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../checks/check.ts';
import { BUILT_IN_ANNOTATIONS } from '../detection/built-in-annotations.ts';
import { type Finding, FindingSchema } from '../model/findings.ts';
import { cmp } from '../series/streams.ts';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.ts';
import { applyAnnotations } from './apply-annotations.ts';
import { canonicalJson } from './canonical-json.ts';
import { consolidate } from './consolidate.ts';
import { type CheckThreshold, checkThresholds, forceYears, passes } from './decision-rule.ts';
import { findingId, inputFingerprint } from './finding-identity.ts';
import type { CheckRegistry } from './registry.ts';

export interface RunContext {
  run_id: string;
  /** The run's clock reading, injected: core reads no clock. Becomes every finding's created_at. */
  now: Date;
}

export interface CheckError {
  check_id: string;
  rule_version: string;
  /** What went wrong, for the runs table message and the console. */
  message: string;
}

export interface RunChecksResult {
  findings: Finding[];
  errors: CheckError[];
  /** Drafts dropped because they did not pass the decision rule or were not material. */
  gated: number;
}

export function runChecks(
  registry: CheckRegistry,
  input: AuditInput,
  ctx: RunContext,
  audit: AuditContext = auditContext(input),
): RunChecksResult {
  const audited = new Set(input.forces);
  const forceInputs = new ForceInputs(input);
  const errors: CheckError[] = [];
  const findings: Finding[] = [];
  // Tested but below the check's material-effect gate: counted in the multiple-testing family, never reported.
  const immaterial = new Set<Finding>();
  const discriminators = new Map<Finding, string | null>();
  // Evidence is serialised only for findings that are kept (or that share an id): most drafts are
  // tests that pass no threshold, and their canonical JSON was a quarter of a national run's time.
  // The draft itself is kept, not its evidence: a check may build evidence only when it is read.
  const evidence = new Map<Finding, CheckDraft>();

  for (const check of registry.list()) {
    let drafts: CheckDraft[];
    try {
      drafts = check.run(input, audit);
    } catch (e) {
      errors.push(errorOf(check, `check failed: ${e instanceof Error ? e.message : String(e)}`));
      continue;
    }
    for (const draft of drafts) {
      if (!audited.has(draft.force_code)) continue;
      const typed = typedFields(draft);
      const built = build(check, draft, typed, ctx, forceInputs);
      if (typeof built === 'string') errors.push(errorOf(check, built));
      else {
        findings.push(built);
        evidence.set(built, draft);
        discriminators.set(built, typed.discriminator);
        if (!typed.material) immaterial.add(built);
      }
    }
  }

  const serialised = (f: Finding) => canonicalJson(evidence.get(f)!.evidence);
  disambiguate(findings, discriminators, serialised);
  assignQValues(findings);
  const thresholds = checkThresholds(findings, registry.decision, forceYears(input.current, audited));
  const gated = findings
    .filter((f) => passes(f, thresholds) && !immaterial.has(f))
    .map((f) => withEvidence(f, evidence.get(f)!.evidence, thresholds));
  const kept = applyAnnotations(
    consolidate(gated, registry.consolidation),
    input.annotations ?? BUILT_IN_ANNOTATIONS,
  );
  kept.sort(compareFindings);
  return { findings: kept, errors, gated: findings.length - kept.length };
}

/** A kept finding's evidence as canonical JSON, with the bar a tested finding cleared (decision-rule.ts). */
function withEvidence(
  f: Finding,
  evidence: CheckDraft['evidence'],
  thresholds: ReadonlyMap<string, CheckThreshold>,
): Finding {
  const t = f.p_value === null ? undefined : thresholds.get(f.check_id);
  if (!t) return { ...f, evidence: canonicalJson(evidence) };
  const { check_id: _c, ...decision } = t;
  return { ...f, evidence: canonicalJson({ ...evidence, decision }) };
}

function errorOf(check: Check, message: string): CheckError {
  return { check_id: check.id, rule_version: check.ruleVersion, message };
}

interface TypedFields {
  material: boolean;
  discriminator: string | null;
  inputs: readonly string[];
}

/** The draft's engine-only fields, with their defaults. */
function typedFields(draft: CheckDraft): TypedFields {
  return {
    material: draft.material ?? true,
    discriminator: draft.discriminator ?? null,
    inputs: draft.inputs ?? [],
  };
}

/** A finding from a draft, or the reason the draft was refused. */
function build(
  check: Check,
  draft: CheckDraft,
  typed: TypedFields,
  ctx: RunContext,
  forceInputs: ForceInputs,
): Finding | string {
  // Every field named, in the table's order: one object shape for every check's drafts keeps the
  // schema's parse on its fast path (~6·10⁴ drafts a national run), with no rest or spread of the draft.
  // The parse returns the table's fields only, in this order, as it did from a spread of the draft.
  const candidate = {
    finding_id: '',
    run_id: ctx.run_id,
    signature: check.signature,
    check_id: check.id,
    rule_version: check.ruleVersion,
    severity: draft.severity,
    force_code: draft.force_code,
    period_start: draft.period_start,
    period_end: draft.period_end,
    offence_group: draft.offence_group,
    offence_subgroup: draft.offence_subgroup,
    offence_code: draft.offence_code,
    related_offence_code: draft.related_offence_code,
    observed: draft.observed,
    expected: draft.expected,
    unit: draft.unit,
    effect_size: draft.effect_size,
    p_value: draft.p_value,
    q_value: null,
    near_target: draft.near_target,
    summary: draft.summary,
    // Serialised once the finding is kept (runChecks); the table's shape is checked here.
    evidence: '{}',
    input_sha256: typed.inputs.length > 0 ? inputFingerprint(typed.inputs) : forceInputs.of(draft.force_code),
    created_at: ctx.now,
  } satisfies Record<keyof Finding, unknown>;
  // The id reads the candidate's identity fields (finding-identity.ts), so they are named once.
  candidate.finding_id = findingId({ ...candidate, discriminator: typed.discriminator });
  const parsed = FindingSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid';
    return `draft for ${draft.force_code} ${draft.period_start}..${draft.period_end} does not fit the findings table (${where})`;
  }
  return parsed.data;
}

/** Fingerprint of every current submission of a force, computed once per force. */
class ForceInputs {
  private readonly hashes = new Map<string, Set<string>>();
  private readonly memo = new Map<string, string>();

  constructor(input: AuditInput) {
    for (const row of input.current) {
      const set = this.hashes.get(row.force_code) ?? new Set<string>();
      set.add(row.input_sha256);
      this.hashes.set(row.force_code, set);
    }
  }

  of(force: string): string {
    let fp = this.memo.get(force);
    if (fp === undefined) {
      fp = inputFingerprint(this.hashes.get(force) ?? []);
      this.memo.set(force, fp);
    }
    return fp;
  }
}

/**
 * Checks are meant to give distinct identities (via a draft's discriminator where needed). If two
 * findings still share an id, the later ones — in canonical-evidence order, so deterministically —
 * get the id salted with their rank.
 */
function disambiguate(
  findings: Finding[],
  discriminators: ReadonlyMap<Finding, string | null>,
  serialised: (f: Finding) => string,
): void {
  const byId = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byId.get(f.finding_id) ?? [];
    list.push(f);
    byId.set(f.finding_id, list);
  }
  for (const list of byId.values()) {
    if (list.length < 2) continue;
    const ev = new Map(list.map((f) => [f, serialised(f)]));
    list.sort((a, b) => cmp(ev.get(a)!, ev.get(b)!) || cmp(a.summary, b.summary));
    list.forEach((f, rank) => {
      if (rank > 0)
        f.finding_id = findingId({ ...f, discriminator: discriminators.get(f) ?? null }, String(rank));
    });
  }
}

/** BH per check over findings with a p-value; q stays null where p is null. */
function assignQValues(findings: Finding[]): void {
  const byCheck = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.p_value === null) continue;
    const list = byCheck.get(f.check_id) ?? [];
    list.push(f);
    byCheck.set(f.check_id, list);
  }
  for (const list of byCheck.values()) {
    const q = benjaminiHochberg(list.map((f) => f.p_value as number));
    list.forEach((f, i) => {
      f.q_value = q[i]!;
    });
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.force_code, b.force_code) ||
    cmp(a.signature, b.signature) ||
    cmp(a.period_start, b.period_start) ||
    cmp(a.period_end, b.period_end) ||
    cmp(a.check_id, b.check_id) ||
    cmp(a.finding_id, b.finding_id)
  );
}
