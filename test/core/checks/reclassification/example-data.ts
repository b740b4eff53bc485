/**
 * The bundled example returns and record-level extract, read through the real ingest (so the rows
 * and transitions are exactly what an audit of examples/ gives the checks), memoised per test file.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReturnFile } from '#adapters/files/read-return.ts';
import type { AuditInput } from '#core/checks/check.ts';
import type { ReclassificationTransition } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const CTX = { submitted_at: new Date('2025-01-01T00:00:00Z'), run_id: 'example' };

async function read(path: string): Promise<{ rows: ReturnRow[]; transitions: ReclassificationTransition[] }> {
  const result = await readReturnFile(path, CTX);
  if (!result.ok) throw new Error(`${path} was rejected`);
  return { rows: result.rows, transitions: result.transitions ?? [] };
}

let returns: Promise<ReturnRow[]> | null = null;

/** Every example monthly return (44 forces, 2019-04 to 2024-03). */
export function exampleReturns(): Promise<ReturnRow[]> {
  returns ??= (async () => {
    const dir = join(EXAMPLES, 'returns');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    const all: ReturnRow[] = [];
    for (const f of files) all.push(...(await read(join(dir, f))).rows);
    return all;
  })();
  return returns;
}

/** The record-level extract for the City of London (2023-04 to 2024-03): its cells and transitions. */
export function exampleRecordLevel(): Promise<{
  rows: ReturnRow[];
  transitions: ReclassificationTransition[];
}> {
  return read(join(EXAMPLES, 'record-level', 'city-of-london.csv'));
}

export function auditInput(
  current: readonly ReturnRow[],
  forces?: readonly string[],
  transitions?: readonly ReclassificationTransition[],
): AuditInput {
  return {
    current,
    history: current,
    notes: [],
    forces: forces ?? [...new Set(current.map((r) => r.force_code))].sort(),
    ...(transitions ? { transitions } : {}),
  };
}
