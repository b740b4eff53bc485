/** `auditor findings` and `auditor respond` (contract §2): the finding lifecycle on a local store. */
import { type Command, Option } from 'commander';
import { FINDING_STATUSES } from '../core/model/finding-events.ts';
import { runRespondCommand } from './respond-command.ts';

export function registerLifecycleCommands(
  cli: Command,
  setExit: (code: number) => void,
  outHelp: string,
): void {
  cli
    .command('findings')
    .description("list findings with their status (each one's latest event), current and resolved")
    .requiredOption('--out <dir>', outHelp)
    .option('--force <slug>', 'only this force (slug, ONS code or name)')
    .option('--status <status>', `only findings with this status (${FINDING_STATUSES.join(', ')})`)
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .addHelpText(
      'after',
      '\nExample:\n  npx auditor findings --out .audit/example --force kent --status open',
    )
    .action(
      async (opts: { out: string; force?: string; status?: string; format: 'table' | 'csv' | 'json' }) => {
        // Loaded when used, as in main.ts: `audit` need not load DuckDB.
        const { runFindingsCommand } = await import('./findings-command.ts');
        setExit(await runFindingsCommand(opts));
      },
    );

  cli
    .command('respond')
    .description("record a force's or an auditor's response to a finding")
    .argument('<finding_id>', 'the finding (its finding_id)')
    .requiredOption('--out <dir>', outHelp)
    .requiredOption('--as <role>', 'who responds: force or auditor')
    .requiredOption('--by <name>', 'the name of the person responding')
    .requiredOption('--action <action>', 'force: acknowledge | explain; auditor: accept | dispute | reopen')
    .option('--note <text>', 'the explanation, or why it is disputed (explain and dispute need one)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  npx auditor respond f_0123… --out .audit/example --as force --by "J. Smith" \\\n' +
        '    --action explain --note "New crime recording system from April; see our letter of 3 May"\n' +
        '  npx auditor respond f_0123… --out .audit/example --as auditor --by "A. Auditor" --action accept',
    )
    .action(
      async (
        findingId: string,
        opts: { out: string; as: string; by: string; action: string; note?: string },
      ) => {
        setExit(await runRespondCommand({ findingId, ...opts }));
      },
    );
}
