/**
 * MultiAzDatabase on RDS MySQL: a Multi-AZ DB instance (with a standby) behind
 * RDS Proxy, in a ThreeTierVpc with one NAT gateway. Compared offline by `npm test`.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { DatabaseEngine, MultiAzDatabase, ThreeTierVpc } from '../src';

const app = new App();
const stack = new Stack(app, 'MultiAzDatabaseMysql');
const network = new ThreeTierVpc(stack, 'Network', { natGateways: 1 });
new MultiAzDatabase(stack, 'Inventory', {
  vpc: network.vpc,
  vpcSubnets: network.dataSubnets,
  engine: DatabaseEngine.mysql(),
  databaseName: 'inventory',
});

new IntegTest(app, 'MultiAzDatabaseMysqlInteg', { testCases: [stack], diffAssets: true });
