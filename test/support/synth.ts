/**
 * Builds the stack as `cdk synth` would (the context of cdk.json, plus the test's own), without
 * bundling any handler: the `aws:cdk:bundling-stacks` context set to none skips esbuild, and the
 * handler entries point at stand-ins under handlers/ so these tests do not depend on the handlers.
 * Also small readers for synthesised IAM policies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AuditorStack } from '#lib/auditor-stack.ts';
import { REPO_ROOT } from '#lib/paths.ts';

export const FIXTURE_HANDLERS = join(import.meta.dirname, 'handlers');

/** Who may assume each role in TWO_FORCES: named roles for kent and the auditors, a permission set for essex. */
export const PRINCIPALS = {
  kent: ['arn:aws:iam::111111111111:role/KentDataTeam', 'arn:aws:iam::111111111111:user/kent-uploader'],
  essex: ['sso:EssexUploader'],
  auditors: ['arn:aws:iam::222222222222:role/Inspectorate/Auditors'],
} as const;

export const TWO_FORCES = {
  forces: { kent: 'recording@kent.example.org', essex: 'https://flags.essex.example.org/auditor' },
  uploaderPrincipals: { kent: PRINCIPALS.kent, essex: PRINCIPALS.essex },
  auditorPrincipals: PRINCIPALS.auditors,
};

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface Synthesised {
  app: App;
  stack: AuditorStack;
  template: Template;
}

export function synth(context: Record<string, unknown> = {}): Synthesised {
  const app = new App({
    context: { ...cdkJsonContext(), ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new AuditorStack(app, 'Auditor', { handlersDir: FIXTURE_HANDLERS });
  return { app, stack, template: Template.fromStack(stack) };
}

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A CloudFormation value as one readable string: `Fn::Join` joined, `Fn::GetAtt` as
 * `<Logical.Attr>`, `Ref` as `<Logical>`.
 */
export function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(flat).join(sep);
    }
    if ('Fn::GetAtt' in v) {
      const [id, attr] = v['Fn::GetAtt'] as [string, string];
      return `<${id}.${attr}>`;
    }
    if ('Ref' in v) return `<${String(v.Ref)}>`;
  }
  return JSON.stringify(value);
}

/** The statements of a role: its inline policies and every AWS::IAM::Policy attached to it. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const role = template.toJSON().Resources[roleLogicalId];
  const inline = asArray(role.Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>);
  const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
    asArray(p.Properties.Roles as unknown[]).some((r) => flat(r) === `<${roleLogicalId}>`),
  );
  return [
    ...inline.flatMap((p) => p.PolicyDocument.Statement),
    ...attached.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]),
  ];
}

/** Logical id of the only resource of `type` whose logical id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting ${prefix}, found ${ids.join(', ')}`);
  return ids[0]!;
}

/** The statements of a role's trust policy (AssumeRolePolicyDocument). */
export function trustStatements(template: Template, roleLogicalId: string): TrustStatement[] {
  return template.toJSON().Resources[roleLogicalId].Properties.AssumeRolePolicyDocument.Statement;
}

export interface TrustStatement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Principal: { AWS?: unknown; Service?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
}

/** IAM's resource matching: `*` any run of characters, `?` one character. */
export function iamMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/<>=-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(value);
}

/** Whether any Allow statement grants `action` on `resource` (flattened form), ignoring conditions. */
export function allows(statements: readonly Statement[], action: string, resource: string): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      asArray(s.Action).some((a) => iamMatches(a, action)) &&
      asArray(s.Resource as unknown[]).some((r) => iamMatches(flat(r), resource)),
  );
}

/** The key patterns (what follows `<bucket>/`) on which Allow statements grant `action`, sorted. */
export function grantedKeyPatterns(
  statements: readonly Statement[],
  action: string,
  bucket: string,
): string[] {
  return statements
    .filter((s) => s.Effect === 'Allow' && asArray(s.Action).includes(action))
    .flatMap((s) => asArray(s.Resource as unknown[]).map(flat))
    .filter((r) => r.startsWith(`${bucket}/`))
    .map((r) => r.slice(bucket.length + 1))
    .sort();
}

export interface GlueTableInput {
  Name: string;
  TableType: string;
  Parameters: Record<string, unknown>;
  PartitionKeys: Array<{ Name: string; Type: string }>;
  StorageDescriptor: { Columns: Array<{ Name: string; Type: string }>; Location: unknown };
}

/** The input of the only Glue table called `name`. */
export function glueTable(template: Template, name: string): GlueTableInput {
  const found = Object.values(template.findResources('AWS::Glue::Table')).filter(
    (t) => t.Properties.TableInput.Name === name,
  );
  if (found.length !== 1) throw new Error(`expected one Glue table ${name}, found ${found.length}`);
  return found[0]!.Properties.TableInput as GlueTableInput;
}
