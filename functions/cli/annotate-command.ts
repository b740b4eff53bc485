/**
 * `auditor annotate` (contract §2): records a dated known break of one force in the annotations
 * table of --out. Every later audit keeps its months out of baselines and cites it on, and lowers
 * one band, the findings it overlaps. Prints the annotation_id; the id is the content, so the same
 * annotation recorded again prints the same id and changes nothing.
 */
import type { Command } from 'commander';
import { openLocalStore } from '../adapters/local/store.ts';
import { type AnnotationContent, makeAnnotation } from '../core/detection/annotations.ts';
import { resolveForce } from '../core/reference/forces.ts';
import { lookupOffence, resolveOffenceGroup } from '../core/reference/offence-reference.ts';
import { requireAuditDir } from './audit-dir.ts';
import { UsageError } from './usage-error.ts';
import { visible } from './visible-text.ts';

export interface AnnotateArgs {
  out: string;
  force: string;
  from: string;
  to?: string;
  offenceGroup?: string;
  offenceCode?: string;
  reason: string;
  by: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function month(flag: string, value: string): string {
  if (!MONTH.test(value)) throw new UsageError(`${flag} must be a month as YYYY-MM, got "${visible(value)}"`);
  return value;
}

function required(flag: string, value: string): string {
  const text = value.trim();
  if (text === '') throw new UsageError(`${flag} must not be empty`);
  return text;
}

/** The annotation's content from the arguments; a UsageError names the first one that is unusable. */
export function annotationContent(args: Omit<AnnotateArgs, 'out' | 'by'>): AnnotationContent {
  const force = resolveForce(args.force);
  if (!force) throw new UsageError(`unknown force "${visible(args.force)}" (a slug, ONS code or force name)`);
  const from = month('--from', args.from);
  const to = args.to === undefined ? null : month('--to', args.to);
  if (to !== null && to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
  if (args.offenceGroup !== undefined && args.offenceCode !== undefined) {
    throw new UsageError('give --offence-group or --offence-code, not both');
  }
  let offence_group: string | null = null;
  let offence_code: string | null = null;
  if (args.offenceGroup !== undefined) {
    offence_group = resolveOffenceGroup(args.offenceGroup);
    if (!offence_group) throw new UsageError(`unknown offence group "${visible(args.offenceGroup)}"`);
  }
  if (args.offenceCode !== undefined) {
    const info = lookupOffence(args.offenceCode);
    if (!info) throw new UsageError(`unknown offence code "${visible(args.offenceCode)}"`);
    offence_code = info.code;
    offence_group = info.group;
  }
  return {
    force_code: force.slug,
    period_start: from,
    period_end: to,
    offence_group,
    offence_code,
    reason: required('--reason', args.reason),
  };
}

export async function runAnnotateCommand(args: AnnotateArgs, now: Date = new Date()): Promise<number> {
  const content = annotationContent(args);
  const actor = required('--by', args.by);
  await requireAuditDir(args.out);
  const annotation = makeAnnotation(content, actor, now);
  const recorded = await openLocalStore(args.out).annotations.put(annotation);
  if (!recorded) process.stderr.write('auditor: this annotation was already recorded; nothing changed\n');
  process.stdout.write(`${annotation.annotation_id}\n`);
  return 0;
}

/** Adds `annotate` to the program (main.ts). */
export function registerAnnotate(cli: Command, outHelp: string, setExit: (code: number) => void): void {
  cli
    .command('annotate')
    .description(
      'record a dated known break of a force: its months stay out of baselines, and findings overlapping it cite it and drop one severity band',
    )
    .requiredOption('--out <dir>', outHelp)
    .requiredOption('--force <force>', 'the force (slug, ONS code or Home Office name)')
    .requiredOption('--from <YYYY-MM>', 'first month of the break')
    .option('--to <YYYY-MM>', 'last month of the break (default: still in force)')
    .option('--offence-group <name>', 'only this offence group (default: every offence)')
    .option('--offence-code <code>', 'only this offence code')
    .requiredOption('--reason <text>', 'what explains the break (shown beside every finding it covers)')
    .requiredOption('--by <name>', 'who is recording it')
    .addHelpText(
      'after',
      '\nPrints the annotation_id. The next audit applies it; re-run "auditor audit" to apply it to the\n' +
        'stored findings. Recording the same annotation again changes nothing.\n\n' +
        'Example:\n  npx auditor annotate --out .audit/example --force greater-manchester --from 2019-07 --to 2020-03 \\\n' +
        '    --reason "iOPS records system go-live" --by "A. Auditor"',
    )
    .action(async (opts: Omit<AnnotateArgs, 'out'> & { out: string }) => {
      setExit(await runAnnotateCommand(opts));
    });
}
