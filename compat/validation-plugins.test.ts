/**
 * Runs only in `npm run test:compat`, on the newest aws-cdk-lib inside the
 * peer range with cdk-nag 3, the way cdk-nag 3's users run it: the six packs
 * registered with `Validations.of(app).addPlugins(...)`, beside aws-cdk-lib's
 * built-in CloudFormation validation (on by default since 2.27x), during a
 * normal `app.synth()`. Every construct of the library and the reference app
 * in both profiles must synthesize with no violation of any severity that is
 * not acknowledged, warnings included: the validation report lists none.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as nag from 'cdk-nag-v3';
import { buildWebApp, cliContext } from '../examples/three-tier-web-app/lib/web-app';
import { Profile } from '../src';
import { everyConstruct, PRIMARY } from '../test/every-construct';

interface Violation {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly paths: string[];
}

/** Synthesizes `app` with the six cdk-nag 3 packs as validation plugins and returns every violation the report lists. */
function synthWithValidationPlugins(app: App): Violation[] {
  Validations.of(app).addPlugins(
    new nag.AwsSolutionsChecks(app), new nag.HIPAASecurityChecks(app), new nag.NIST80053R4Checks(app),
    new nag.NIST80053R5Checks(app), new nag.PCIDSS321Checks(app), new nag.ServerlessChecks(app),
  );
  let failure: unknown;
  try {
    app.synth();
  } catch (error) {
    // An error-level violation fails synth; the report says which.
    failure = error;
  }
  const reportFile = path.join(app.outdir, 'validation-report.json');
  if (!fs.existsSync(reportFile)) {
    throw new Error(`No validation report was written${failure ? `; synth failed: ${failure}` : ''}`);
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  // The report lists the plugins that found something; the last test shows that all seven run.
  return report.pluginReports.flatMap((plugin: any) => plugin.violations.map((violation: any) => ({
    plugin: plugin.pluginName,
    rule: violation.ruleName,
    severity: violation.severity,
    paths: violation.violatingConstructs.map((construct: any) => construct.constructPath),
  })));
}

function newApp(context: Record<string, unknown> = {}): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'compat-')), context });
}

describe('the newest aws-cdk-lib with cdk-nag 3 as validation plugins', () => {
  test.each([Profile.PRODUCTION, Profile.DEVELOPMENT])('every construct, $name profile: nothing open', (profile) => {
    const app = newApp();
    Profile.setFor(app, profile);
    everyConstruct(app);
    expect(synthWithValidationPlugins(app)).toEqual([]);
  });

  test.each(['development', 'production'])('the reference app, %s: nothing open', (profile) => {
    const app = newApp({ ...cliContext(), 'cdk-paved-road:profile': profile, 'zoneName': 'shop.example.org', 'hostedZoneId': 'Z123EXAMPLE' });
    buildWebApp(app);
    expect(synthWithValidationPlugins(app)).toEqual([]);
  });

  test('the packs see what aws-cdk-lib adds after the aspects: the cross-region reference providers', () => {
    const app = newApp();
    everyConstruct(app);
    // A validation registered after the library's (which scopes the providers) breaks one provider resource on purpose.
    app.node.addValidation({
      validate: () => {
        const provider = app.node.findChild('Workload').node.findChild('Custom::CrossRegionExportReaderCustomResourceProvider');
        (provider.node.findChild('LogsKey').node.defaultChild as kms.CfnKey).enableKeyRotation = false;
        return [];
      },
    });
    expect(synthWithValidationPlugins(app)).toContainEqual({
      plugin: 'AwsSolutions', rule: 'AwsSolutions-KMS5', severity: 'error',
      paths: ['Workload/Custom::CrossRegionExportReaderCustomResourceProvider/LogsKey/Resource'],
    });
  });

  test('the check can fail: unacknowledged findings of every pack and of the built-in validation are listed', () => {
    const app = newApp();
    const stack = new Stack(app, 'Weak', { env: PRIMARY });
    new apigw.RestApi(stack, 'Plain').root.addMethod('GET', new apigw.MockIntegration());
    new ec2.CfnSubnet(stack, 'Subnet', { vpcId: 'vpc-0123456789abcdef0', cidrBlock: '10.0.0.0/24', availabilityZone: 'eu-west-1a' });
    const violations = synthWithValidationPlugins(app);
    expect(violations).toEqual(expect.arrayContaining([expect.objectContaining({ plugin: 'AwsSolutions', rule: 'AwsSolutions-APIG2', severity: 'error' })]));
    // All six packs and aws-cdk-lib's built-in CloudFormation validation ran.
    expect([...new Set(violations.map((violation) => violation.plugin))].sort()).toEqual([
      'AwsSolutions', 'CloudFormation Validate', 'HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless',
    ]);
    expect(violations).toContainEqual({ plugin: 'CloudFormation Validate', rule: 'W3010', severity: 'warning', paths: ['Weak/Subnet'] });
  });
});
