/**
 * ThreeTierVpc with its defaults and with interface endpoints, in an
 * environment-agnostic stack (so the AZs come from Fn::GetAZs at deploy time).
 * The snapshot is compared offline by `npm test`; nothing is deployed here.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ThreeTierVpc } from '../src';

const app = new App();

const defaults = new Stack(app, 'ThreeTierVpcDefaults');
new ThreeTierVpc(defaults, 'Network');

const withEndpoints = new Stack(app, 'ThreeTierVpcOneNat');
new ThreeTierVpc(withEndpoints, 'Network', {
  cidr: '10.64.0.0/18',
  maxAzs: 2,
  natGateways: 1,
  interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
});

new IntegTest(app, 'ThreeTierVpcInteg', {
  testCases: [defaults, withEndpoints],
  // Stateful resources are RETAIN by design; a real run must clean them up by hand.
  diffAssets: true,
});
