import { auditContext } from '#core/checks/audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '#core/checks/check.ts';

/** One check over one input with a fresh per-run context, as the engine runs it. */
export function runCheck(check: Check, input: AuditInput): CheckDraft[] {
  return check.run(input, auditContext(input));
}
