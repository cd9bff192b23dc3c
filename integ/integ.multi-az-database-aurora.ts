/**
 * MultiAzDatabase with its defaults: Aurora PostgreSQL (writer + reader) behind
 * RDS Proxy, in the data tier of a default ThreeTierVpc, with an application
 * security group allowed in. Compared offline by `npm test`; deployed, it
 * asserts that the proxy requires TLS and IAM end to end, that an application
 * user with no secret signs in through it with an IAM token, and that an
 * alarm reaches its topic.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { alarmNotifiesItsTopic, applicationUserSignsInThroughProxy, proxyRequiresIamAndTls } from './helpers';
import { MultiAzDatabase, ThreeTierVpc } from '../src';

const app = new App();
const stack = new Stack(app, 'MultiAzDatabaseAurora');
const network = new ThreeTierVpc(stack, 'Network');
const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, databaseName: 'orders' });
const appSecurityGroup = new ec2.SecurityGroup(stack, 'AppSecurityGroup', {
  vpc: network.vpc,
  description: 'The application tier',
  allowAllOutbound: false,
});
database.allowConnectionsFrom(appSecurityGroup);

const integ = new IntegTest(app, 'MultiAzDatabaseAuroraInteg', { testCases: [stack], diffAssets: true });
proxyRequiresIamAndTls(integ, database)
  .next(applicationUserSignsInThroughProxy(integ, network, database, 'dbadmin'))
  .next(alarmNotifiesItsTopic(integ, database.alarms[0]));
