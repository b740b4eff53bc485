/**
 * An idempotency persistence layer in memory, for the handler tests and the intake chaos benchmark: the same contract as the
 * DynamoDB layer (a live record makes the put fail with the existing record attached), records
 * stored as JSON round-trips so that only what DynamoDB could hold comes back.
 */
import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

export class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();
  /** Puts refused because the key was already live: repeated deliveries caught. */
  conflicts = 0;

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError(`no record for ${idempotencyKey}`);
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    if (existing && this.isLive(existing)) {
      this.conflicts += 1;
      throw new IdempotencyItemAlreadyExistsError(`record exists for ${record.idempotencyKey}`, existing);
    }
    this.records.set(record.idempotencyKey, copy(record));
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, copy(record));
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }

  private isLive(record: IdempotencyRecord): boolean {
    if (record.isExpired()) return false;
    const inProgressUntil = record.inProgressExpiryTimestamp;
    return !(
      record.getStatus() === 'INPROGRESS' &&
      inProgressUntil !== undefined &&
      inProgressUntil < Date.now()
    );
  }
}

function copy(record: IdempotencyRecord): IdempotencyRecord {
  return new IdempotencyRecord({
    idempotencyKey: record.idempotencyKey,
    status: record.getStatus(),
    expiryTimestamp: record.expiryTimestamp,
    inProgressExpiryTimestamp: record.inProgressExpiryTimestamp,
    responseData:
      record.responseData === undefined ? undefined : JSON.parse(JSON.stringify(record.responseData)),
    payloadHash: record.payloadHash,
  });
}
