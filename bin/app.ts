#!/usr/bin/env node
// CDK entry: one stack, settings from context (lib/config.ts), and the AWS Solutions checks of
// cdk-nag (v3 runs as a policy-validation plugin: any unacknowledged finding fails the synth).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AuditorStack } from '../lib/auditor-stack.ts';

const app = new App();
new AuditorStack(app, 'CrimeRecordingAuditor', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
