/**
 * A deliberately malformed monthly return (contract §1a) for demonstrating quarantine: every line
 * after the header but the first and last breaks one rule, and the expected problems are listed by
 * line and field so a test can hold the validator to them.
 */
export interface MalformedProblem {
  /** 1-based physical line; the header is line 1. */
  line: number;
  field: string;
  problem: string;
}

export interface MalformedExample {
  fileName: string;
  content: string;
  problems: MalformedProblem[];
}

const LINES: ReadonlyArray<readonly [string, MalformedProblem | null]> = [
  ['force_code,month,offence_code,recorded,cancelled', null],
  ['humberside,2021-04,8N,702,21', null],
  [
    'humberside,2021-13,8N,698,19',
    { line: 3, field: 'month', problem: 'month 13 does not exist (expected YYYY-MM)' },
  ],
  ['humberside,2021-05,105A,twelve,3', { line: 4, field: 'recorded', problem: 'not a number' }],
  ['gotham,2021-05,8N,650,18', { line: 5, field: 'force_code', problem: 'not a force of England and Wales' }],
  ['humberside,2021-05,,412,9', { line: 6, field: 'offence_code', problem: 'empty' }],
  [
    'humberside,2021-06,8N,688',
    { line: 7, field: 'cancelled', problem: 'the row has 4 fields where the header has 5' },
  ],
  ['humberside,2021-06,105A,,12', { line: 8, field: 'recorded', problem: 'empty' }],
  ['humberside,2021-06,46,233,4', null],
];

export function malformedExample(): MalformedExample {
  return {
    fileName: 'humberside-malformed.csv',
    content: `${LINES.map(([text]) => text).join('\n')}\n`,
    problems: LINES.flatMap(([, p]) => (p ? [p] : [])),
  };
}
