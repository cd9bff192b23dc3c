import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * A customer-managed key with rotation on, kept when the stack is deleted,
 * that refuses grants not made for an AWS resource (`denyGrantsExceptForAwsResources`).
 */
export function createRotatingKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  denyGrantsExceptForAwsResources(key);
  return key;
}

/**
 * Denies `kms:CreateGrant` on the key to every principal unless the grant is
 * for an AWS resource (an AWS service such as RDS or AWS Backup creates it on
 * the caller's behalf, `kms:GrantIsForAWSResource`) or the caller is an AWS
 * service (`aws:PrincipalIsAWSService`). A grant gives its grantee the key
 * outside the key policy, so a principal with `kms:*` could otherwise hand
 * the key to anyone. This is the statement AWS Control Tower's proactive
 * control CT.KMS.PR.3 requires.
 */
export function denyGrantsExceptForAwsResources(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
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
 * EventBridge encrypts with a queue's key when a rule delivers to the queue
 * or to a target's dead-letter queue, so the key policy must let it, for
 * rules of this account and region ("Amazon SQS permissions" and "Using
 * dead-letter queues", Amazon EventBridge User Guide). The rule's own ARN
 * cannot be named: the rule targets the queue, which uses the key. A key
 * that is not a `kms.Key` of the app is left alone.
 */
export function allowEventBridgeRulesToUse(key: kms.IKey): void {
  if (!(key instanceof kms.Key)) {
    return;
  }
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowEventBridgeRulesToSendToQueues',
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
    },
  }));
}

