/**
 * Sends force notices to the SNS topic: one message per notice, with `force_code` (and `notice`,
 * `max_severity`) as String message attributes, so a subscription's filter policy on force_code
 * delivers each force's notices to that force alone.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { composeNotice, type ForceNotice } from './force-notice.ts';

export interface ForceNotifier {
  /** Publishes one notice; resolves to the message id. */
  publish(notice: ForceNotice): Promise<string>;
}

export class SnsForceNotifier implements ForceNotifier {
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(client: SNSClient, topicArn: string) {
    if (!topicArn) throw new Error('SnsForceNotifier needs a topic ARN');
    this.#client = client;
    this.#topicArn = topicArn;
  }

  async publish(notice: ForceNotice): Promise<string> {
    const composed = composeNotice(notice);
    const out = await this.#client.send(
      new PublishCommand({
        TopicArn: this.#topicArn,
        Subject: composed.subject,
        Message: composed.message,
        MessageAttributes: Object.fromEntries(
          Object.entries(composed.attributes).map(([name, value]) => [
            name,
            { DataType: 'String', StringValue: value },
          ]),
        ),
      }),
    );
    return out.MessageId ?? '';
  }
}
