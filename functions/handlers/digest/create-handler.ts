/**
 * The weekly digest function (../findings-digest.ts puts it through withDefaults): EventBridge
 * Scheduler invokes it once a week; for each force with findings that await its answer (core's
 * awaitingAnswer and weeklyDigest, core/lifecycle/digest.ts) it publishes one notice, which the
 * topic's filter on force_code delivers to that force alone. A force with nothing awaiting gets none.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import type { ForceNotifier } from '#adapters/sns/publisher.ts';
import { awaitingAnswer, weeklyDigest } from '#core/lifecycle/digest.ts';
import type { FindingEventsRepository, FindingsRepository } from '#core/ports.ts';
import { keys } from '#store/layout.ts';
import { logger, metrics } from '../shared/powertools.ts';
import type { FunctionSpec } from '../shared/with-defaults.ts';

/** The schedule's input, or `{ "time": "<ISO 8601>" }` to date the digest. */
export const DigestInputSchema = z.looseObject({ time: z.iso.datetime({ offset: true }).optional() });

export interface DigestWiring {
  findings: Pick<FindingsRepository, 'loadAll'>;
  events: Pick<FindingEventsRepository, 'loadAll'>;
  notifier: ForceNotifier;
  clock: () => Date;
}

export interface DigestResult {
  at: string;
  /** The forces sent a digest, and how many findings await each. */
  forces: Array<{ force_code: string; awaiting: number }>;
}

export function createDigestHandler(
  wire: () => DigestWiring,
): FunctionSpec<typeof DigestInputSchema, DigestWiring, DigestResult> {
  return {
    name: 'findings-digest',
    input: DigestInputSchema,
    wire,
    handle: async (wired, event) => {
      const at = event.time ? new Date(event.time) : wired.clock();
      const [findings, events] = await Promise.all([wired.findings.loadAll(), wired.events.loadAll()]);
      const forces = [...new Set(findings.map((f) => f.force_code))].sort();
      const sent: DigestResult['forces'] = [];
      for (const force of forces) {
        const awaiting = awaitingAnswer(force, events, findings);
        const digest = weeklyDigest({ force, awaiting, at, answerPrefix: keys.forceResponses(force) });
        if (!digest) continue;
        await wired.notifier.publish({ kind: 'awaiting_digest', force, digest });
        sent.push({ force_code: force, awaiting: awaiting.length });
      }
      metrics.addMetric('DigestsPublished', MetricUnit.Count, sent.length);
      logger.info('weekly digest sent', { at: at.toISOString(), forces: sent });
      return { at: at.toISOString(), forces: sent };
    },
  };
}
