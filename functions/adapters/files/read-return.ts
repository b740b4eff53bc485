/**
 * Reads one force return from disk, streaming: the bytes go through sha256 (the submission's identity)
 * and a strict UTF-8 decoder into the CSV record splitter (or a JSON Lines splitter for .jsonl/.ndjson), and each
 * row into the SubmissionBuilder. The file is never held whole, so a record-level extract of millions
 * of rows runs in memory proportional to its cells.
 *
 * Problems with the file itself (too large, UTF-16, not UTF-8, binary, broken CSV quoting, a line too
 * long) become validation issues like any other, so the file is quarantined with a report that says
 * what to fix. The hash always covers every byte, even when parsing stopped early, because the
 * quarantine and the raw store are keyed by it.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { SubmissionBuilder } from '#core/ingest/submission-builder.ts';
import type { ReadReturnResult } from '#core/model/ingest.ts';
import { CsvRecordSplitter } from './csv-records.ts';
import { hexBytes, sniffStart } from './sniff-start.ts';
import { countLineFeeds, firstInvalidUtf8 } from './utf8.ts';

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
/** No real row comes near this; a longer one is a file without line breaks, and would exhaust memory. */
export const MAX_LINE_BYTES = 1024 * 1024;
/**
 * The file is read and hashed in 1 MiB chunks: per 75 MB (a million rows) sha256 costs about 60 ms of
 * CPU in them against 90–125 ms in 64 KiB ones, with 16 times fewer reads. Each chunk is decoded and
 * parsed in 64 KiB pieces, whose decoded text is what the splitter holds.
 */
const READ_CHUNK_BYTES = 1024 * 1024;
const PARSE_PIECE_BYTES = 64 * 1024;
/** A record-level row is longer than this (its required fields alone): bounds an estimate of the rows. */
const MIN_ROW_BYTES = 24;

export interface ReadContext {
  /** When the file was uploaded: the revision order. */
  submitted_at: Date;
  /** When it is read (default: submitted_at). */
  processed_at?: Date;
  run_id: string;
  /** Name used in issues and rows (default: the file's base name). */
  displayName?: string;
}

