/**
 * The account the red-team suite attacks: the boundary policies of five
 * configurations, synthesized by the library and resolved to plain IAM JSON,
 * and the principals that live in the account beside the attacker (roles that
 * existed before the boundary, the CDK bootstrap roles, compute that runs as
 * them), each with its identity policies, boundary and trust policy.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NetworkStack } from '../../../examples/three-tier-web-app/lib/network-stack';
import { PermissionsBoundary, PermissionsBoundaryProps } from '../../../src';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
const PARTITION = 'aws';
const STACK_GUID = '5e4ea4b0-9d4f-11ef-8e2a-0a1b2c3d4e5f';

export type ConfigName = 'administrator' | 'bootstrapped' | 'hardened' | 'services' | 'referenceApp';
export const CONFIG_NAMES: ConfigName[] = ['administrator', 'bootstrapped', 'hardened', 'services', 'referenceApp'];

/** An IAM policy document with no CloudFormation expressions left in it. */
export type PolicyDocument = { Version?: string; Statement: Array<Record<string, unknown>> };

export interface Config {
  readonly name: ConfigName;
  /** What the configuration is, for test titles. */
  readonly description: string;
  readonly boundaryArn: string;
  /** The ARN of the CloudFormation stack that holds the boundary, as CloudFormation gives it. */
  readonly boundaryStackArn: string;
  readonly boundary: PolicyDocument;
  /**
   * Whether the CDK bootstrap stack of the default qualifier was deployed with
   * `--custom-permissions-boundary <this boundary> --apply-permissions-boundary-to-all-roles`.
   */
  readonly bootstrappedWithBoundary: boolean;
}

