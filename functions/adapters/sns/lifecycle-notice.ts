/**
 * The lifecycle's notices to a force, beside force-notice.ts's new findings and rejected uploads:
 *   - response_rejected: a response the force sent was refused (where it and its report are kept,
 *     what was wrong), so nothing it sent is silently lost;
 *   - finding_decision: an auditor disputed the force's explanation or reopened a finding, which
 *     now waits for the force again;
 *   - awaiting_digest: the weekly list of what awaits its answer (the text is core's, digest.ts).
 */
import type { DigestText } from '#core/lifecycle/digest.ts';
import type { FindingEvent } from '#core/model/finding-events.ts';
import type { Finding } from '#core/model/findings.ts';
import { formatIssue, type ValidationReport } from '#core/model/validation.ts';
import { keys } from '#store/layout.ts';

export type LifecycleNotice =
  | {
      kind: 'response_rejected';
      force: string;
      responseKey: string;
      /** The folder holding the kept response and its report.json. */
      location: string;
      report: ValidationReport;
    }
  | {
      kind: 'finding_decision';
      force: string;
      /** The auditor's dispute or reopen. */
      event: FindingEvent;
      /** The finding as currently stored, when it still is. */
      finding: Finding | null;
    }
  | { kind: 'awaiting_digest'; force: string; digest: DigestText };

export interface LifecycleText {
  subject: string;
  lines: string[];
  notice: string;
}

export function lifecycleText(n: LifecycleNotice): LifecycleText {
  switch (n.kind) {
    case 'response_rejected':
      return {
        notice: n.kind,
        subject: `Crime-recording audit: response refused for ${n.force}`,
        lines: [
          `The response ${n.responseKey} was refused: nothing in it was recorded.`,
          '',
          ...n.report.issues.map((i) => `- ${formatIssue(i)}`),
          '',
          `The response and its report (report.json) are kept at ${n.location}, which the force's role can read.`,
          '',
          `How to respond: correct it and put it again under ${keys.forceResponses(n.force)}.`,
        ],
      };
    case 'finding_decision': {
      const what = n.event.action === 'dispute' ? "did not accept the force's explanation of" : 'reopened';
      return {
        notice: n.kind,
        subject: `Crime-recording audit: a finding of ${n.force} was ${n.event.action === 'dispute' ? 'disputed' : 'reopened'}`,
        lines: [
          `The auditors (${n.event.actor}) ${what} finding ${n.event.finding_id}; it awaits the force's answer again.`,
          ...(n.finding ? ['', `[${n.finding.severity}] ${n.finding.check_id}: ${n.finding.summary}`] : []),
          ...(n.event.note ? ['', `Their reason: ${n.event.note}`] : []),
          '',
          `How to respond: put an explanation under ${keys.forceResponses(n.force)} (a JSON file naming the finding_id), or upload a corrected return to ${keys.uploads(n.force)}.`,
        ],
      };
    }
    case 'awaiting_digest':
      return { notice: n.kind, subject: n.digest.subject, lines: [n.digest.message.trimEnd()] };
  }
}
