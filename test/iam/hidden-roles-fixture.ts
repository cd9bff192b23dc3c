import { App, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as cr from 'aws-cdk-lib/custom-resources';

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
    logRetention: logs.RetentionDays.ONE_WEEK,
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
  return bucket;
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
