/**
 * The Powertools idempotency store: one item per processed S3 object version (the handler keys
 * records on object key + version id), expired by DynamoDB through the `expiration` attribute, so
 * an S3 event delivered twice is processed once. The items hold a hash of the key and the handler's
 * small result, which is why the AWS-managed key is used rather than a customer key that every
 * handler would also need grants on.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Attribute names Powertools' DynamoDBPersistenceLayer uses by default. */
export const IDEMPOTENCY_KEY_ATTRIBUTE = 'id';
export const IDEMPOTENCY_TTL_ATTRIBUTE = 'expiration';

export class IdempotencyTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: IDEMPOTENCY_KEY_ATTRIBUTE, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: IDEMPOTENCY_TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Records only suppress duplicates for a while; losing them with the stack loses nothing.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** The item operations the Powertools persistence layer performs, on this table only. */
  accessStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [this.table.tableArn],
    });
  }
}
