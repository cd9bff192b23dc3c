/**
 * A PermissionsBoundary in its own stack, with its opt-in protections (regions,
 * the CDK bootstrap roles, stack service roles, another stack, the audit
 * trail's bucket and log group), applied to the whole app: a workload stack with the library's
 * constructs and aws-cdk-lib features that create roles behind the scenes (log
 * retention, bucket notifications, S3 auto-delete, AwsCustomResource). Every
 * role and user carries the boundary; the platform stack's own role depends on
 * the policy. The snapshot is compared offline by `npm test`; deployed, it
 * asserts with IAM itself that a workload role carries the boundary and that
 * IAM's policy simulator denies it what the boundary denies.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ApiGatewayAccountLogging, MultiAzDatabase, PermissionsBoundary, ReplicatedBucket, SecureRestApi, ThreeTierVpc } from '../src';
import { boundaryDenies, roleCarriesBoundary } from './helpers';
import { addFeaturesWithHiddenRoles } from '../test/iam/hidden-roles-fixture';

const app = new App();
const platform = new Stack(app, 'PermissionsBoundaryPlatform');
const boundary = new PermissionsBoundary(platform, 'Boundary', {
  services: ['s3', 'kms', 'logs', 'rds', 'rds-db', 'secretsmanager', 'backup', 'lambda', 'ec2', 'ssm', 'sns', 'cloudwatch', 'xray'],
  allowedRegions: ['eu-west-1', 'eu-central-1'],
  unboundedRoleNamePatterns: ['cdk-*'],
  requireStackServiceRole: true,
  protectedStackNames: ['SecurityBaseline'],
  auditTrail: {
    bucket: s3.Bucket.fromBucketName(platform, 'TrailBucket', 'org-trail-logs'),
    logGroup: logs.LogGroup.fromLogGroupName(platform, 'TrailLogGroup', 'aws-cloudtrail-logs'),
  },
});
new iam.Role(platform, 'AuditReader', { assumedBy: new iam.AccountRootPrincipal() });
// The account's API Gateway logging setting is the platform's; the workload's API finds it.
new ApiGatewayAccountLogging(platform, 'ApiGatewayLogging');

const workload = new Stack(app, 'PermissionsBoundaryWorkload');
const network = new ThreeTierVpc(workload, 'Network');
new ReplicatedBucket(workload, 'Uploads');
new MultiAzDatabase(workload, 'Database', { vpc: network.vpc });
const api = new SecureRestApi(workload, 'Api');
api.root.addMethod('GET', new apigw.MockIntegration());

addFeaturesWithHiddenRoles(workload);
// A role with administrator access, held back by the boundary alone.
const workloadRole = new iam.Role(workload, 'WorkloadRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
workloadRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['iam:CreateUser', 'organizations:LeaveOrganization'], resources: ['*'] }));

boundary.applyTo(app);

const integ = new IntegTest(app, 'PermissionsBoundaryInteg', {
  testCases: [platform, workload],
  diffAssets: true,
});
roleCarriesBoundary(integ, workloadRole, boundary.policy.managedPolicyArn)
  .next(boundaryDenies(integ, workloadRole, 'iam:CreateUser'))
  .next(boundaryDenies(integ, workloadRole, 'organizations:LeaveOrganization'));
