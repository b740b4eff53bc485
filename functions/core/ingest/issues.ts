/**
 * Collects validation issues for one file. Values are shown as the file held them but made safe to
 * print (control characters stripped, at most 80 characters), and only the first 100 issues are kept
 * so that a wholly wrong file does not yield a report larger than itself; the count covers all of them.
 */
import type { ValidationIssue } from '../model/validation.ts';

export const MAX_STORED_ISSUES = 100;
export const MAX_VALUE_CHARS = 80;

// C0 and C1 control characters, DEL, and the line/paragraph separators that break terminals.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function cleanValue(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const clean = value.replace(CONTROL, '');
  return clean.length > MAX_VALUE_CHARS ? `${clean.slice(0, MAX_VALUE_CHARS - 1)}…` : clean;
}

export class IssueCollector {
  private readonly stored: ValidationIssue[] = [];
  private total = 0;

  constructor(private readonly file: string) {}

  add(line: number, field: string, value: string | null | undefined, message: string): void {
    this.total += 1;
    if (this.stored.length < MAX_STORED_ISSUES) {
      this.stored.push({ file: this.file, line, field, value: cleanValue(value), message });
    }
  }

  get count(): number {
    return this.total;
  }

  get issues(): ValidationIssue[] {
    return [...this.stored];
  }

  get truncated(): boolean {
    return this.total > this.stored.length;
  }
}
