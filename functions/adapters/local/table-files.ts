/**
 * The Parquet files that currently make up each table under a local `<out>` directory. Only files
 * at their exact layout key count: temporary files from an interrupted write and curated files of
 * a submission whose manifest was never written are not part of any table.
 */
import { readdir, stat } from 'node:fs/promises';
import {
  PREFIXES,
  parseAnnotationKey,
  parseFindingEventsKey,
  parseFindingsHistoryKey,
  parseFindingsKey,
  parseRunKey,
} from '#store/layout.ts';
import { keyPath } from './atomic-file.ts';
import { readManifests } from './returns-repository.ts';

export interface TableFiles {
  findings: string[];
  returns: string[];
  runs: string[];
  finding_events: string[];
  findings_history: string[];
  annotations: string[];
}

export async function listTableFiles(root: string): Promise<TableFiles> {
  const [findings, returns, runs, finding_events, findings_history, annotations] = await Promise.all([
    listPartitioned(root, PREFIXES.findings, 'findings.parquet', (key) => parseFindingsKey(key) !== null),
    readManifests(root).then((ms) => ms.flatMap((m) => m.curated.map((key) => keyPath(root, key)))),
    listPartitioned(root, PREFIXES.runs, 'run.parquet', (key) => parseRunKey(key) !== null),
    listPartitioned(
      root,
      PREFIXES.findingEvents,
      'events.parquet',
      (key) => parseFindingEventsKey(key) !== null,
    ),
    listHistory(root),
    listFlat(root, PREFIXES.annotations, (key) => parseAnnotationKey(key) !== null),
  ]);
  return { findings, returns, runs, finding_events, findings_history, annotations };
}

/** `findings_history/force_code=<slug>/<run id>.parquet` files, sorted. */
async function listHistory(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const partition of await readdirOrEmpty(keyPath(root, PREFIXES.findingsHistory))) {
    const dir = `${PREFIXES.findingsHistory}${partition}/`;
    for (const name of await readdirOrEmpty(keyPath(root, dir))) {
      if (parseFindingsHistoryKey(`${dir}${name}`)) out.push(keyPath(root, `${dir}${name}`));
    }
  }
  return out.sort();
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

/** `<prefix><name>` files whose key the parser accepts, sorted for stable output. */
async function listFlat(root: string, prefix: string, accept: (key: string) => boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(keyPath(root, prefix));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .sort()
    .filter((name) => accept(`${prefix}${name}`))
    .map((name) => keyPath(root, `${prefix}${name}`));
}

/** `<prefix><partition>/<leaf>` files whose key the parser accepts, sorted for stable output. */
async function listPartitioned(
  root: string,
  prefix: string,
  leaf: string,
  accept: (key: string) => boolean,
): Promise<string[]> {
  let partitions: string[];
  try {
    partitions = await readdir(keyPath(root, prefix));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const partition of partitions.sort()) {
    const key = `${prefix}${partition}/${leaf}`;
    if (!accept(key)) continue;
    const path = keyPath(root, key);
    try {
      if ((await stat(path)).isFile()) out.push(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return out;
}
