/**
 * ThreeTierVpc with its defaults and with interface endpoints, in an
 * environment-agnostic stack (so the AZs come from Fn::GetAZs at deploy time).
 * The snapshot is compared offline by `npm test`; deployed by `npm run
 * integ:deploy`, it asserts that each VPC's flow logs are active and arrive.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { flowLogsDeliver } from './helpers';
import { ThreeTierVpc } from '../src';

const app = new App();

const defaults = new Stack(app, 'ThreeTierVpcDefaults');
const defaultNetwork = new ThreeTierVpc(defaults, 'Network');

const withEndpoints = new Stack(app, 'ThreeTierVpcOneNat');
const oneNatNetwork = new ThreeTierVpc(withEndpoints, 'Network', {
  cidr: '10.64.0.0/18',
  maxAzs: 2,
  natGateways: 1,
  interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
});

const integ = new IntegTest(app, 'ThreeTierVpcInteg', {
  testCases: [defaults, withEndpoints],
  // Stateful resources are RETAIN by design; a real run must clean them up by hand.
  diffAssets: true,
});
flowLogsDeliver(integ, defaultNetwork).next(flowLogsDeliver(integ, oneNatNetwork));
