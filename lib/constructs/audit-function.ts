/**
 * The one way this project makes a Lambda function, so every handler gets the same defaults:
 * Node.js 22 on arm64, an ESM bundle built by the local esbuild (HANDLER_BUNDLE, with source
 * maps), active X-Ray tracing (the handlers' Powertools Tracer writes into it), its own log group
 * with a retention period, and its own role that starts with nothing but the right to write to that
 * log group. Callers add exactly the data access each handler needs.
 */
import { Duration, RemovalPolicy, type Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgePrefixWildcards, REASONS } from '../nag/suppressions.ts';
import { LOCK_FILE, REPO_ROOT } from '../paths.ts';

/** CloudWatch namespace of the Powertools metrics every handler emits. */
export const METRICS_NAMESPACE = 'CrimeRecordingAuditor';

export const FUNCTION_DEFAULTS = {
  runtime: lambda.Runtime.NODEJS_22_X,
  architecture: lambda.Architecture.ARM_64,
  timeout: Duration.minutes(1),
  memorySize: 1024,
  logRetention: logs.RetentionDays.SIX_MONTHS,
  logLevel: 'INFO',
} as const;

/**
 * esbuild emits ESM, but some dependencies still call `require` for Node built-ins; this banner
 * gives the bundle a `require` that resolves relative to the bundle itself.
 */
export const REQUIRE_SHIM_BANNER =
  "import { createRequire as __auditorCreateRequire } from 'node:module'; const require = __auditorCreateRequire(import.meta.url);";

/**
 * What every handler bundle is, in esbuild's own terms, so that `npm run bundle:sizes` measures
 * exactly what is deployed. Beyond ESM for node22, minified with names kept:
 *  - the AWS SDK v3 stays external: the Node.js 22 runtime ships it, bundling it again only grows
 *    the cold start;
 *  - licence comments go to a `.LEGAL.txt` file beside the bundle (still deployed with it) rather
 *    than the end of the code, and the output is UTF-8 rather than ASCII escapes: zod's error
 *    messages in ~40 languages come with any `import { z }` and are otherwise escaped at up to six
 *    bytes a character. Together these keep each bundle, with the X-Ray SDK the tracer brings,
 *    under the 1 MB budget without moving Powertools into a layer (whose version would then have to
 *    match the installed packages by hand).
 */
export const HANDLER_BUNDLE = {
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  charset: 'utf8',
  legalComments: 'external',
  external: ['@aws-sdk/*'],
  banner: { js: REQUIRE_SHIM_BANNER },
} as const;

export interface AuditFunctionProps {
  /** Absolute path of the TypeScript handler module; it must export `handler`. */
  entry: string;
  description: string;
  /** POWERTOOLS_SERVICE_NAME: how logs, traces and metrics name this handler. */
  serviceName: string;
  timeout?: Duration;
  memorySize?: number;
  /** Size of /tmp (Lambda's default is 512 MiB). */
  ephemeralStorageSize?: Size;
  /** Added to the environment every handler gets (service name, namespace, log level, source maps). */
  environment?: Record<string, string>;
}

export class AuditFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: FUNCTION_DEFAULTS.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An explicit role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole, which may write to every log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.serviceName}: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: FUNCTION_DEFAULTS.runtime,
      architecture: FUNCTION_DEFAULTS.architecture,
      timeout: props.timeout ?? FUNCTION_DEFAULTS.timeout,
      memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      ephemeralStorageSize: props.ephemeralStorageSize,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        LOG_LEVEL: FUNCTION_DEFAULTS.logLevel,
        // Stack traces point at the TypeScript sources, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: HANDLER_BUNDLE.target,
        mainFields: [...HANDLER_BUNDLE.mainFields],
        minify: HANDLER_BUNDLE.minify,
        keepNames: HANDLER_BUNDLE.keepNames,
        charset: Charset.UTF8,
        esbuildArgs: { '--legal-comments': HANDLER_BUNDLE.legalComments },
        externalModules: [...HANDLER_BUNDLE.external],
        banner: HANDLER_BUNDLE.banner.js,
        sourceMap: true,
        sourcesContent: false,
        forceDockerBundling: false,
      },
    });
    acknowledge(this.fn, 'AwsSolutions-L1', REASONS.runtime);
    // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords on "*"; a test checks that
    // nothing else in these roles has a "*" resource.
    acknowledge(this.role, 'AwsSolutions-IAM5[Resource::*]', REASONS.xray);
  }

  /**
   * Grants this handler exactly these permissions (and nothing through a managed policy). Object
   * ARNs ending in `<prefix>/*` are the intended scope and are acknowledged as such.
   */
  grant(statements: readonly iam.PolicyStatement[]): void {
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);
    acknowledgePrefixWildcards(this.role, statements, REASONS.handlerPrefixes);
  }
}
