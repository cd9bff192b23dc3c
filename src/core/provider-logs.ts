import { CfnResource, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { ControlTowerAcknowledgments } from './control-tower-acknowledgments';
import { allowCloudWatchLogsToUse, createRotatingKey } from './encryption';
import { customResourceProviderParts } from '../private/cdk-internals';

/** What scoping a provider's logs made: the policy its custom resources must depend on, and the provider's role. */
export interface ScopedProvider {
  readonly policy: iam.CfnManagedPolicy;
  readonly role: CfnResource;
}

const scopedProviders = new WeakMap<IConstruct, ScopedProvider>();

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
 * @returns the policy, which the provider's custom resources must depend on, and the provider's role; undefined
 *   (with a warning) when aws-cdk-lib no longer builds the provider as expected
 */
export function scopeProviderLogs(provider: IConstruct, purpose: string, retention: logs.RetentionDays): ScopedProvider | undefined {
  const existing = scopedProviders.get(provider);
  if (existing) {
    return existing;
  }
  const parts = customResourceProviderParts(provider, purpose);
  if (!parts) {
    return undefined;
  }
  const { role, handler } = parts;
  // aws-cdk-lib's providers are constructs; the new resources go beside their role and function.
  const scope = provider as Construct;
  ControlTowerAcknowledgments.add(handler, 'CT.LAMBDA.PR.3', PROVIDER_OUTSIDE_VPC);
  const key = createRotatingKey(scope, 'LogsKey', `Encrypts the logs of the provider that ${purpose}`);
  allowCloudWatchLogsToUse(key);
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    logGroupName: Fn.join('', ['/aws/lambda/', handler.ref]),
    encryptionKey: key,
    retention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const policy = new iam.CfnManagedPolicy(scope, 'LogsPolicy', {
    description: `Lets the provider that ${purpose} write its own logs, and no others`,
    roles: [role.ref],
    policyDocument: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] })],
    }),
  });
  role.addPropertyDeletionOverride('ManagedPolicyArns');
  const scoped = { policy, role };
  scopedProviders.set(provider, scoped);
  return scoped;
}

const PROVIDER_OUTSIDE_VPC = 'aws-cdk-lib\'s custom-resource provider calls AWS APIs while the stack deploys, and aws-cdk-lib offers no way to place ' +
  'it in a VPC; it runs only then, with a role scoped to its task.';
