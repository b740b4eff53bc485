/**
 * The per-run context every check receives beside its AuditInput: the results several checks need,
 * computed once per run and only when first asked for (the stream index, the national index behind
 * peer and national series, peer groupings per set of options, and any family-level result a family's
 * checks share). Built by the engine for each run, so nothing survives between runs and no module
 * holds hidden state. Pure: no I/O, no clock.
 */
import { type NationalIndex, nationalIndex } from '../detection/national.ts';
import { type PeerGrouping, type PeerGroupOptions, peerGrouping, peerOptionsOf } from '../detection/peers.ts';
import type { ReturnRow } from '../model/returns.ts';
import { indexStreams, type Stream } from '../series/streams.ts';

export interface AuditContext {
  /** Streams of `input.current` (series/streams.ts). */
  readonly streams: readonly Stream[];
  /** The dense index that national, peer and force series are read from (detection/national.ts). */
  readonly national: NationalIndex;
  /** The data-driven peer grouping for these options, the same object for the same options. */
  peers(opts?: PeerGroupOptions): PeerGrouping;
  /**
   * A result the checks of one family share, built on first use. `key` must name the result and
   * every parameter it depends on (e.g. `no_crime.series|lead_in=3`): same key, same value.
   */
  shared<T>(key: string, build: () => T): T;
}

/** The context of one run over these current rows (an AuditInput, or anything with its `current`). */
export function auditContext(input: { readonly current: readonly ReturnRow[] }): AuditContext {
  let streams: readonly Stream[] | undefined;
  let national: NationalIndex | undefined;
  const memo = new Map<string, unknown>();
  const shared = <T>(key: string, build: () => T): T => {
    if (!memo.has(key)) memo.set(key, build());
    return memo.get(key) as T;
  };
  const context: AuditContext = {
    get streams() {
      streams ??= indexStreams(input.current);
      return streams;
    },
    get national() {
      national ??= nationalIndex(context.streams);
      return national;
    },
    peers: (opts = {}) =>
      shared(`peers|${peerOptionsOf(opts).key}`, () => peerGrouping(context.national, opts)),
    shared,
  };
  return context;
}
