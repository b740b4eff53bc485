import { describe, expect, it } from 'vitest';
import { classifyUploadKey, decodeEventKey, InvalidEventKeyError } from '#adapters/s3/upload-key.ts';
import { MalformedMessageError, uploadsFromMessage } from '#handlers/intake/s3-event.ts';
import { encodeEventKey, s3Notification, s3Record } from '../support/events.ts';

describe('upload keys', () => {
  it('accepts uploads/<known force slug>/<file name> only', () => {
    expect(classifyUploadKey('uploads/greater-manchester/2024-03 return.csv')).toEqual({
      kind: 'upload',
      key: 'uploads/greater-manchester/2024-03 return.csv',
      force: 'greater-manchester',
      fileName: '2024-03 return.csv',
    });
    expect(classifyUploadKey('uploads/btp/x.jsonl').kind).toBe('upload');
  });

  it("tells a force's responses and the auditors' decisions from returns", () => {
    expect(classifyUploadKey('uploads/kent/responses/f1 answer.json')).toEqual({
      kind: 'response',
      key: 'uploads/kent/responses/f1 answer.json',
      force: 'kent',
      fileName: 'f1 answer.json',
    });
    expect(classifyUploadKey('decisions/kent-f1.json')).toEqual({
      kind: 'decision',
      key: 'decisions/kent-f1.json',
      fileName: 'kent-f1.json',
    });
    expect(classifyUploadKey('uploads/kent/responses/').kind).toBe('folder');
    expect(classifyUploadKey('decisions/').kind).toBe('folder');
    expect(classifyUploadKey('uploads/kent/responses/a/b.json').kind).toBe('invalid');
    expect(classifyUploadKey('uploads/gotham/responses/a.json').kind).toBe('invalid');
    expect(classifyUploadKey('decisions/kent/a.json').kind).toBe('invalid');
    expect(classifyUploadKey('decisions/a\u0007.json').kind).toBe('invalid');
  });

  it('separates keys that are not uploads from bad uploads', () => {
    expect(classifyUploadKey('raw/force_code=kent/abc/kent.csv').kind).toBe('not_upload');
    expect(classifyUploadKey('upload/kent/kent.csv').kind).toBe('not_upload');
    expect(classifyUploadKey('uploads/kent/').kind).toBe('folder');
  });

  it.each([
    ['uploads/kent/../durham/x.csv', /"\.\." segment/],
    ['uploads/./kent/x.csv', /"\." or "\.\." segment/],
    ['uploads/kent.csv', /exactly one folder/],
    ['uploads/kent/a/b.csv', /exactly one folder/],
    ['uploads//x.csv', /force slug is empty/],
    ['uploads/E23000032/x.csv', /this force uploads to uploads\/kent\//],
    ['uploads/Greater Manchester/x.csv', /uploads to uploads\/greater-manchester\//],
    ['uploads/gotham/x.csv', /not the slug of any of the 44 forces/],
    ['uploads/kent/ ', /file name is empty/],
    ['uploads/kent/a\u0007b.csv', /control characters/],
  ])('rejects %j, naming the key', (key, reason) => {
    const result = classifyUploadKey(key);
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.reason).toContain(JSON.stringify(key));
    expect(result.reason).toMatch(reason);
  });

  it("decodes S3's form-URL encoding", () => {
    const key = "uploads/kent/Kent's return + (Q1) 100%.csv";
    expect(decodeEventKey(encodeEventKey(key))).toBe(key);
    expect(decodeEventKey('uploads/kent/a+b%2Bc.csv')).toBe('uploads/kent/a b+c.csv');
    expect(() => decodeEventKey('uploads/kent/100%.csv')).toThrow(InvalidEventKeyError);
  });
});

describe('SQS message → uploads', () => {
  it('takes the object identity from the event: version id, else ETag', () => {
    const body = JSON.stringify(
      s3Notification(
        s3Record('b', 'uploads/kent/a b.csv', { versionId: 'v-7' }),
        s3Record('b', 'uploads/kent/c.csv', { eTag: 'e-1' }),
        s3Record('b', 'uploads/kent/d.csv', { eventName: 'ObjectRemoved:Delete' }),
      ),
    );
    const parsed = uploadsFromMessage(body);
    expect(parsed).toEqual({
      kind: 'uploads',
      uploads: [
        {
          bucket: 'b',
          key: 'uploads/kent/a b.csv',
          versionId: 'v-7',
          version: 'v-7',
          eventTime: '2026-11-22T10:00:00.000Z',
        },
        {
          bucket: 'b',
          key: 'uploads/kent/c.csv',
          versionId: null,
          version: 'e-1',
          eventTime: '2026-11-22T10:00:00.000Z',
        },
      ],
      skipped: ['ObjectRemoved:Delete uploads/kent/d.csv'],
    });
  });

  it('recognises the test event and refuses bodies that are not S3 events', () => {
    expect(uploadsFromMessage(JSON.stringify({ Event: 's3:TestEvent', Service: 'Amazon S3' }))).toEqual({
      kind: 'test_event',
    });
    expect(() => uploadsFromMessage('{')).toThrow(MalformedMessageError);
    expect(() => uploadsFromMessage(JSON.stringify({ Records: [{}] }))).toThrow(
      /not an S3 event notification/,
    );
  });
});
