/**
 * A response to a finding as a force (or an auditor) sends it in the cloud: one JSON object in a
 * file under its own prefix (store/layout.ts). This schema is the one source of its shape and type;
 * which role may take which action, and which actions need a note, stay respond.ts's rules, so a
 * response sent as a file and one given on the command line are judged alike.
 *
 *   { "finding_id": "f_…", "force_code": "kent", "action": "explain",
 *     "actor": "J. Smith", "note": "New recording system from April 2024", "response_id": "2024-05-03" }
 *
 * `force_code` is the force the finding belongs to, in any spelling the reference table knows; a
 * force's response must name itself. `response_id` is optional: the same response (same finding,
 * action, actor, note and response id) is recorded once however often it is delivered; without one,
 * the file's bytes stand in for it, so give one to send identical words again later (for instance
 * the same explanation after a dispute).
 */
import { z } from 'zod';
import { FINDING_ACTIONS, type FindingAction } from '../model/finding-events.ts';
import { ROLE_ACTIONS } from './respond.ts';

/** Every action a person may take on a finding (the system's own are not among them). */
export const RESPONSE_ACTIONS = FINDING_ACTIONS.filter((a) =>
  Object.values(ROLE_ACTIONS).some((actions) => actions.includes(a)),
) as [FindingAction, ...FindingAction[]];

/** Longest note kept: an explanation is a paragraph or two, not a document (attach those elsewhere). */
export const MAX_NOTE_CHARS = 4000;
/** Largest response file the intake reads. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const ResponseMessageSchema = z
  .object({
    finding_id: text(100),
    force_code: text(100),
    action: z.enum(RESPONSE_ACTIONS),
    actor: text(200),
    note: z.string().max(MAX_NOTE_CHARS).nullish(),
    response_id: text(200).optional(),
  })
  .strict();
export type ResponseMessage = z.infer<typeof ResponseMessageSchema>;
