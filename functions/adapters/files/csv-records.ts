/**
 * Splits CSV text (RFC 4180: comma-separated, fields optionally in double quotes with quotes inside
 * doubled, records ended by LF or CRLF) into records, each with the physical line it starts on, as the
 * text arrives in pieces. A line without a quote — nearly every line of an export — is found with
 * indexOf and either lent to the sink as text, for a reader that finds its cells itself, or split,
 * which is what makes a million-row extract cheap; a line with one is read field by field. A lone CR
 * is kept as text, as Excel and csv-parse do.
 *
 * The first quoting error stops the splitter: every later line number would be a guess. Its message
 * names the line, the field and what was wrong.
 *
 * Why not a library: uDSV 0.7.3 (installed) splits 1,000,000 quote-free rows in 64 KiB chunks in
 * 270–380 ms against 400–490 ms here, but it gives no positions and drops blank lines, so a record's
 * physical line cannot be recovered from its output; and it reads broken quoting silently: `"x"y`
 * becomes `y`, an unclosed quote ends the file without a word, and with row separator LF a quoted last
 * field before CRLF (`a,"b"\r\n`) comes out as `\r`. Checking every line for those ourselves is this
 * file again. csv-parse reports errors with line numbers, but ingest through it was 26× DuckDB.
 */

export interface CsvRecordSink {
  /** One record; `line` is the physical line (1-based) on which it starts. */
  record(fields: string[], line: number): void;
  /** The first error: no record follows. */
  error(line: number, message: string): void;
  /**
   * A record on one line without quotes, as text[start, end) (its line break left out), before it is
   * split: true when the sink took it so (a reader that finds the cells itself saves an array of
   * strings a line); false, and it is split and given to record().
   */
  recordText?(text: string, start: number, end: number, line: number): boolean;
}

const QUOTING_HINT =
  'a field holding commas, quotes or line breaks must be enclosed in double quotes, with any quote inside it doubled ("")';

export function quotingError(detail: string): string {
  return `CSV quoting error: ${detail}; ${QUOTING_HINT}`;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/** A quoted record could not be finished with the text so far. */
const INCOMPLETE = -1;
/** A quoting error was reported. */
const FAILED = -2;

export class CsvRecordSplitter {
  private pending = '';
  /** The physical line on which `pending` starts. */
  private line = 1;
  private failed = false;

  constructor(
    private readonly sink: CsvRecordSink,
    /** A record longer than this (in characters) is an error: a file without line breaks, say. */
    private readonly maxRecordChars: number,
    private readonly tooLong: string,
  ) {}

  get stopped(): boolean {
    return this.failed;
  }

  /** Line feeds in the text written so far: those of the records read, and of the one pending. */
  get lineFeeds(): number {
    return this.line - 1 + countBreaks(this.pending, 0, this.pending.length);
  }

  write(text: string): void {
    if (this.failed) return;
    if (this.pending === '') {
      this.consume(text, 0, false);
      return;
    }
    // The record the last piece cut off is finished first, on its own, so that the rest is read from
    // `text` itself: a string made with + is slower to read character by character, and a reader
    // that meets both kinds is slower on each. Array join makes a plain string.
    const nl = text.indexOf('\n');
    if (nl === -1) {
      this.consume(this.pending + text, 0, false);
      return;
    }
    this.consume([this.pending, text.slice(0, nl + 1)].join(''), 0, false);
    if (this.failed) return;
    if (this.pending === '') this.consume(text, nl + 1, false);
    else this.consume(this.pending + text.slice(nl + 1), 0, false); // a quoted record goes on
  }

  end(): void {
    if (this.failed || this.pending === '') return;
    this.consume(this.pending, 0, true);
  }

  /** Reads the records of buf from `from` on; keeps an unfinished last one as `pending`. */
  private consume(buf: string, from: number, final: boolean): void {
    let start = from;
    let quote = buf.indexOf('"', start);
    while (start < buf.length) {
      let nl = buf.indexOf('\n', start);
      if (nl === -1) {
        if (!final) break;
        nl = buf.length;
      }
      if (quote !== -1 && quote < start) quote = buf.indexOf('"', start);
      if (quote === -1 || quote > nl) {
        if (nl - start > this.maxRecordChars) {
          this.fail(this.line, this.tooLong);
          return;
        }
        const end = nl > start && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        if (!this.sink.recordText?.(buf, start, end, this.line))
          this.sink.record(buf.slice(start, end).split(','), this.line);
        this.line += 1;
        start = nl + 1;
        continue;
      }
      const next = this.quotedRecord(buf, start, final);
      if (next === FAILED) return;
      if (next === INCOMPLETE) break;
      start = next;
    }
    this.pending = start >= buf.length ? '' : buf.slice(start);
    if (this.pending.length > this.maxRecordChars) this.fail(this.line, this.tooLong);
  }

  /**
   * Reads the record starting at `start` field by field; returns where the next one starts, or
   * INCOMPLETE when more text is needed (never when `final`), or FAILED.
   */
  private quotedRecord(buf: string, start: number, final: boolean): number {
    const fields: string[] = [];
    let i = start;
    let breaks = 0; // line breaks inside quoted fields
    const n = buf.length;
    for (;;) {
      if (i - start > this.maxRecordChars) return this.fail(this.line, this.tooLong);
      if (buf.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = buf.indexOf('"', from);
          if (q === -1 || (q + 1 >= n && !final)) {
            if (!final) return INCOMPLETE;
            return this.fail(
              this.line,
              quotingError(
                `the quote that opens field ${fields.length + 1} is never closed (the file ends inside it)`,
              ),
            );
          }
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += buf.slice(from, q);
          breaks += countBreaks(buf, i, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        const c = buf.charCodeAt(i);
        if (i >= n) return this.emit(fields, breaks, n);
        if (c === COMMA) {
          i += 1;
          continue;
        }
        if (c === LF) return this.emit(fields, breaks, i + 1);
        if (c === CR && i + 1 >= n && !final) return INCOMPLETE;
        if (c === CR && (i + 1 >= n || buf.charCodeAt(i + 1) === LF)) return this.emit(fields, breaks, i + 2);
        return this.fail(
          this.line + breaks,
          quotingError(
            `field ${fields.length} closes its quote and goes on with ${JSON.stringify(buf.slice(i, i + 10))}`,
          ),
        );
      }
      let nl = buf.indexOf('\n', i);
      if (nl === -1) {
        if (!final) return INCOMPLETE;
        nl = n;
      }
      const comma = buf.indexOf(',', i);
      const end = comma !== -1 && comma < nl ? comma : nl;
      const field = buf.slice(i, end === nl && nl > i && buf.charCodeAt(nl - 1) === CR ? nl - 1 : end);
      if (field.includes('"')) {
        return this.fail(
          this.line + breaks,
          quotingError(
            `field ${fields.length + 1} (${JSON.stringify(field.slice(0, 40))}) holds a quote but does not start with one`,
          ),
        );
      }
      fields.push(field);
      if (end === nl) return this.emit(fields, breaks, nl + 1);
      i = end + 1;
    }
  }

  private emit(fields: string[], breaks: number, next: number): number {
    this.sink.record(fields, this.line);
    this.line += 1 + breaks;
    return next;
  }

  private fail(line: number, message: string): number {
    this.failed = true;
    this.pending = '';
    this.sink.error(line, message);
    return FAILED;
  }
}

function countBreaks(buf: string, from: number, to: number): number {
  let n = 0;
  for (let at = buf.indexOf('\n', from); at !== -1 && at < to; at = buf.indexOf('\n', at + 1)) n += 1;
  return n;
}
