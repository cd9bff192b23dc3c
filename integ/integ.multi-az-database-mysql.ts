/**
 * MultiAzDatabase on RDS MySQL: a Multi-AZ DB instance (with a standby) behind
 * RDS Proxy, in a ThreeTierVpc with one NAT gateway. Compared offline by `npm test`;
 * deployed, it asserts that the proxy requires TLS and IAM end to end and that
 * an alarm reaches its topic.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { alarmNotifiesItsTopic, proxyRequiresIamAndTls } from './helpers';
import { DatabaseEngine, MultiAzDatabase, ThreeTierVpc } from '../src';

const app = new App();
const stack = new Stack(app, 'MultiAzDatabaseMysql');
const network = new ThreeTierVpc(stack, 'Network', { natGateways: 1 });
const database = new MultiAzDatabase(stack, 'Inventory', {
  vpc: network.vpc,
  vpcSubnets: network.dataSubnets,
  engine: DatabaseEngine.mysql(),
  databaseName: 'inventory',
});

const integ = new IntegTest(app, 'MultiAzDatabaseMysqlInteg', { testCases: [stack], diffAssets: true });
proxyRequiresIamAndTls(integ, database).next(alarmNotifiesItsTopic(integ, database.alarms[0]));
