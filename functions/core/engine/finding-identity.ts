/**
 * A finding's identity and input fingerprint.
 *
 * finding_id = "f_" + the first 32 hex digits (128 bits) of SHA-256 over the JSON array
 *   [check_id, rule_version, force_code, period_start, period_end, offence_group, offence_subgroup,
 *    offence_code, related_offence_code, discriminator]
 * so the same input and rule version give the same id, and a new rule version gives new ids. The
 * JSON array keeps field boundaries unambiguous (no separator can collide). `discriminator` is an
 * optional string a check sets on its draft when it can emit several findings with the same force,
 * period and offence (e.g. one per pair of submissions); null otherwise.
 *
 * input_sha256 = the returns a finding was computed from: the submissions listed in the draft's
 * `inputs` when the check names them, else every current submission of the force (checks
 * with a baseline read the force's whole history). One submission → its own hash (so it joins the
 * returns table directly); several → SHA-256 of their sorted distinct hashes joined by "\n".
 * `node:crypto` hashing is pure computation: no I/O, no clock.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../model/findings.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type IdentityFields = Pick<
  Finding,
  | 'check_id'
  | 'rule_version'
  | 'force_code'
  | 'period_start'
  | 'period_end'
  | 'offence_group'
  | 'offence_subgroup'
  | 'offence_code'
  | 'related_offence_code'
> & { discriminator?: string | null };

export function findingId(f: IdentityFields, salt?: string): string {
  const parts = [
    f.check_id,
    f.rule_version,
    f.force_code,
    f.period_start,
    f.period_end,
    f.offence_group,
    f.offence_subgroup,
    f.offence_code,
    f.related_offence_code,
    f.discriminator ?? null,
  ];
  if (salt !== undefined) parts.push(salt);
  return `f_${sha256Hex(JSON.stringify(parts)).slice(0, 32)}`;
}

/** The fingerprint of a set of submissions (see the header for the one-submission case). */
export function inputFingerprint(hashes: Iterable<string>): string {
  const distinct = [...new Set(hashes)].sort();
  if (distinct.length === 1 && SHA256_HEX.test(distinct[0]!)) return distinct[0]!;
  return sha256Hex(distinct.join('\n'));
}
