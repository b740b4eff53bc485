/**
 * An in-memory DynamoDB table behind aws-sdk-client-mock, answering the four calls Powertools'
 * DynamoDBPersistenceLayer makes, with the same conditional-put semantics (a live COMPLETED or
 * IN_PROGRESS record makes PutItem fail with ConditionalCheckFailedException carrying the item).
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

export class FakeIdempotencyTable {
  readonly items = new Map<string, Item>();
  readonly mock = mockClient(DynamoDBClient);

  constructor(readonly keyAttr = 'id') {
    this.mock.on(GetItemCommand).callsFake(async (input: { Key: Item }) => {
      const item = this.items.get(this.keyOf(input.Key));
      return item ? { Item: item } : {};
    });
    this.mock.on(PutItemCommand).callsFake(async (input: { Item: Item }) => {
      const key = this.keyOf(input.Item);
      const existing = this.items.get(key);
      if (existing && this.isLive(existing)) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: existing,
        });
      }
      this.items.set(key, { ...input.Item });
      return {};
    });
    this.mock
      .on(UpdateItemCommand)
      .callsFake(
        async (input: {
          Key: Item;
          UpdateExpression: string;
          ExpressionAttributeNames: Record<string, string>;
          ExpressionAttributeValues: Item;
        }) => {
          const key = this.keyOf(input.Key);
          const item: Item = { ...(this.items.get(key) ?? input.Key) };
          for (const assignment of input.UpdateExpression.replace(/^SET\s+/, '').split(',')) {
            const [name, value] = assignment.split('=').map((s) => s.trim());
            const attr = input.ExpressionAttributeNames[name as string];
            const v = input.ExpressionAttributeValues[value as string];
            if (attr && v) item[attr] = v;
          }
          this.items.set(key, item);
          return {};
        },
      );
    this.mock.on(DeleteItemCommand).callsFake(async (input: { Key: Item }) => {
      this.items.delete(this.keyOf(input.Key));
      return {};
    });
  }

  statuses(): string[] {
    return [...this.items.values()].map((i) => i.status?.S ?? '?');
  }

  restore(): void {
    this.mock.restore();
  }

  private keyOf(item: Item): string {
    const k = item[this.keyAttr]?.S;
    if (!k) throw new Error(`item without ${this.keyAttr}`);
    return k;
  }

  /** The persistence layer's condition, inverted: true when a put must fail. */
  private isLive(item: Item): boolean {
    const now = Date.now();
    const expiry = Number(item.expiration?.N ?? 0);
    if (expiry < now / 1000) return false;
    if (item.status?.S === 'INPROGRESS') {
      const inProgress = item.in_progress_expiration?.N;
      if (inProgress !== undefined && Number(inProgress) < now) return false;
    }
    return true;
  }
}
