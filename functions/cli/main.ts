/**
 * The `auditor` command line (contract §2): a thin shell over the application layer. It parses
 * arguments, wires the local adapters, prints, and maps outcomes to exit codes:
 *   0 the command ran (whatever the audit found), 2 unusable input or arguments, 1 an internal error.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { registerAnnotate } from './annotate-command.ts';
import { parseAsOf } from './as-of.ts';
import { parseSubmittedAt, runAuditCommand } from './audit-command.ts';
import { registerLifecycleCommands } from './lifecycle-commands.ts';
import { UsageError } from './usage-error.ts';
import { visible } from './visible-text.ts';

/** `audit` creates its directory; every other command reads one `audit` wrote and refuses a missing one. */
const AUDIT_OUT_HELP = 'the audit directory (laid out like the cloud buckets; created if absent)';
const OUT_HELP =
  'an audit directory written by "auditor audit" (the command refuses one that does not exist)';

/** The package's version, as `npm` and the changelog know it. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command('auditor')
    .description(
      'Recording-integrity auditor for police-recorded crime in England and Wales.\n' +
        'Checks force returns for the statistical signatures of mis-recording and keeps every finding with its evidence.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError('(run "auditor --help" for usage)')
    .exitOverride();

  cli
    .command('audit')
    .description('ingest returns (files or directories) and run every check; findings go to --out')
    .argument('<paths...>', 'CSV / JSON Lines returns, or directories of them')
    .requiredOption('--out <dir>', AUDIT_OUT_HELP)
    .option('--quiet', 'print only the summary line')
    .option('--report', 'then write the HTML report to <out>/report.html (as "auditor report" does)')
    .option(
      '--submitted-at <time>',
      "when these files were submitted (ISO 8601, e.g. 2024-04-03T10:05:00Z); default: each file's modification time",
    )
    .addHelpText(
      'after',
      '\nAccepted inputs (detected from the header): the monthly aggregate return, the Home Office PFA\n' +
        'open-data table (offence-code or offence-group level) and the record-level extract (CSV or JSONL).\n' +
        'A file that fails validation is quarantined under <out>/quarantine with a report; the others are\n' +
        'still audited, and the exit code is 2. Re-running with the same files changes nothing.\n' +
        'A file that covers a force and month already held replaces it if it was submitted later (its\n' +
        'modification time, or --submitted-at); files with the same time are taken in the order given.\n\n' +
        'Example:\n  npx auditor audit examples/returns --out .audit/example',
    )
    .action(
      async (
        paths: string[],
        opts: { out: string; quiet?: boolean; report?: boolean; submittedAt?: string },
      ) => {
        setExit(
          await runAuditCommand({
            paths,
            out: opts.out,
            quiet: opts.quiet ?? false,
            report: opts.report ?? false,
            ...(opts.submittedAt === undefined ? {} : { submittedAt: parseSubmittedAt(opts.submittedAt) }),
          }),
        );
      },
    );

  cli
    .command('query')
    .description(
      'run SQL over the audit tables (findings, returns, returns_current, runs, finding_events, finding_status, findings_history, annotations) with the embedded engine, or in Athena',
    )
    .argument('<sql>', 'a read-only SQL statement, as you would run it in Athena')
    .option('--out <dir>', `${OUT_HELP}; required unless --athena`)
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .option(
      '--as-of <time>',
      'every table as it stood then (YYYY-MM-DD: the end of that day, UTC; or an ISO 8601 time)',
    )
    .option('--athena', 'run the query in Athena over the deployed tables instead of --out')
    .option('--workgroup <name>', 'Athena workgroup (with --athena)')
    .option('--database <name>', 'Glue database of the tables (with --athena)')
    .option(
      '--param <value>',
      'a value for the next "?" placeholder, as a string literal (repeat for each)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addHelpText(
      'after',
      '\nExample:\n  npx auditor query --out .audit/example \\\n' +
        '    "SELECT force_code, severity, count(*) AS n FROM findings GROUP BY 1, 2 ORDER BY 1" --format table\n' +
        '  npx auditor query --athena --workgroup CrimeRecordingAuditor-auditors --database crime_recording_auditor \\\n' +
        '    --param kent -- "$(cat functions/queries/peer-comparison.sql)"\n' +
        '  ("--" ends the options: the named queries begin with a "-- description" comment; the stack\n' +
        '  outputs GlueDatabaseName and AthenaWorkGroupName give the names for another stack name)',
    )
    .action(
      async (
        sql: string,
        opts: {
          out?: string;
          format: 'table' | 'csv' | 'json';
          asOf?: string;
          athena?: boolean;
          workgroup?: string;
          database?: string;
          param: string[];
        },
      ) => {
        // Loaded when used: DuckDB's native binding and the report code would cost every `audit` ~25 MB.
        const { runQueryCommand } = await import('./query-command.ts');
        setExit(
          await runQueryCommand({
            sql,
            out: opts.out,
            format: opts.format,
            params: opts.param,
            ...(opts.asOf === undefined ? {} : { asOf: parseAsOf(opts.asOf) }),
            athena: opts.athena ? { workgroup: opts.workgroup, database: opts.database } : undefined,
          }),
        );
      },
    );

  cli
    .command('report')
    .description('write a self-contained HTML report of the current findings (opens offline)')
    .requiredOption('--out <dir>', OUT_HELP)
    .option('--file <path>', 'where to write the report', '<out>/report.html')
    .action(async (opts: { out: string; file: string }) => {
      const { runReportCommand } = await import('./report-command.ts');
      setExit(
        await runReportCommand({
          out: opts.out,
          file: opts.file === '<out>/report.html' ? undefined : opts.file,
        }),
      );
    });

  registerLifecycleCommands(cli, setExit, OUT_HELP);
  registerAnnotate(cli, OUT_HELP, setExit);
  return cli;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const cli = program((c) => {
    code = c;
  });
  try {
    await cli.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; argument errors were already printed.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`auditor: ${visible(err.message)}\n`);
      return 2;
    }
    process.stderr.write(
      `auditor: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
}
