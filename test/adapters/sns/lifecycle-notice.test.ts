/** The lifecycle's notices as SNS carries them: always to the one force, saying what happened and what to do. */
import { describe, expect, it } from 'vitest';
import { composeNotice } from '#adapters/sns/force-notice.ts';
import { findingEvent } from '#test-support/finding-events.ts';
import { finding } from '#test-support/findings.ts';

describe('lifecycle notices', () => {
  it('tell a force its response was refused, why, and where it is kept', () => {
    const n = composeNotice({
      kind: 'response_rejected',
      force: 'kent',
      responseKey: 'uploads/kent/responses/a.json',
      location: 's3://b/response_reports/force_code=kent/abc/',
      report: {
        file: 'a.json',
        input_sha256: 'a'.repeat(64),
        format: 'json',
        rows_read: 0,
        issue_count: 1,
        issues: [
          { file: 'a.json', line: 0, field: 'note', value: null, message: 'explain needs a note saying why' },
        ],
        truncated: false,
      },
    });
    expect(n.attributes).toEqual({ force_code: 'kent', notice: 'response_rejected' });
    expect(n.subject).toBe('Crime-recording audit: response refused for kent');
    expect(n.message).toContain('a.json: field "note": explain needs a note saying why');
    expect(n.message).toContain('s3://b/response_reports/force_code=kent/abc/');
    expect(n.message).toContain('under uploads/kent/responses/');
  });

  it("tell a force its explanation was disputed, with the auditors' reason", () => {
    const event = findingEvent({
      finding_id: 'f1',
      action: 'dispute',
      role: 'auditor',
      actor: 'A. Auditor',
      note: 'Not so.',
    });
    const n = composeNotice({
      kind: 'finding_decision',
      force: 'kent',
      event,
      finding: finding({ finding_id: 'f1' }),
    });
    expect(n.attributes).toEqual({ force_code: 'kent', notice: 'finding_decision' });
    expect(n.subject).toBe('Crime-recording audit: a finding of kent was disputed');
    expect(n.message).toContain("did not accept the force's explanation of finding f1");
    expect(n.message).toContain('Their reason: Not so.');
    const reopened = composeNotice({
      kind: 'finding_decision',
      force: 'kent',
      event: { ...event, action: 'reopen', note: null },
      finding: null,
    });
    expect(reopened.subject).toBe('Crime-recording audit: a finding of kent was reopened');
    expect(reopened.message).not.toContain('Their reason');
  });

  it('carry the digest text as core wrote it', () => {
    const n = composeNotice({
      kind: 'awaiting_digest',
      force: 'essex',
      digest: { subject: 'Crime-recording audit: 2 finding(s) await', message: 'line one\nline two\n' },
    });
    expect(n).toEqual({
      subject: 'Crime-recording audit: 2 finding(s) await',
      message: 'line one\nline two\n',
      attributes: { force_code: 'essex', notice: 'awaiting_digest' },
    });
  });
});
