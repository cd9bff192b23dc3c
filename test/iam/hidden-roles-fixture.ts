import { App, CfnOutput, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ControlTowerAcknowledgments } from '../../src';

/**
 * aws-cdk-lib features that create IAM roles behind the scenes: S3
 * auto-delete, bucket notifications, log retention and AwsCustomResource.
 * Returns the bucket, for more features (such as a BucketDeployment).
 */
export function addFeaturesWithHiddenRoles(stack: Stack): s3.Bucket {
  const bucket = new s3.Bucket(stack, 'Scratch', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY, enforceSSL: true });
  const onUpload = new lambda.Function(stack, 'OnUpload', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  // What the function's `logRetention` option (deprecated in newer aws-cdk-lib)
  // builds: the LogRetention custom resource, whose singleton function has a
  // role. On a log group of its own, since the function now creates its own.
  new logs.LogRetention(stack, 'ScratchLogRetention', {
    logGroupName: `/cdk-paved-road/hidden-roles-fixture/${stack.stackName}`,
    retention: logs.RetentionDays.ONE_WEEK,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(onUpload));
  // The parameter the custom resource reads exists in the same stack (the
  // reference orders the two), so a real deployment of the fixture succeeds.
  const parameter = new ssm.StringParameter(stack, 'ConfigValue', { stringValue: 'read by the LookUp custom resource' });
  new cr.AwsCustomResource(stack, 'LookUp', {
    onCreate: {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: parameter.parameterName },
      physicalResourceId: cr.PhysicalResourceId.of('config'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  acknowledgeFixtureControls(stack, bucket);
  return bucket;
}

const FIXTURE_REASON = 'Test fixture: aws-cdk-lib features that create IAM roles behind the scenes, left as aws-cdk-lib builds them ' +
  'so that the permissions boundary is shown to reach their roles.';

/**
 * The fixture's resources are aws-cdk-lib's defaults on purpose; their AWS
 * Control Tower failures are acknowledged as scaffolding. The functions and
 * log groups aws-cdk-lib adds while the app is prepared are found then.
 */
function acknowledgeFixtureControls(stack: Stack, bucket: s3.Bucket): void {
  const scratch = bucket.node.defaultChild as s3.CfnBucket;
  for (const control of ['CT.S3.PR.1', 'CT.S3.PR.2', 'CT.S3.PR.4', 'CT.S3.PR.6', 'CT.S3.PR.9', 'CT.S3.PR.10', 'CT.S3.PR.11']) {
    ControlTowerAcknowledgments.add(scratch, control, FIXTURE_REASON);
  }
  stack.node.addValidation({
    validate: () => {
      // Only the fixture's own features, so that a library resource never hides behind this reason.
      const fixtureIds = ['OnUpload', 'LogRetention', 'BucketNotificationsHandler', 'AWS679f53fac002430cb0da5b7982bd2287', 'Custom::S3AutoDeleteObjects'];
      const ofFixture = (resource: CfnResource) => fixtureIds.some((id) => resource.node.path.split('/')[1].startsWith(id));
      for (const resource of stack.node.findAll().filter(CfnResource.isCfnResource).filter(ofFixture)) {
        const unacknowledged = (control: string) => ControlTowerAcknowledgments.of(resource)[control] === undefined;
        const props = (resource as any)._cfnProperties ?? {};
        if (resource.cfnResourceType === 'AWS::Lambda::Function' && !props.vpcConfig && !props.VpcConfig && unacknowledged('CT.LAMBDA.PR.3')) {
          ControlTowerAcknowledgments.add(resource, 'CT.LAMBDA.PR.3', FIXTURE_REASON);
        }
        if (resource.cfnResourceType === 'AWS::Logs::LogGroup' && !props.kmsKeyId && !props.KmsKeyId && unacknowledged('CT.CLOUDWATCH.PR.3')) {
          ControlTowerAcknowledgments.add(resource, 'CT.CLOUDWATCH.PR.3', FIXTURE_REASON);
        }
      }
      return [];
    },
  });
}

/**
 * A bucket in us-west-2 whose ARN a stack in eu-west-1 uses through
 * aws-cdk-lib's cross-region references: their providers (a role each) are
 * created while the app is prepared, after every aspect has run.
 */
export function crossRegionReference(app: App, account = '123456789012') {
  const producer = new Stack(app, 'Producer', { env: { account, region: 'us-west-2' } });
  const bucket = new s3.Bucket(producer, 'Bucket', { enforceSSL: true });
  const consumer = new Stack(app, 'Consumer', { env: { account, region: 'eu-west-1' }, crossRegionReferences: true });
  new CfnOutput(consumer, 'BucketArn', { value: bucket.bucketArn });
  return { producer, consumer };
}
