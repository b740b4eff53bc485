/**
 * Who may assume the people-facing roles, read from CDK context and checked with zod. Each entry
 * is either an IAM role or user ARN, trusted by name, or `sso:<permission set name>`, which trusts
 * the roles IAM Identity Center provisions in this account for that permission set:
 *
 *   uploaderPrincipals  { "<force slug>": ["arn:aws:iam::123456789012:role/KentUploads", "sso:KentUploader"] }
 *   auditorPrincipals   ["arn:aws:iam::123456789012:role/Inspectors", "sso:Auditor"]
 *
 * Never the account as a whole: trusting the account root lets every principal of the account
 * that may call sts:AssumeRole act as any force. So a principal (or permission set) may be listed
 * for one force only, and a force listed here must be one of the configured `forces`.
 */
import { z } from 'zod';
import { forceBySlug, resolveForce } from '../functions/core/reference/forces.ts';
import { ConfigError, contextJson } from './context-values.ts';

/** The principals one role trusts. */
export interface RoleTrust {
  /** IAM role and user ARNs, trusted by name. */
  principalArns: string[];
  /** IAM Identity Center permission sets whose provisioned roles in this account are trusted. */
  permissionSets: string[];
}

/** Partitions IAM is in; a role or user path and name use IAM's own character set. */
const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** IAM Identity Center permission set names: 1 to 32 of these characters. */
const PERMISSION_SET = /^sso:[\w+=,.@-]{1,32}$/;

const Entry = z
  .string()
  .trim()
  .refine((s) => PRINCIPAL_ARN.test(s) || PERMISSION_SET.test(s), {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is neither an IAM role or user ARN (arn:aws:iam::<12-digit account>:role/<name>) nor sso:<permission set name>`,
  });
const Entries = z.array(Entry).min(1, 'must list at least one principal');
const UploaderSchema = z.record(z.string(), Entries);

export function parseUploaderPrincipals(
  raw: unknown,
  configuredForces: readonly string[],
): Map<string, RoleTrust> {
  const key = 'uploaderPrincipals';
  const parsed = parseWith(key, UploaderSchema, contextJson(key, raw, 'a JSON object') ?? {});
  const trusts = new Map<string, RoleTrust>();
  const owner = new Map<string, string>();
  for (const slug of Object.keys(parsed).sort()) {
    checkForce(key, slug, configuredForces);
    const entries = [...new Set(parsed[slug])];
    for (const entry of entries) {
      const other = owner.get(entry);
      if (other) {
        throw new ConfigError(
          `context "${key}": ${entry} is listed for both ${other} and ${slug}: a principal may upload for one force only`,
        );
      }
      owner.set(entry, slug);
    }
    trusts.set(slug, toTrust(entries));
  }
  return trusts;
}

/** The auditor role's principals, or null when none are configured (then there is no auditor role). */
export function parseAuditorPrincipals(raw: unknown): RoleTrust | null {
  const key = 'auditorPrincipals';
  const value = contextJson(key, raw, 'a JSON array');
  if (value === undefined) return null;
  return toTrust([...new Set(parseWith(key, Entries, value))]);
}

function toTrust(entries: string[]): RoleTrust {
  return {
    principalArns: entries.filter((e) => !e.startsWith('sso:')).sort(),
    permissionSets: entries
      .filter((e) => e.startsWith('sso:'))
      .map((e) => e.slice('sso:'.length))
      .sort(),
  };
}

function checkForce(key: string, slug: string, configuredForces: readonly string[]): void {
  if (!forceBySlug(slug)) {
    const resolved = resolveForce(slug);
    const hint = resolved ? ` (did you mean "${resolved.slug}"?)` : '';
    throw new ConfigError(`context "${key}": "${slug}" is not a force slug${hint}`);
  }
  if (!configuredForces.includes(slug)) {
    throw new ConfigError(
      `context "${key}": "${slug}" is not one of the forces in context "forces", so it has no uploader role`,
    );
  }
}

function parseWith<T>(key: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `context "${key}${path}": ${i.message}`;
  });
  throw new ConfigError(problems.join('; '));
}