export const ADMINISTRATOR_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The audit trail's destinations in the hardened configuration. */
export const TRAIL_BUCKET = 'org-trail-logs';
export const TRAIL_LOG_GROUP = 'aws-cloudtrail-logs-org';
export const TRAIL_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f3c5e7a-1b2d-4c6e-8f0a-1b2c3d4e5f60`;
export const PROTECTED_STACK = 'SecurityBaseline';
export const HARDENED_ROLE_PATTERNS = ['cdk-*', 'AWSCloudFormationStackSet*'];
/** The qualifier of the bootstrap that deploys the boundary's own stack, used only by administrators. */
export const PLATFORM_ROLE_PATTERNS = ['cdk-platform-*'];

function administratorCeiling(): PermissionsBoundaryProps {
  return { statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })], allowAdministrativeActions: true };
}

interface BoundaryStack {
  readonly stack: Stack;
  readonly boundary: PermissionsBoundary;
}

function boundaryStack(app: App, id: string, props: (stack: Stack) => PermissionsBoundaryProps): BoundaryStack {
  const stack = new Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
  const boundary = new PermissionsBoundary(stack, 'Boundary', { managedPolicyName: `${id}-boundary`, ...props(stack) });
  return { stack, boundary };
}

/**
 * The five configurations the suite attacks:
 * - administrator: a ceiling of `*` with the built-in denies only (the widest boundary there is);
 * - bootstrapped: the same ceiling in the README's bootstrap setup: every role of the default CDK bootstrap
 *   carries the boundary, and the boundary's own stack is deployed through a `platform` qualifier whose
 *   roles (which lack it) `unboundedRoleNamePatterns` names;
 * - hardened: the same ceiling with every opt-in protection (regions, bootstrap roles by name, stack
 *   service roles required, audit trail, more stacks), in an environment bootstrapped without the boundary;
 * - services: the README's `services` preset with `allowedRegions`;
 * - referenceApp: the boundary of examples/three-tier-web-app, built by its own network stack.
 */
export function buildConfigs(): Record<ConfigName, Config> {
  const app = new App();
  const administrator = boundaryStack(app, 'Administrator', administratorCeiling);
  const bootstrapped = boundaryStack(app, 'Bootstrapped', () => ({ ...administratorCeiling(), unboundedRoleNamePatterns: PLATFORM_ROLE_PATTERNS }));
  const hardened = boundaryStack(app, 'Hardened', (stack) => ({
    ...administratorCeiling(),
    allowedRegions: [REGION, 'eu-central-1'],
    unboundedRoleNamePatterns: HARDENED_ROLE_PATTERNS,
    requireStackServiceRole: true,
    protectedStackNames: [PROTECTED_STACK],
    auditTrail: {
      bucket: s3.Bucket.fromBucketName(stack, 'TrailBucket', TRAIL_BUCKET),
      logGroup: logs.LogGroup.fromLogGroupName(stack, 'TrailLogGroup', TRAIL_LOG_GROUP),
      encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', TRAIL_KEY_ARN),
    },
  }));
  const services = boundaryStack(app, 'Services', () => ({ services: ['s3', 'kms', 'logs', 'lambda', 'dynamodb'], allowedRegions: [REGION] }));
  const referenceApp = new NetworkStack(app, 'WebAppNetwork', { env: { account: ACCOUNT, region: REGION } });

  const config = (name: ConfigName, description: string, source: BoundaryStack, bootstrappedWithBoundary = false): Config => ({
    name,
    description,
    boundaryArn: `arn:${PARTITION}:iam::${ACCOUNT}:policy/${source.boundary.managedPolicyName}`,
    boundaryStackArn: stackArn(source.stack),
    boundary: boundaryDocument(source.stack, source.boundary),
    bootstrappedWithBoundary,
  });
  return {
    administrator: config('administrator', 'a ceiling of * with the built-in denies', administrator),
    bootstrapped: config('bootstrapped', 'a ceiling of *, CDK bootstrapped with the boundary', bootstrapped, true),
    hardened: config('hardened', 'a ceiling of * with every opt-in protection', hardened),
    services: config('services', 'the README services preset with allowedRegions', services),
    referenceApp: config('referenceApp', 'the reference app\'s boundary', { stack: referenceApp, boundary: referenceApp.boundary }),
  };
}

function stackArn(stack: Stack): string {
  return `arn:${PARTITION}:cloudformation:${REGION}:${ACCOUNT}:stack/${stack.stackName}/${STACK_GUID}`;
}

/** The boundary's policy document from the synthesized template, its expressions resolved as CloudFormation would. */
function boundaryDocument(stack: Stack, boundary: PermissionsBoundary): PolicyDocument {
  const template = App.of(stack)!.synth().getStackByName(stack.stackName).template;
  const policies = Object.values<any>(template.Resources)
    .filter((resource) => resource.Type === 'AWS::IAM::ManagedPolicy' && resource.Properties.ManagedPolicyName === boundary.managedPolicyName);
  if (policies.length !== 1) {
    throw new Error(`Expected one boundary policy named ${boundary.managedPolicyName} in ${stack.stackName}, found ${policies.length}.`);
  }
  return resolveExpressions(policies[0].Properties.PolicyDocument, stack) as PolicyDocument;
}

/** Resolves the expressions a boundary policy holds; any other expression is an error, so nothing is guessed. */
function resolveExpressions(node: unknown, stack: Stack): unknown {
  return resolvePolicyExpressions(node, { 'AWS::Partition': PARTITION, 'AWS::AccountId': ACCOUNT, 'AWS::Region': REGION, 'AWS::StackId': stackArn(stack) });
}

/**
 * Resolves the CloudFormation expressions of a policy document: `Fn::Join`
 * and the pseudo parameters in `pseudo`. Any other expression throws, or,
 * with `unknownAsWildcard`, stands for `*` (any value it may take).
 */
export function resolvePolicyExpressions(node: unknown, pseudo: Record<string, string>, unknownAsWildcard = false): unknown {
  const resolve = (item: unknown) => resolvePolicyExpressions(item, pseudo, unknownAsWildcard);
  if (Array.isArray(node)) {
    return node.map(resolve);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const value = node as Record<string, any>;
  if ('Fn::Join' in value) {
    const [delimiter, parts] = value['Fn::Join'];
    return (parts as unknown[]).map(resolve).join(delimiter);
  }
  if ('Ref' in value && value.Ref in pseudo) {
    return pseudo[value.Ref];
  }
  // The stack id's suffix in the names of an AuditTrail's bucket and log group: Fn::Select of Fn::Split of AWS::StackId.
  if ('Fn::Split' in value) {
    const [delimiter, source] = value['Fn::Split'];
    const resolved = resolve(source);
    return typeof resolved === 'string' ? resolved.split(delimiter) : resolved;
  }
  if ('Fn::Select' in value) {
    const [index, list] = value['Fn::Select'];
    const resolved = resolve(list);
    const selected = Array.isArray(resolved) ? resolved[Number(index)] : undefined;
    if (selected !== undefined) {
      return selected;
    }
  }
  if ('Ref' in value || Object.keys(value).some((key) => key.startsWith('Fn::'))) {
    if (unknownAsWildcard) {
      return '*';
    }
    throw new Error(`The policy holds ${JSON.stringify(value)}, which the red-team suite cannot resolve.`);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
}

/** Someone who makes requests: the attacker, or a principal the attacker gets to act for it. */
export type Actor =
  | 'attacker' | 'attackerUser' | 'boundedRole' | 'boundedFunctionRole'
  | 'legacyAdmin' | 'legacyFunctionRole' | 'legacyInstanceRole' | 'legacyBuildRole' | 'legacyDevEndpointRole' | 'legacyNotebookRole'
  | 'rotationFunctionRole' | 'cdkDeployRole' | 'cdkExecRole' | 'platformDeployRole' | 'platformExecRole' | 'stackSetAdministrationRole'
  | 'scpExemptRole';

export interface Principal {
  /** The ARN the request comes from (a role session for roles). */
  readonly requestArn: string;
  readonly identityPolicies: PolicyDocument[];
  readonly boundary?: PolicyDocument;
}

const roleArn = (name: string) => `arn:${PARTITION}:iam::${ACCOUNT}:role/${name}`;
const session = (name: string) => `arn:${PARTITION}:sts::${ACCOUNT}:assumed-role/${name}/session`;

export const ROLE_NAMES: Record<Exclude<Actor, 'attackerUser'>, string> = {
  attacker: 'bounded-developer',
  boundedRole: 'created-by-attacker',
  boundedFunctionRole: 'bounded-function-role',
  legacyAdmin: 'legacy-admin',
  legacyFunctionRole: 'legacy-function-role',
  legacyInstanceRole: 'legacy-instance-role',
  legacyBuildRole: 'legacy-build-role',
  legacyDevEndpointRole: 'legacy-glue-role',
  legacyNotebookRole: 'legacy-notebook-role',
  rotationFunctionRole: 'SecretsManagerRDSPostgreSQLRotationSingleUserRole-1A2B3C',
  cdkDeployRole: `cdk-hnb659fds-deploy-role-${ACCOUNT}-${REGION}`,
  cdkExecRole: `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`,
  platformDeployRole: `cdk-platform-deploy-role-${ACCOUNT}-${REGION}`,
  platformExecRole: `cdk-platform-cfn-exec-role-${ACCOUNT}-${REGION}`,
  scpExemptRole: 'stacksets-exec-escape',
  stackSetAdministrationRole: 'AWSCloudFormationStackSetAdministrationRole',
};
export const ATTACKER_USER = 'bounded-engineer';

/** The ARN of an actor's role (or user), as a request's resource or a policy's principal. */
export function arnOf(actor: Actor): string {
  return actor === 'attackerUser' ? `arn:${PARTITION}:iam::${ACCOUNT}:user/${ATTACKER_USER}` : roleArn(ROLE_NAMES[actor]);
}

/**
 * The deploy role of the CDK bootstrap template (aws-cdk's
 * bootstrap-template.yaml, DeploymentActionRole): CloudFormation writes on any
 * stack, passing its qualifier's execution role.
 */
function deployRolePolicy(execRole: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['cloudformation:CreateChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:CreateStack',
          'cloudformation:UpdateStack', 'cloudformation:RollbackStack', 'cloudformation:ContinueUpdateRollback', 'cloudformation:DeleteStack'],
        Resource: '*',
      },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn(execRole) },
    ],
  };
}

/** Every principal in the account, as configured by `config`. */
export function principalOf(actor: Actor, config: Config): Principal {
  switch (actor) {
    case 'attacker':
    case 'boundedRole':
    case 'boundedFunctionRole':
    case 'scpExemptRole':
      return { requestArn: session(ROLE_NAMES[actor]), identityPolicies: [ADMINISTRATOR_ACCESS], boundary: config.boundary };
    case 'attackerUser':
      return { requestArn: arnOf(actor), identityPolicies: [ADMINISTRATOR_ACCESS], boundary: config.boundary };
    case 'cdkDeployRole':
      return {
        requestArn: session(ROLE_NAMES[actor]),
        identityPolicies: [deployRolePolicy(ROLE_NAMES.cdkExecRole)],
        boundary: config.bootstrappedWithBoundary ? config.boundary : undefined,
      };
    case 'cdkExecRole':
      return {
        requestArn: session(ROLE_NAMES[actor]),
        identityPolicies: [ADMINISTRATOR_ACCESS],
        boundary: config.bootstrappedWithBoundary ? config.boundary : undefined,
      };
    case 'platformDeployRole':
      // The platform qualifier's bootstrap, used by administrators to deploy the boundary's own stack: no boundary.
      return { requestArn: session(ROLE_NAMES[actor]), identityPolicies: [deployRolePolicy(ROLE_NAMES.platformExecRole)] };
    default:
      // Principals that existed before the boundary: administrators without it.
      return { requestArn: session(ROLE_NAMES[actor]), identityPolicies: [ADMINISTRATOR_ACCESS] };
  }
}

/** A role's trust policy: the account (any principal its identity policies allow), a named principal, or a service. */
export function trustPolicy(trusted: { account: true } | { principal: string } | { service: string }): PolicyDocument {
  const principal = 'account' in trusted
    ? { AWS: `arn:${PARTITION}:iam::${ACCOUNT}:root` }
    : 'principal' in trusted ? { AWS: trusted.principal } : { Service: trusted.service };
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] };
}

/** A KMS key's default key policy: the account's IAM policies decide. */
export const DEFAULT_KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${PARTITION}:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/**
 * A service control policy like AWS Control Tower's Region deny control, with
 * the principal exemption it carries for the roles Control Tower and StackSets
 * deploy with (`ArnNotLike aws:PrincipalARN`), beside FullAWSAccess.
 */
export const REGION_DENY_SCP = {
  orgIdentifier: 'ou-a1b2-c3d4e5f6',
  policies: [
    { name: 'FullAWSAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
    {
      name: 'RegionDeny',
      policy: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Deny',
          NotAction: ['iam:*', 'sts:*', 'organizations:*', 'cloudfront:*', 'route53:*', 'support:*'],
          Resource: '*',
          Condition: {
            StringNotEquals: { 'aws:RequestedRegion': [REGION] },
            ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/AWSControlTowerExecution', 'arn:aws:iam::*:role/stacksets-exec-*'] },
          },
        }],
      },
    },
  ],
};
