import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** A customer-managed key with rotation on, kept when the stack is deleted. */
export function createRotatingKey(scope: Construct, id: string, description: string): kms.Key {
  return new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
}

/**
 * CloudWatch Logs encrypts a log group with the key itself, so the key policy
 * must let the regional service use it, and only for this account's log groups.
 */
export function allowCloudWatchLogsToUse(key: kms.Key): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsForThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  }));
}

/**
 * An SNS topic for alarms that passes every cdk-nag pack: encrypted with its
 * own rotating key (which CloudWatch may use to publish) and TLS-only.
 */
export function createEncryptedAlarmTopic(scope: Construct, id: string, displayName: string): sns.Topic {
  const key = createRotatingKey(scope, `${id}Key`, `Encrypts the SNS topic for: ${displayName}`);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  }));
  return new sns.Topic(scope, id, { displayName, masterKey: key, enforceSSL: true });
}
