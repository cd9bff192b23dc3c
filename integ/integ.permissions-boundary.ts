/**
 * A PermissionsBoundary in its own stack, applied to the whole app: a workload
 * stack with the library's constructs and aws-cdk-lib features that create
 * roles behind the scenes (log retention, bucket notifications, S3
 * auto-delete, AwsCustomResource). Every role and user carries the boundary.
 * The snapshot is compared offline by `npm test`; nothing is deployed here.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as cr from 'aws-cdk-lib/custom-resources';
import { MultiAzDatabase, PermissionsBoundary, ReplicatedBucket, SecureRestApi, ThreeTierVpc } from '../src';

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

const site = new s3.Bucket(workload, 'Scratch', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY, enforceSSL: true });
const onUpload = new lambda.Function(workload, 'OnUpload', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  logRetention: logs.RetentionDays.ONE_WEEK,
});
site.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(onUpload));
new cr.AwsCustomResource(workload, 'LookUp', {
  onCreate: {
    service: 'SSM',
    action: 'getParameter',
    parameters: { Name: '/config/value' },
    physicalResourceId: cr.PhysicalResourceId.of('config'),
  },
  policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
  installLatestAwsSdk: false,
});

boundary.applyTo(app);

new IntegTest(app, 'PermissionsBoundaryInteg', {
  testCases: [platform, workload],
  diffAssets: true,
});
