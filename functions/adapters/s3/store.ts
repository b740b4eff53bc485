/**
 * All the S3 repositories as the handlers wire them: returns, quarantine and refused responses in
 * the returns bucket (beside the forces' uploads/), findings, runs, finding events, findings history
 * and annotations in the findings bucket (what Athena reads).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { AuditPorts } from '#app/audit.ts';
import { S3AnnotationsRepository } from './annotations-repository.ts';
import { S3FindingEventsRepository } from './finding-events-repository.ts';
import { S3FindingsHistoryRepository } from './findings-history-repository.ts';
import { S3FindingsRepository } from './findings-repository.ts';
import { S3Objects, type S3ObjectsOptions } from './objects.ts';
import { S3QuarantineRepository } from './quarantine-repository.ts';
import { S3ResponseReports } from './response-reports.ts';
import { type S3ReturnsOptions, S3ReturnsRepository } from './returns-repository.ts';
import { S3RunsRepository } from './runs-repository.ts';

export interface S3StoreConfig {
  client: S3Client;
  returnsBucket: string;
  findingsBucket: string;
  returns?: S3ReturnsOptions;
  objects?: S3ObjectsOptions;
}

export interface S3Store extends AuditPorts {
  returnsObjects: S3Objects;
  findingsObjects: S3Objects;
  returns: S3ReturnsRepository;
  quarantine: S3QuarantineRepository;
  responseReports: S3ResponseReports;
  findings: S3FindingsRepository;
  runs: S3RunsRepository;
  events: S3FindingEventsRepository;
  history: S3FindingsHistoryRepository;
  annotations: S3AnnotationsRepository;
}

export function openS3Store(config: S3StoreConfig): S3Store {
  const returnsObjects = new S3Objects(config.client, config.returnsBucket, config.objects);
  const findingsObjects = new S3Objects(config.client, config.findingsBucket, config.objects);
  return {
    returnsObjects,
    findingsObjects,
    returns: new S3ReturnsRepository(returnsObjects, config.returns),
    quarantine: new S3QuarantineRepository(returnsObjects),
    responseReports: new S3ResponseReports(returnsObjects),
    findings: new S3FindingsRepository(findingsObjects),
    runs: new S3RunsRepository(findingsObjects),
    events: new S3FindingEventsRepository(findingsObjects),
    history: new S3FindingsHistoryRepository(findingsObjects),
    annotations: new S3AnnotationsRepository(findingsObjects),
  };
}
