/**
 * DuckDB values as plain JSON-able JavaScript, for printing and for `--format json`:
 * integers → number when exactly representable (else a decimal string, never a rounded number),
 * DECIMAL → number, timestamps → ISO 8601 UTC strings (`2024-01-02T03:04:05.678Z`; zone-less
 * TIMESTAMPs are UTC by the project's convention), DATE/TIME/INTERVAL/UUID/BLOB → their DuckDB text,
 * LIST/ARRAY → arrays, STRUCT → objects, MAP → [{key, value}], UNION → its value.
 */
import {
  arrayFromArrayValue,
  arrayFromListValue,
  DuckDBDecimalValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  DuckDBUnionType,
  DuckDBUnionValue,
  type DuckDBValue,
  type DuckDBValueConverter,
  objectArrayFromMapValue,
  objectFromStructValue,
} from '@duckdb/node-api';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const toJsonValue: DuckDBValueConverter<JsonValue> = (value, type, self) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return Boolean(value);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return Number(value);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return integer(value);
    case DuckDBTypeId.DECIMAL:
      return value instanceof DuckDBDecimalValue ? value.toDouble() : Number(String(value));
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestamp(value);
    case DuckDBTypeId.LIST:
      return arrayFromListValue(value, type, self);
    case DuckDBTypeId.ARRAY:
      return arrayFromArrayValue(value, type, self);
    case DuckDBTypeId.STRUCT:
      return objectFromStructValue(value, type, self);
    case DuckDBTypeId.MAP:
      return objectArrayFromMapValue(value, type, self) as unknown as JsonValue;
    case DuckDBTypeId.UNION:
      return value instanceof DuckDBUnionValue && type instanceof DuckDBUnionType
        ? self(value.value, type.memberTypeForTag(value.tag), self)
        : String(value);
    case DuckDBTypeId.SQLNULL:
      return null;
    default:
      return String(value);
  }
};

function integer(value: DuckDBValue): number | string {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return String(value);
}

function timestamp(value: DuckDBValue): string {
  let millis: bigint | null = null;
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue)
    millis = floorDiv(value.micros, 1000n);
  else if (value instanceof DuckDBTimestampMillisecondsValue) millis = value.millis;
  else if (value instanceof DuckDBTimestampSecondsValue) millis = value.seconds * 1000n;
  else if (value instanceof DuckDBTimestampNanosecondsValue) millis = floorDiv(value.nanos, 1_000_000n);
  // ±infinity and instants outside the Date range keep DuckDB's own spelling.
  if (millis === null || millis > 8_640_000_000_000_000n || millis < -8_640_000_000_000_000n)
    return String(value);
  return new Date(Number(millis)).toISOString();
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