export interface ReadOptions {
  /** Larger files are rejected without being parsed (default 2 GiB). */
  maxBytes?: number;
  /** Called after each chunk with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

export function isJsonLinesPath(path: string): boolean {
  return JSONL_EXTENSIONS.has(extname(path).toLowerCase());
}

/** sha256 and size of a file, streaming (to test "already submitted?" before parsing anything). */
export async function hashFile(path: string): Promise<{ input_sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, {
    highWaterMark: READ_CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { input_sha256: hash.digest('hex'), bytes };
}

/** Receives decoded text in pieces and feeds rows to the builder. */
interface TextSink {
  write(text: string): Promise<void>;
  end(): Promise<void>;
  /** True once the sink cannot usefully take more text (a fatal parse error, or an unknown header). */
  readonly stopped: boolean;
  /** Line feeds in the text written so far: the line of a problem found in the next bytes. */
  readonly lineFeeds: number;
}

export async function readReturnFile(
  path: string,
  ctx: ReadContext,
  opts: ReadOptions = {},
): Promise<ReadReturnResult> {
  const file = ctx.displayName ?? basename(path);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const builder = new SubmissionBuilder({
    file,
    submitted_at: ctx.submitted_at,
    ...(ctx.processed_at ? { processed_at: ctx.processed_at } : {}),
    run_id: ctx.run_id,
  });

  const info = await stat(path);
  let parsing = true;
  if (!info.isFile()) throw new Error(`${path} is not a regular file`);
  if (info.size > maxBytes) {
    builder.fileIssue(
      0,
      'file',
      null,
      `the file is ${formatBytes(info.size)}, over the limit of ${formatBytes(maxBytes)}: split it (e.g. by year) and submit the parts`,
    );
    parsing = false;
  }

  const sink: TextSink = isJsonLinesPath(path) ? new JsonLinesSink(builder) : new CsvSink(builder);
  // fatal: invalid bytes throw instead of becoming U+FFFD; ignoreBOM false: a UTF-8 BOM is consumed.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const hash = createHash('sha256');
  let bytes = 0;
  let tail: Uint8Array = new Uint8Array(0);
  // While every piece so far was ASCII the decoder holds no partial character, and an ASCII piece is
  // the same text read as Latin-1, which is a copy instead of a validating decode. The first piece
  // that is not ASCII (a BOM included) and every one after it go through the decoder.
  let ascii = true;
  const stop = (line: number, field: string, value: string | null, message: string) => {
    builder.fileIssue(line, field, value, message);
    parsing = false;
  };

  /** Decodes and parses the piece of the file that starts at byte `at`. */
  const parse = async (piece: Buffer, at: number) => {
    if (at === 0) {
      const problem = sniffStart(piece);
      if (problem) {
        stop(1, 'encoding', problem.value, problem.message);
        return;
      }
      builder.expectRows(estimateRows(piece, info.size));
    }
    let text: string;
    try {
      ascii &&= isAscii(piece);
      text = ascii ? piece.toString('latin1') : decoder.decode(piece, { stream: true });
    } catch {
      const context = new Uint8Array(tail.length + piece.length);
      context.set(tail);
      context.set(piece, tail.length);
      const bad = firstInvalidUtf8(context, tail.length);
      // Negative when the broken character began in the previous piece (only its lead bytes lie there).
      const offset = bad >= 0 ? bad - tail.length : 0;
      const line = sink.lineFeeds + countLineFeeds(piece, Math.max(0, offset)) + 1;
      const badBytes = bad >= 0 ? hexBytes(context.subarray(bad, bad + 4)) : null;
      stop(
        line,
        'encoding',
        badBytes,
        `not valid UTF-8 at byte offset ${at + offset} (a Windows-1252 or Latin-1 character such as "é" or "£"?): save the file as UTF-8 ("CSV UTF-8") and resubmit`,
      );
      return;
    }
    const nul = text.indexOf('\u0000');
    if (nul !== -1) {
      const line = sink.lineFeeds + (text.slice(0, nul).match(/\n/g)?.length ?? 0) + 1;
      stop(
        line,
        'encoding',
        null,
        'the file contains NUL characters: it looks like UTF-16 without a byte order mark, or a binary file; save it as UTF-8 CSV',
      );
      return;
    }
    tail = piece.subarray(Math.max(0, piece.length - 3));
    await sink.write(text);
    if (sink.stopped) parsing = false;
  };

  for await (const chunk of createReadStream(path, {
    highWaterMark: READ_CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    const start = bytes;
    bytes += chunk.length;
    opts.onProgress?.(bytes);
    if (parsing && bytes > maxBytes) {
      stop(0, 'file', null, `the file grew past the limit of ${formatBytes(maxBytes)} while it was read`);
    }
    for (let at = 0; parsing && at < chunk.length; at += PARSE_PIECE_BYTES) {
      await parse(chunk.subarray(at, at + PARSE_PIECE_BYTES), start + at);
    }
  }

  if (parsing) {
    try {
      const rest = decoder.decode();
      if (rest) await sink.write(rest);
      await sink.end();
    } catch {
      builder.fileIssue(
        sink.lineFeeds + 1,
        'encoding',
        null,
        'the file ends in the middle of a multi-byte UTF-8 character (truncated?): check the file is complete and UTF-8',
      );
    }
  }

  const input_sha256 = hash.digest('hex');
  return { ...builder.finish({ input_sha256 }), input_sha256, bytes };
}

class CsvSink implements TextSink {
  private readonly splitter: CsvRecordSplitter;
  private headerSeen = false;
  stopped = false;

  constructor(private readonly builder: SubmissionBuilder) {
    this.splitter = new CsvRecordSplitter(
      {
        record: (fields, line) => this.onRecord(fields, line),
        // Until the header is read a line is split: the header and blank lines are onRecord's.
        recordText: (text, start, end, line) =>
          this.headerSeen && this.builder.rowText(text, start, end, line),
        error: (line, message) => {
          this.stopped = true;
          this.builder.fileIssue(line, 'csv', null, message);
        },
      },
      MAX_LINE_BYTES,
      `a row longer than ${formatBytes(MAX_LINE_BYTES)} (a file without line breaks, or an unclosed quote?)`,
    );
  }

  get lineFeeds(): number {
    return this.splitter.lineFeeds;
  }

  private onRecord(record: string[], line: number): void {
    if (record.length === 1 && record[0]!.trim() === '') return; // a blank line
    if (!this.headerSeen) {
      this.headerSeen = true;
      if (!this.builder.header(record, line)) this.stopped = true;
      return;
    }
    this.builder.row(record, line);
  }

  async write(text: string): Promise<void> {
    if (!this.stopped) this.splitter.write(text);
  }

  async end(): Promise<void> {
    if (!this.stopped) this.splitter.end();
  }
}

class JsonLinesSink implements TextSink {
  private pending = '';
  private line = 0;
  stopped = false;

  constructor(private readonly builder: SubmissionBuilder) {}

  /** Every line feed ends a line taken; the pending text holds none. */
  get lineFeeds(): number {
    return this.line;
  }

  async write(text: string): Promise<void> {
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      const piece = text.slice(start, nl);
      this.take(this.pending === '' ? piece : this.pending + piece);
      this.pending = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.pending += text.slice(start);
    if (this.pending.length > MAX_LINE_BYTES) {
      this.builder.fileIssue(
        this.line + 1,
        'line',
        this.pending.slice(0, 80),
        `a line longer than ${formatBytes(MAX_LINE_BYTES)}: JSON Lines needs one object per line`,
      );
      this.pending = '';
      this.stopped = true;
    }
  }

  async end(): Promise<void> {
    if (this.stopped) return;
    if (this.pending !== '') this.take(this.pending);
    this.pending = '';
  }

  private take(rawLine: string): void {
    this.line += 1;
    if (this.stopped) return;
    const text = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.builder.fileIssue(
        this.line,
        'line',
        text,
        `not valid JSON (${(e as Error).message}): expected one JSON object per line`,
      );
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      this.builder.fileIssue(this.line, 'line', text, `expected a JSON object per line, found ${found}`);
      return;
    }
    this.builder.row(numbersAsWritten(value as Record<string, unknown>, text), this.line);
    if (!this.builder.acceptingRows) this.stopped = true;
  }
}

/** After a quoted key: the colon and a JSON number token, which JSON.parse turned into a double. */
const KEY_THEN_NUMBER = /^\s*:\s*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

/**
 * JSON.parse rounds 99999999999999999999 to 1e20, and an issue would quote the rounded value. A
 * top-level number that is not a safe integer is given back as the text the line wrote it with, so that
 * validation judges and quotes what the force submitted. Only a key written without escapes is found;
 * any other keeps the parsed number.
 */
function numbersAsWritten(object: Record<string, unknown>, line: string): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const [key, v] of Object.entries(object)) {
    if (typeof v !== 'number' || Number.isSafeInteger(v)) continue;
    const written = numberTextOf(line, key);
    if (written === null || written === String(v)) continue;
    out ??= { ...object };
    out[key] = written;
  }
  return out ?? object;
}

function numberTextOf(line: string, key: string): string | null {
  const quoted = JSON.stringify(key);
  for (let at = line.indexOf(quoted); at !== -1; at = line.indexOf(quoted, at + 1)) {
    const m = KEY_THEN_NUMBER.exec(line.slice(at + quoted.length));
    if (m) return m[1]!;
  }
  return null;
}

/**
 * The rows a file of `size` bytes holds if the rest is like its first piece: sizes the record-level
 * index up front (a wrong guess costs memory or a regrowth, never a wrong count).
 */
function estimateRows(first: Uint8Array, size: number): number {
  const lines = countLineFeeds(first);
  if (lines === 0) return 0;
  return Math.ceil(Math.min(size / MIN_ROW_BYTES, (size * lines) / first.length));
}

/** `2 GiB`, `1.5 MiB`, `300 bytes`: sizes as the reports word them. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 === 0 ? 0 : 1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
