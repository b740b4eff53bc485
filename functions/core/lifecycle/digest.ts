/**
 * The weekly digest a force receives of what awaits its answer: every finding whose status is open
 * (raised or reopened, not yet acknowledged or explained) or disputed (its explanation was not
 * accepted), the disputed ones first since the auditors are waiting on a reply, then the longest
 * waiting. Pure: the caller gives the force's events and current findings, the instant the digest
 * is for, and where the force puts its answers (the layout is not core's to know).
 */
import type { FindingEvent, FindingStatusName } from '../model/finding-events.ts';
import type { Finding, Severity } from '../model/findings.ts';
import { forceBySlug } from '../reference/forces.ts';
import { findingStatuses, OPEN_STATUSES } from './status.ts';

export interface AwaitingFinding {
  finding_id: string;
  status: FindingStatusName;
  /** When it began to wait: its latest event (raised, reopened or disputed). */
  since: Date;
  /** The dispute's reason, when disputed. */
  note: string | null;
  severity: Severity;
  check_id: string;
  period_start: string;
  period_end: string;
  summary: string;
}

/** Findings listed in the message; the count covers all of them. */
export const DIGEST_LISTED = 25;
const DAY_MS = 24 * 3600 * 1000;

/** The force's current findings that wait for its answer, disputed first, then oldest first. */
export function awaitingAnswer(
  force: string,
  events: readonly FindingEvent[],
  current: readonly Finding[],
): AwaitingFinding[] {
  const statuses = findingStatuses(events.filter((e) => e.force_code === force));
  const out: AwaitingFinding[] = [];
  for (const f of current) {
    const s = statuses.get(f.finding_id);
    if (f.force_code !== force || !s || !OPEN_STATUSES.has(s.status)) continue;
    out.push({
      finding_id: f.finding_id,
      status: s.status,
      since: s.updated_at,
      note: s.status === 'disputed' ? s.note : null,
      severity: f.severity,
      check_id: f.check_id,
      period_start: f.period_start,
      period_end: f.period_end,
      summary: f.summary,
    });
  }
  const rank = (a: AwaitingFinding) => (a.status === 'disputed' ? 0 : 1);
  return out.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.since.getTime() - b.since.getTime() ||
      (a.finding_id < b.finding_id ? -1 : a.finding_id > b.finding_id ? 1 : 0),
  );
}

export interface DigestText {
  subject: string;
  message: string;
}

/** The digest's text, or null when nothing awaits the force (no message is sent then). */
export function weeklyDigest(input: {
  force: string;
  awaiting: readonly AwaitingFinding[];
  at: Date;
  /** Where the force puts its responses, e.g. `uploads/kent/responses/`. */
  answerPrefix: string;
}): DigestText | null {
  const { force, awaiting, at } = input;
  if (awaiting.length === 0) return null;
  const name = forceBySlug(force)?.name ?? force;
  const disputed = awaiting.filter((a) => a.status === 'disputed').length;
  const days = (d: Date) => Math.max(0, Math.floor((at.getTime() - d.getTime()) / DAY_MS));
  const listed = awaiting.slice(0, DIGEST_LISTED);
  const lines = [
    `${awaiting.length} finding(s) of ${name} (${force}) await the force's answer on ${at.toISOString().slice(0, 10)}` +
      (disputed > 0 ? `, ${disputed} of them disputed by the auditors.` : '.'),
    '',
    ...listed.flatMap((a, i) => [
      `${i + 1}. [${a.severity}] ${a.check_id}, ${a.period_start === a.period_end ? a.period_start : `${a.period_start} to ${a.period_end}`}: ${a.status}, waiting ${days(a.since)} day(s)`,
      `   ${a.summary}`,
      ...(a.note ? [`   The auditors' reason: ${a.note}`] : []),
      `   finding_id ${a.finding_id}`,
    ]),
    ...(awaiting.length > listed.length ? [`   ... and ${awaiting.length - listed.length} more.`] : []),
    '',
    'How to answer:',
    `- Put one JSON file per answer under ${input.answerPrefix}, for example`,
    `  {"finding_id": "${listed[0]?.finding_id}", "force_code": "${force}", "action": "explain", "actor": "<your name>", "note": "<why the figures are right>"}`,
    '- "acknowledge" says the force has seen it and is looking; "explain" (with a note) gives the explanation for the auditors to decide on.',
    '- Each finding requires explanation; it is not an accusation.',
  ];
  return {
    subject: `Crime-recording audit: ${awaiting.length} finding(s) await an answer from ${force}`,
    message: `${lines.join('\n')}\n`,
  };
}
