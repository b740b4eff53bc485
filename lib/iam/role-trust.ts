/**
 * The trust policy of a people-facing role: exactly the principals configured for it (see
 * lib/principals-config.ts), never the account as a whole. Named role and user ARNs become
 * ArnPrincipals. A permission set of IAM Identity Center becomes the account root restricted by
 * `aws:PrincipalArn` to the roles Identity Center provisions for that permission set: those roles'
 * names carry a generated suffix, so they cannot be named in advance.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { RoleTrust } from '../principals-config.ts';

/**
 * `…/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<name>_<suffix>`. The suffix is matched
 * as exactly 16 characters (the unique suffix Identity Center generates) rather than `*`, so that
 * trusting `Kent` does not also trust a permission set called `Kent_Admin`.
 */
export function permissionSetRolePattern(scope: Construct, permissionSet: string): string {
  const { partition, account } = Stack.of(scope);
  return `arn:${partition}:iam::${account}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${permissionSet}_${'?'.repeat(16)}`;
}

/** A role that these principals, and only these, may assume. */
export function roleTrusting(
  scope: Construct,
  id: string,
  trust: RoleTrust,
  props: Omit<iam.RoleProps, 'assumedBy'>,
): iam.Role {
  const named = trust.principalArns.map((arn) => new iam.ArnPrincipal(arn));
  const sso =
    trust.permissionSets.length > 0
      ? new iam.PrincipalWithConditions(new iam.AccountRootPrincipal(), {
          ArnLike: {
            'aws:PrincipalArn': trust.permissionSets.map((p) => permissionSetRolePattern(scope, p)),
          },
        })
      : null;
  const [first, ...rest] = named;
  const assumedBy = first ? new iam.CompositePrincipal(first, ...rest) : sso;
  if (!assumedBy) throw new Error(`${id}: a role needs at least one principal to trust`);
  const role = new iam.Role(scope, id, { ...props, assumedBy });
  // A composite principal cannot carry a condition, so the permission sets get their own statement.
  if (first && sso) {
    role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [sso] }),
    );
  }
  return role;
}
