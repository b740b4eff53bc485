/**
 * The deployment's settings, read from CDK context (cdk.json or `-c key=value`) and checked here,
 * so that a typo fails `cdk synth` with a message instead of deploying something half-configured.
 * With no context at all every setting has a default and the stack still synthesises: no forces
 * means no per-force roles or subscriptions, everything else is built.
 *
 *   forces              { "<force slug>": "<email address | https:// endpoint>" }
 *   notificationEmail   operators' address for alarms (DLQ depth, failed scheduled audits)
 *   schedule            EventBridge Scheduler expression, default cron(0 6 ? * MON *)
 *   scheduleTimeZone    IANA zone the schedules are read in, default Europe/London
 *   digestSchedule      when each force is sent its weekly digest, default cron(0 8 ? * MON *)
 *   bytesScannedCutoff  per-query Athena scan limit in bytes, default 10 GiB
 *   uploaderPrincipals  { "<force slug>": [<IAM role/user ARN | sso:<permission set>>, …] }: who may
 *                       assume that force's uploader role; a force without any gets no uploader role
 *   auditorPrincipals   [<IAM role/user ARN | sso:<permission set>>, …]: who may assume the auditor
 *                       role; without any there is no auditor role (principals-config.ts)
 */
import { forceBySlug, resolveForce } from '../functions/core/reference/forces.ts';
import { ConfigError, contextJson } from './context-values.ts';
import { parseAuditorPrincipals, parseUploaderPrincipals, type RoleTrust } from './principals-config.ts';

export { ConfigError } from './context-values.ts';
export type { RoleTrust } from './principals-config.ts';

export type EndpointProtocol = 'email' | 'https';

export interface ForceEndpoint {
  slug: string;
  protocol: EndpointProtocol;
  endpoint: string;
}

export interface AuditorConfig {
  /** Sorted by slug so that construct ids and the template do not depend on key order. */
  forces: ForceEndpoint[];
  notificationEmail: string | undefined;
  schedule: string;
  scheduleTimeZone: string;
  /** When the weekly digest of findings awaiting each force goes out. */
  digestSchedule: string;
  bytesScannedCutoff: number;
  /** Each force's uploader-role principals, by slug; a configured force missing here has no uploader role. */
  uploaderPrincipals: Map<string, RoleTrust>;
  /** The auditor role's principals; null: no auditor role. */
  auditorPrincipals: RoleTrust | null;
}

export const DEFAULT_SCHEDULE = 'cron(0 6 ? * MON *)';
/** Mondays at 08:00, after the default scheduled audit (06:00) has brought the findings up to date. */
export const DEFAULT_DIGEST_SCHEDULE = 'cron(0 8 ? * MON *)';
export const DEFAULT_SCHEDULE_TIME_ZONE = 'Europe/London';
export const DEFAULT_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;
/** Athena refuses a per-query cutoff below 10 MB. */
export const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

/** What `node.tryGetContext` gives for a key: undefined, or a JSON value (strings from `-c`). */
export type ContextReader = (key: string) => unknown;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readAuditorConfig(context: ContextReader): AuditorConfig {
  const forces = parseForces(context('forces'));
  return {
    forces,
    notificationEmail: parseEmail(context('notificationEmail')),
    schedule: parseSchedule('schedule', context('schedule'), DEFAULT_SCHEDULE),
    scheduleTimeZone: parseTimeZone(context('scheduleTimeZone')),
    digestSchedule: parseSchedule('digestSchedule', context('digestSchedule'), DEFAULT_DIGEST_SCHEDULE),
    bytesScannedCutoff: parseCutoff(context('bytesScannedCutoff')),
    uploaderPrincipals: parseUploaderPrincipals(
      context('uploaderPrincipals'),
      forces.map((f) => f.slug),
    ),
    auditorPrincipals: parseAuditorPrincipals(context('auditorPrincipals')),
  };
}

function parseForces(raw: unknown): ForceEndpoint[] {
  const value = contextJson('forces', raw, 'a JSON object');
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError('context "forces" must map force slugs to an email address or https:// URL');
  }
  return Object.entries(value)
    .map(([slug, endpoint]) => parseForceEndpoint(slug, endpoint))
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

function parseForceEndpoint(slug: string, endpoint: unknown): ForceEndpoint {
  if (!forceBySlug(slug)) {
    const resolved = resolveForce(slug);
    const hint = resolved ? ` (did you mean "${resolved.slug}"?)` : '';
    throw new ConfigError(`context "forces": "${slug}" is not a force slug${hint}`);
  }
  if (typeof endpoint !== 'string') {
    throw new ConfigError(`context "forces.${slug}" must be an email address or https:// URL`);
  }
  if (endpoint.startsWith('https://')) return { slug, protocol: 'https', endpoint };
  if (EMAIL.test(endpoint)) return { slug, protocol: 'email', endpoint };
  throw new ConfigError(
    `context "forces.${slug}": ${JSON.stringify(endpoint)} is neither an email address nor an https:// URL`,
  );
}

function parseEmail(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !EMAIL.test(raw)) {
    throw new ConfigError(`context "notificationEmail" is not an email address: ${JSON.stringify(raw)}`);
  }
  return raw;
}

function parseSchedule(key: string, raw: unknown, fallback: string): string {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^(cron|rate|at)\(.+\)$/.test(raw.trim())) {
    throw new ConfigError(
      `context "${key}" must be a Scheduler expression such as ${fallback}, got ${JSON.stringify(raw)}`,
    );
  }
  return raw.trim();
}

function parseTimeZone(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_SCHEDULE_TIME_ZONE;
  if (typeof raw !== 'string' || !isIanaZone(raw)) {
    throw new ConfigError(`context "scheduleTimeZone" is not an IANA time zone: ${JSON.stringify(raw)}`);
  }
  return raw;
}

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}

function parseCutoff(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_BYTES_SCANNED_CUTOFF;
  const bytes = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < MIN_BYTES_SCANNED_CUTOFF) {
    throw new ConfigError(
      `context "bytesScannedCutoff" must be a whole number of bytes >= ${MIN_BYTES_SCANNED_CUTOFF}, got ${JSON.stringify(raw)}`,
    );
  }
  return bytes;
}
