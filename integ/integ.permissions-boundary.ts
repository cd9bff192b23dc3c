/**
 * A PermissionsBoundary in its own stack, applied to the whole app: a workload
 * stack with the library's constructs and aws-cdk-lib features that create
 * roles behind the scenes (log retention, bucket notifications, S3
 * auto-delete, AwsCustomResource). Every role and user carries the boundary.
 * The snapshot is compared offline by `npm test`; nothing is deployed here.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { MultiAzDatabase, PermissionsBoundary, ReplicatedBucket, SecureRestApi, ThreeTierVpc } from '../src';
import { addFeaturesWithHiddenRoles } from '../test/iam/hidden-roles-fixture';

const app = new App();
const platform = new Stack(app, 'PermissionsBoundaryPlatform');
const boundary = new PermissionsBoundary(platform, 'Boundary', {
  services: ['s3', 'kms', 'logs', 'rds', 'rds-db', 'secretsmanager', 'backup', 'lambda', 'ec2', 'ssm', 'sns', 'cloudwatch', 'xray'],
});

const workload = new Stack(app, 'PermissionsBoundaryWorkload');
const network = new ThreeTierVpc(workload, 'Network');
new ReplicatedBucket(workload, 'Uploads');
new MultiAzDatabase(workload, 'Database', { vpc: network.vpc });
const api = new SecureRestApi(workload, 'Api');
api.root.addMethod('GET', new apigw.MockIntegration());

addFeaturesWithHiddenRoles(workload);

boundary.applyTo(app);

new IntegTest(app, 'PermissionsBoundaryInteg', {
  testCases: [platform, workload],
  diffAssets: true,
});
