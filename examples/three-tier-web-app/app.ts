/**
 * The CDK CLI's entry point (cdk.json): `npx cdk synth` in this folder builds
 * the reference app with all six cdk-nag packs, so any open finding fails the
 * synth. Choose the profile with `-c cdk-paved-road:profile=development`.
 */
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R4Checks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { buildWebApp } from './lib/web-app';

const app = new App();
buildWebApp(app);
for (const pack of [
  new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R4Checks(),
  new NIST80053R5Checks(), new PCIDSS321Checks(), new ServerlessChecks(),
]) {
  Aspects.of(app).add(pack);
}
