#!/usr/bin/env node
// CDK entry: one stack per environment; everything else is composed in lib/.
import { App } from 'aws-cdk-lib';
import { AuditorStack } from '../lib/auditor-stack.ts';

const app = new App();
new AuditorStack(app, 'CrimeRecordingAuditor', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
