import { CfnResource, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ControlTowerAcknowledgments } from './control-tower-acknowledgments';
import { allowCloudWatchLogsToUse, createRotatingKey } from './encryption';

/**
 * aws-cdk-lib's custom-resource providers (a `Role` and a `Handler` under a
 * stack-level construct) give their role the AWS managed policy
 * AWSLambdaBasicExecutionRole, which may write to every log group, and leave
 * their logs unencrypted and kept forever. This gives the provider's logs
 * their own encrypted log group and the role a customer-managed policy for
 * that group only, in place of the managed policy. Idempotent: the policy is
 * created once per provider.
 *
 * @param purpose what the provider does, for the descriptions ("closes default security groups")
 * @returns the policy, which the provider's custom resources must depend on; undefined when `provider` is not such a provider
 */
export function scopeProviderLogs(provider: Construct, purpose: string, retention: logs.RetentionDays): iam.CfnManagedPolicy | undefined {
  const role = provider.node.tryFindChild('Role') as CfnResource | undefined;
  const handler = provider.node.tryFindChild('Handler') as CfnResource | undefined;
  if (!role || !handler) {
    return undefined;
  }
  const existing = provider.node.tryFindChild('LogsPolicy') as iam.CfnManagedPolicy | undefined;
  if (existing) {
    return existing;
  }
  ControlTowerAcknowledgments.add(handler, 'CT.LAMBDA.PR.3', PROVIDER_OUTSIDE_VPC);
  const key = createRotatingKey(provider, 'LogsKey', `Encrypts the logs of the provider that ${purpose}`);
  allowCloudWatchLogsToUse(key);
  const logGroup = new logs.LogGroup(provider, 'Logs', {
    logGroupName: Fn.join('', ['/aws/lambda/', handler.ref]),
    encryptionKey: key,
    retention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const policy = new iam.CfnManagedPolicy(provider, 'LogsPolicy', {
    description: `Lets the provider that ${purpose} write its own logs, and no others`,
    roles: [role.ref],
    policyDocument: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] })],
    }),
  });
  role.addPropertyDeletionOverride('ManagedPolicyArns');
  return policy;
}

const PROVIDER_OUTSIDE_VPC = 'aws-cdk-lib\'s custom-resource provider calls AWS APIs while the stack deploys, and aws-cdk-lib offers no way to place ' +
  'it in a VPC; it runs only then, with a role scoped to its task.';
