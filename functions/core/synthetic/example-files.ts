/**
 * Everything under examples/, as relative path → file text: the clean monthly returns (one file per
 * force), the record-level extract, the malformed file, LABELS.json and README.md. The script only
 * writes this map to disk; keeping the content pure lets a test check that the committed files are
 * exactly what the generator produces.
 */
import { formatRecordLevelCsv, monthlyReturnsByForce } from './csv.ts';
import type { InjectedProblem } from './injections.ts';
import { formatJsonText } from './json-text.ts';
import { malformedExample } from './malformed.ts';
import {
  DEFAULT_END,
  DEFAULT_SEED,
  DEFAULT_START,
  generateMonthlyReturns,
  type MonthlyReturns,
} from './monthly-returns.ts';
import { SYNTHETIC_OFFENCES } from './offence-profile.ts';
import { generateRecordLevel, RECORD_LEVEL_DEFAULTS, type RecordLevelExtract } from './record-level.ts';

export const RETURNS_DIR = 'returns';
export const RECORD_LEVEL_DIR = 'record-level';
export const MALFORMED_DIR = 'malformed';

export interface ExampleSet {
  /** Path relative to examples/ → exact file text. */
  files: Map<string, string>;
  returns: MonthlyReturns;
  recordLevel: RecordLevelExtract;
}

export function buildExampleFiles(): ExampleSet {
  const returns = generateMonthlyReturns();
  const recordLevel = generateRecordLevel();
  const malformed = malformedExample();
  const recordLevelPath = `${RECORD_LEVEL_DIR}/${RECORD_LEVEL_DEFAULTS.force}.csv`;
  const malformedPath = `${MALFORMED_DIR}/${malformed.fileName}`;

  const files = new Map<string, string>();
  for (const [force, text] of monthlyReturnsByForce(returns.rows))
    files.set(`${RETURNS_DIR}/${force}.csv`, text);
  files.set(recordLevelPath, formatRecordLevelCsv(recordLevel.rows));
  files.set(malformedPath, malformed.content);
  files.set(
    'LABELS.json',
    formatJsonText({
      note: 'Synthetic example data: generated, not published figures. Each label is a problem planted on purpose.',
      generator: {
        script: 'scripts/generate-examples.ts',
        seed: DEFAULT_SEED,
        start: DEFAULT_START,
        end: DEFAULT_END,
        forces: returns.forces,
        offence_codes: returns.offenceCodes,
        rows: returns.rows.length,
      },
      monthly_returns: { directory: RETURNS_DIR, labels: returns.labels },
      record_level: {
        file: recordLevelPath,
        seed: RECORD_LEVEL_DEFAULTS.seed,
        start: RECORD_LEVEL_DEFAULTS.start,
        end: RECORD_LEVEL_DEFAULTS.end,
        records: recordLevel.rows.length,
        labels: recordLevel.labels,
      },
      malformed: { file: malformedPath, problems: malformed.problems },
    }),
  );
  files.set('README.md', readme(returns, recordLevel, recordLevelPath, malformedPath));
  // The files are committed: a size regression should fail where it is made.
  const bytes = [...files.values()].reduce((s, t) => s + t.length, 0);
  if (bytes > 5_000_000) throw new RangeError(`example files total ${bytes} bytes, over the 5 MB budget`);
  return { files, returns, recordLevel };
}

function labelTable(labels: readonly InjectedProblem[]): string {
  const rows = labels.map((l) => {
    const period = l.period_start === l.period_end ? l.period_start : `${l.period_start} to ${l.period_end}`;
    const codes = l.offence_codes.length > 0 ? l.offence_codes.join(', ') : 'all';
    return `| \`${l.force_code}\` | ${l.kind.replaceAll('_', ' ')} | ${period} | ${codes} | \`${l.expected_signature}\` | ${l.description} |`;
  });
  return [
    '| force | problem | period | offence codes | expected signature | what was done |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function readme(
  returns: MonthlyReturns,
  recordLevel: RecordLevelExtract,
  recordLevelPath: string,
  malformedPath: string,
): string {
  const codes = SYNTHETIC_OFFENCES.map(
    (o) => `| \`${o.code}\` | ${o.description} | ${o.group} | ${o.subgroup} |`,
  );
  return `# Example data (synthetic)

Everything in this directory is **generated** by \`npx tsx scripts/generate-examples.ts\` from a fixed
seed. It looks like police-recorded crime returns but it is not published data and describes no real
force's recording: do not quote any number from it. Regenerating gives the same bytes; a test checks
that these files match the generator.

## What is here

| path | what |
|---|---|
| \`${RETURNS_DIR}/<force>.csv\` | monthly aggregate returns (contract §1a), one file per force: ${returns.forces.length} forces (the 43 territorial forces of England and Wales and BTP), ${returns.months[0]} to ${returns.months[returns.months.length - 1]}, ${returns.offenceCodes.length} offence codes, ${returns.rows.length} rows |
| \`${recordLevelPath}\` | a record-level extract (contract §1c): ${recordLevel.rows.length} crimes with reclassifications and cancellations |
| \`${malformedPath}\` | a return with broken rows, to see quarantine and its validation report |
| \`LABELS.json\` | the planted problems, machine-readable (what, where, and the signature an audit should report) |

## Try it

\`\`\`
npx auditor audit examples/returns --out .audit/example     # or: npm run demo (this and the report)
npx auditor report --out .audit/example
npx auditor query --out .audit/example "SELECT force_code, signature, severity, period_start FROM findings ORDER BY force_code"
npx auditor audit examples/record-level --out .audit/record-level
npx auditor audit examples/malformed --out .audit/malformed   # the file is quarantined with its validation report
\`\`\`

Audit the record-level extract on its own: its force and months overlap the monthly returns, and a
later submission for the same force and months supersedes the earlier one.

## Planted problems: monthly returns

${labelTable(returns.labels)}

## Planted problems: record-level extract

${labelTable(recordLevel.labels)}

## How the returns are made

- **Force sizes** are proportional to each force's 2019/20 recorded crime (Home Office police force
  area tables, excluding fraud), from the Metropolitan Police down to the City of London; BTP sits
  among the smaller forces. The City of London, BTP and the Met get an offence mix of their own.
- **Offence codes** are ${returns.offenceCodes.length} real Home Office codes (below), with rounded national
  volumes, a seasonal cycle (violence peaks in summer, burglary in winter, bicycle theft in August),
  and a mild trend per code plus a small trend per force.
- **Noise** is negative binomial (a gamma–Poisson mixture): variance = mean + mean²/400.
- **Cancellations** ("no-crimes") are a binomial 2–4 % of recorded, varying by force and offence.
- The problems above are then planted, each in a different force.

| code | description | group | subgroup |
|---|---|---|---|
${codes.join('\n')}

## Malformed file

Each broken line is listed in \`LABELS.json\` under \`malformed.problems\` with its line number and field.
The whole file is quarantined: nothing from it is half-applied.

## Record-level extract

Columns: \`crime_id, force_code, recorded_date, offence_code, original_offence_code, status, status_date, cancellation_code\`.
\`original_offence_code\` differs from \`offence_code\` where the crime was reclassified. Cancellation
codes are synthetic labels in the style of the Home Office Counting Rules (section C): \`C1\` marks a
transfer to another force; \`C2\`, \`C3\` and \`C4\` mark cancellations.
`;
}
