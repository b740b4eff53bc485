/**
 * Two KMS-encrypted, TLS-only topics:
 *
 * - flags: the handlers publish each force's findings with the message attribute `force_code`;
 *   every configured force is subscribed with the filter policy `{ force_code: [<slug>] }`, so a
 *   force is notified of its own findings and of no one else's. A message without the attribute
 *   matches no subscription.
 * - alerts: operational alarms (intake dead letters, failed scheduled audits) for the operators'
 *   `notificationEmail`, when one is configured.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ForceEndpoint } from '../config.ts';

/** The message attribute every flag carries and the subscriptions filter on. */
export const FORCE_CODE_ATTRIBUTE = 'force_code';

export interface ForceNotificationsProps {
  forces: readonly ForceEndpoint[];
  notificationEmail?: string | undefined;
}

export class ForceNotifications extends Construct {
  readonly key: kms.Key;
  readonly flags: sns.Topic;
  readonly alerts: sns.Topic;

  constructor(scope: Construct, id: string, props: ForceNotificationsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: "Encrypts the auditor's notification topics (findings flags and operational alarms)",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the alerts topic as the CloudWatch service, not as a role.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );

    this.flags = new sns.Topic(this, 'Flags', {
      displayName: 'Crime-recording auditor: findings for your force',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const force of props.forces) {
      new sns.Subscription(this, `Flags-${force.slug}`, {
        topic: this.flags,
        protocol:
          force.protocol === 'email' ? sns.SubscriptionProtocol.EMAIL : sns.SubscriptionProtocol.HTTPS,
        endpoint: force.endpoint,
        filterPolicy: {
          [FORCE_CODE_ATTRIBUTE]: sns.SubscriptionFilter.stringFilter({ allowlist: [force.slug] }),
        },
      });
    }

    this.alerts = new sns.Topic(this, 'Alerts', {
      displayName: 'Crime-recording auditor: operational alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.notificationEmail) {
      new sns.Subscription(this, 'AlertsEmail', {
        topic: this.alerts,
        protocol: sns.SubscriptionProtocol.EMAIL,
        endpoint: props.notificationEmail,
      });
    }
  }
}
