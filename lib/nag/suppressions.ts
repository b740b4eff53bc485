/**
 * Every cdk-nag (AwsSolutions) finding this project accepts, each with its reason, in one place.
 * cdk-nag 3 acknowledges findings one by one through CDK's `Validations.of(…).acknowledge`, by the
 * exact finding id (e.g. `AwsSolutions-IAM5[Resource::<Bucket.Arn>/uploads/kent/*]`); nothing is
 * silenced by rule. Prefix wildcards (`…/<prefix>/*`) are acknowledged where their statements are
 * granted (the infra tests pin which prefixes each role gets); a wildcard action, or a bare "*"
 * resource beyond X-Ray and log delivery, fails the synth (nag) or the infra tests.
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export const REASONS = {
  runtime:
    'The handlers target Node.js 22 (esbuild target node22, the Lambda runtime the project tests against); moving to a newer runtime is a deliberate upgrade, not a synth-time default.',
  xray: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions: AWS documents Resource "*" for them.',
  stateMachineLogs:
    'Step Functions log delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups, …) and X-Ray tracing support no resource-level permissions; CDK grants them on "*" as AWS documents.',
  lambdaVersions:
    'LambdaInvoke may call any version or alias of exactly this function (`<function ARN>:*`); the function itself is fixed.',
  handlerPrefixes:
    'Object access scoped to one key prefix of the layout (functions/store/layout.ts); the keys beneath it are content hashes, force slugs and file names only known at run time.',
  uploaderPrefixes:
    "Object access scoped to this force's own prefixes: uploads/<slug>/ (write: returns and responses), findings/force_code=<slug>/ and response_reports/force_code=<slug>/ (read); the file names beneath them are the force's choice.",
  auditorPrefixes:
    "Read access scoped to the table prefixes Athena scans (findings/, runs/, curated/returns/) and the refused responses (response_reports/), write to decisions/ (the auditors' decisions), and read/write to the workgroup result prefix; object names beneath them are not known in advance.",
  bucketNotifications:
    "CDK's own S3 bucket-notification custom resource: its role uses AWSLambdaBasicExecutionRole for its logs, and the construct offers no way to replace it.",
} as const;

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The IAM5 finding id cdk-nag reports for a wildcard resource (same flattening cdk-nag uses). */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  const resolved: unknown = Token.isUnresolved(resource) ? Stack.of(scope).resolve(resource) : resource;
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(resolved)}]`;
}

/**
 * Acknowledges the prefix wildcards (`…/<prefix>/*`) in these statements on `principal`, with
 * `reason`. A bare `*` resource or a wildcard action is never acknowledged here.
 */
export function acknowledgePrefixWildcards(
  principal: IConstruct,
  statements: readonly iam.PolicyStatement[],
  reason: string,
): void {
  const ids = new Set<string>();
  for (const statement of statements) {
    for (const resource of statement.resources) {
      if (resource !== '*' && resource.endsWith('/*')) ids.add(wildcardResourceFinding(principal, resource));
    }
  }
  for (const id of ids) acknowledge(principal, id, reason);
}

/** Findings of constructs CDK adds to the stack itself, acknowledged after the stack is built. */
export function suppressStackFindings(stack: Stack): void {
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('BucketNotificationsHandler')) {
      acknowledge(
        child,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        REASONS.bucketNotifications,
      );
    }
  }
}
