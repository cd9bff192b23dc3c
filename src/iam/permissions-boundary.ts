import { Annotations, ArnFormat, AspectPriority, Aspects, Aws, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct, IConstruct } from 'constructs';
import { attachBoundary } from './attach-boundary';
import { PERMISSIONS_BOUNDARY_POLICY } from './boundary-marker';
import type { AuditTrail } from '../audit/audit-trail';
import { acknowledgeNagRules, acknowledgeWildcardFindings } from '../core/acknowledge';
import { ControlTowerAcknowledgments } from '../core/control-tower-acknowledgments';
import {
  AUDIT_DESTINATION_ALLOWED, AUDIT_TRAIL_CHANGES, BOUNDARY_SETTING, CHANGES_TO_PRINCIPALS, CONTROL_TOWER_REGION_DENY_EXEMPTIONS,
  IDENTITY_CENTER_GRANTS, IDENTITY_PROVIDER_CHANGES, OPERATIONS_REUSING_A_STORED_ROLE, OPERATIONS_WITH_SERVICE_ROLE,
  ORGANIZATION_AND_ACCOUNT_CHANGES, POLICY_CHANGES, ROLE_USE, STACK_READS, USER_CREDENTIALS,
} from '../private/boundary-actions';
import { ruleIds } from '../private/nag-packs';
import { isKnownServicePrefix, matchingActions } from '../private/service-reference';
import { ReplicatedBucket } from '../storage/replicated-bucket';

/**
 * Where a CloudTrail trail delivers its logs. A `PermissionsBoundary` given
 * these keeps the principals below it from stopping the trail in effect
 * without touching the trail itself.
 */
export interface AuditTrailDestinations {
  /**
   * The S3 bucket the trail delivers to. Principals below the boundary cannot
   * delete it, or change its policy, ACL, ownership, encryption, versioning,
   * Object Lock, lifecycle or replication, nor delete its objects or change
   * their retention and legal holds.
   *
   * @default - the bucket is not protected
   */
  readonly bucket?: s3.IBucket;

  /**
   * The CloudWatch Logs log group the trail delivers to. Principals below the
   * boundary cannot delete it or its streams, or change its retention, its KMS
   * key or its subscription filters.
   *
   * @default - the log group is not protected
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * The KMS key that encrypts the trail's logs. Principals below the boundary
   * cannot schedule its deletion, disable it, replace its key policy or delete
   * its imported key material.
   *
   * @default - the key is not protected
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * Properties of a `PermissionsBoundary`.
 */
export interface PermissionsBoundaryProps {
  /**
   * The Allow statements that make up the ceiling. Statements that allow `*`
   * or `iam:*` are rejected unless `allowAdministrativeActions` is set.
   *
   * @default - none; `services` must then be given
   */
  readonly statements?: iam.PolicyStatement[];

  /**
   * A preset: service prefixes (`s3`, `dynamodb`, `lambda`, ...) whose actions
   * are all allowed, on any resource, below the ceiling.
   *
   * @default - none; `statements` must then be given
   */
  readonly services?: string[];

  /**
   * The regions in which roles and users below the ceiling may act
   * (`aws:RequestedRegion`). The global services and actions that AWS Control
   * Tower's Region deny control exempts (`PermissionsBoundary.REGION_DENY_EXEMPTIONS`:
   * IAM, STS, Organizations, CloudFront, Route 53, ACM, WAF, `s3:ListAllMyBuckets`,
   * ...) are not limited, nor are `regionDenyExemptions`.
   *
   * @default - every region
   */
  readonly allowedRegions?: string[];

  /**
   * More service prefixes (`bedrock`) or actions (`s3:GetBucketLocation`,
   * `lightsail:Get*`) that `allowedRegions` does not limit, beside the
   * Control Tower list. Each must be in the AWS service authorization reference.
   *
   * @default - only `PermissionsBoundary.REGION_DENY_EXEMPTIONS`
   */
  readonly regionDenyExemptions?: string[];

  /**
   * Allow statements that grant every action (`*`) or every IAM action
   * (`iam:*`) in the ceiling. The built-in denies still hold.
   *
   * @default false
   */
  readonly allowAdministrativeActions?: boolean;

  /**
   * The policy's name. The boundary needs a known name because its deny
   * statements refer to its own ARN.
   *
   * @default - a name derived from the construct path, unique in the account
   */
  readonly managedPolicyName?: string;

  /**
   * More CloudFormation stacks and stack sets, by name, that principals below
   * the boundary cannot update, delete, refactor or change the policy of, in
   * any region of this account. The stack that holds the boundary is always
   * protected. A name may hold `*`; a stack set's instances in this account
   * are stacks named `StackSet-<name>-<id>` (`StackSet-baseline-*`).
   *
   * @default - only the stack that holds the boundary
   */
  readonly protectedStackNames?: string[];

  /**
   * The audit trail's destinations (bucket, log group, KMS key), which
   * principals below the boundary then cannot delete or loosen. Trails
   * themselves (and event data stores) are always protected.
   *
   * @default - the destinations are not protected
   */
  readonly auditTrail?: AuditTrailDestinations;

  /**
   * Name patterns (`*` and `?` allowed) of roles without this boundary that
   * principals below it must not use, such as the CDK bootstrap roles
   * (`cdk-hnb659fds-*` for the default qualifier, or `cdk-*`): they may not
   * assume them, pass them to a service, or name them as a CloudFormation
   * service role. This closes the paths through the CDK bootstrap roles, at a
   * cost: principals below the boundary can no longer `cdk deploy` through
   * them. The roles match in every account; a role with a path is named with
   * it (`service-role/legacy-*`).
   *
   * @default - no role is denied by name
   */
  readonly unboundedRoleNamePatterns?: string[];

  /**
   * Make every CloudFormation stack update, change set, deletion and rollback
   * (and stack set creation and update) by a principal below the boundary
   * name a service role. Without one, CloudFormation reuses the role stored
   * with the stack, even for callers who may not pass it (CloudFormation API
   * Reference, UpdateStack `RoleARN`), and that role may lack the boundary:
   * the CDK execution role of an environment not bootstrapped with it. The
   * CDK CLI names the execution role for deployments, change sets, `cdk
   * destroy` and `cdk rollback`, so it keeps working through roles a bounded
   * principal may pass.
   *
   * @default false
   */
  readonly requireStackServiceRole?: boolean;
}

/** The whitespace-free size of a managed policy document that IAM accepts (IAM and AWS STS quotas). */
const MANAGED_POLICY_SIZE_QUOTA = 6144;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const STACK_NAME = /^[A-Za-z*][A-Za-z0-9*-]{0,127}$/;
const ROLE_NAME_PATTERN = /^([\w+=,.@*?-]+\/)*[\w+=,.@*?-]{1,64}$/;

const CEILING_REASON = 'A permissions boundary grants nothing by itself: it is the ceiling that the identity policies of the roles ' +
  'and users it is attached to cannot exceed, so broad actions and resources here limit rather than grant.';

/**
 * A customer-managed policy that is the ceiling for every role and user it is
 * attached to, with deny statements that keep anyone below it from escaping:
 *
 * - no role or user can be created, changed (policies, trust policy, settings)
 *   or deleted, or have its boundary replaced, unless this boundary is attached
 *   to it; no boundary can be removed;
 * - no IAM user's credentials can be created, re-enabled or reset;
 * - this policy, and the CloudFormation stack that holds it, cannot be changed
 *   or deleted;
 * - the account cannot leave or change its organization, close, or change its
 *   contacts and regions;
 * - CloudTrail trails and event data stores cannot be stopped, deleted or
 *   reconfigured.
 *
 * Opt-in props add the audit trail's destinations, more stacks, unbounded
 * roles by name (the CDK bootstrap roles) and a region limit. The README's
 * threat model lists what this prevents and what it does not, each line
 * backed by a simulated attack in the test suite.
 *
 * `applyTo(scope)` attaches it to every role and user in `scope`, including
 * the ones aws-cdk-lib creates behind the scenes.
 */
export class PermissionsBoundary extends Construct {
  /**
   * The global services and actions that `allowedRegions` never limits: the
   * exemptions of AWS Control Tower's Region deny control (GRREGIONDENY).
   */
  public static readonly REGION_DENY_EXEMPTIONS: string[] = [...CONTROL_TOWER_REGION_DENY_EXEMPTIONS];

  /** The boundary policy. */
  public readonly policy: iam.IManagedPolicy;

  /** The policy's name. */
  public readonly managedPolicyName: string;

  private readonly unboundedRoleNamePatterns: string[];
  private readonly allowedRegions?: string[];
  private readonly boundedRoleNames = new Map<string, string>();
  private protectsTrailDestinations: boolean;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    validateProps(props);
    super(scope, id);
    this.managedPolicyName = props.managedPolicyName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    this.unboundedRoleNamePatterns = props.unboundedRoleNamePatterns ?? [];
    this.allowedRegions = props.allowedRegions;
    this.protectsTrailDestinations = props.auditTrail !== undefined;
    const stack = Stack.of(this);
    const ownArn = this.arnIn(stack);

    const allowed = [
      ...(props.statements ?? []),
      ...(props.services?.length ? [new iam.PolicyStatement({ actions: props.services.map((s) => `${s}:*`), resources: ['*'] })] : []),
    ];
    const denies = [
      deny('UnboundedPrincipals', CHANGES_TO_PRINCIPALS, ['*'], { StringNotEquals: { 'iam:PermissionsBoundary': ownArn } }),
      deny('BoundaryPolicy', POLICY_CHANGES, [ownArn]),
      // One statement for every group denied on any resource: IAM counts each
      // statement's frame against the managed policy's size quota.
      deny('Escapes', [
        ...BOUNDARY_SETTING, ...USER_CREDENTIALS, ...IDENTITY_PROVIDER_CHANGES, ...IDENTITY_CENTER_GRANTS,
        ...ORGANIZATION_AND_ACCOUNT_CHANGES, ...AUDIT_TRAIL_CHANGES,
      ], ['*']),
      denyAllBut('ProtectedStacks', STACK_READS, this.protectedStackArns(props.protectedStackNames ?? [])),
      ...auditTrailDenies(props.auditTrail),
      ...this.unboundedRoleDenies(stack),
      ...(props.requireStackServiceRole
        ? [deny('StacksWithoutServiceRole', OPERATIONS_REUSING_A_STORED_ROLE, ['*'], { Null: { 'cloudformation:RoleArn': 'true' } })]
        : []),
    ];
    if (props.allowedRegions?.length) {
      denies.push(new iam.PolicyStatement({
        sid: 'OutsideAllowedRegions',
        effect: iam.Effect.DENY,
        notActions: [...new Set([...CONTROL_TOWER_REGION_DENY_EXEMPTIONS, ...(props.regionDenyExemptions ?? []).map(asActionPattern)])],
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:RequestedRegion': props.allowedRegions } },
      }));
    }

    const policy = new iam.ManagedPolicy(this, 'Resource', {
      managedPolicyName: this.managedPolicyName,
      description: `Permissions boundary: the ceiling for roles and users of ${stack.node.path} and the apps it is applied to`,
      statements: [...allowed, ...denies],
    });
    const cfnPolicy = policy.node.defaultChild as iam.CfnManagedPolicy;
    acknowledgeNagRules(cfnPolicy,
      ...['AwsSolutions-IAM5',
        ...ruleIds('IAMPolicyNoStatementsWithAdminAccess'),
        ...ruleIds('IAMPolicyNoStatementsWithFullAccess', ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'])].map((ruleId) => ({ id: ruleId, reason: CEILING_REASON })));
    // cdk-nag 3 reports every wildcard of AwsSolutions-IAM5 as its own finding.
    acknowledgeWildcardFindings(cfnPolicy, CEILING_REASON);
    ControlTowerAcknowledgments.add(cfnPolicy, 'CT.IAM.PR.3', CEILING_REASON);
    Object.defineProperty(cfnPolicy, PERMISSIONS_BOUNDARY_POLICY, { value: true });
    this.policy = policy;

    this.node.addValidation({ validate: () => [...this.validateSize(cfnPolicy), ...this.validateBoundedRoleNames()] });
  }

  /**
   * Protects an `AuditTrail` in this boundary's stack: principals below the
   * boundary cannot delete or loosen its log bucket (policy, Object Lock,
   * replication, objects), its log group or its key (found by its
   * `cdk-paved-road:audit-trail` tag, which they cannot remove either). The
   * trail itself is protected by every boundary. The trail must be in this
   * stack: the boundary names the trail's resources, and the trail's roles
   * need the boundary first, so from another stack the two would depend on
   * each other. A boundary protects one trail's destinations, and fails if
   * the trail or a replica of its bucket is in a region outside
   * `allowedRegions`: the boundary would stop what it protects.
   */
  public protectAuditTrail(trail: AuditTrail): void {
    if (this.protectsTrailDestinations) {
      throw new Error(`${this.node.path} already protects an audit trail's destinations (\`auditTrail\` or an earlier \`protectAuditTrail()\`); `
        + `got ${trail.node.path}. A boundary protects one trail.`);
    }
    if (Stack.of(trail) !== Stack.of(this)) {
      throw new Error(`\`protectAuditTrail()\` got ${trail.node.path}, in the stack ${Stack.of(trail).node.path}; the boundary is in ${Stack.of(this).node.path}. `
        + 'Put the trail in the boundary\'s stack: from another stack, the boundary would name the trail\'s resources and the trail\'s roles would need the boundary, each before the other.');
    }
    const regions = [Stack.of(trail).region, ...trail.bucket.destinationRegions];
    const outside = this.allowedRegions ? regions.filter((region) => !Token.isUnresolved(region) && !this.allowedRegions!.includes(region)) : [];
    if (outside.length > 0) {
      throw new Error(`\`protectAuditTrail()\` got ${trail.node.path}, whose log bucket or replicas are in ${[...new Set(outside)].map((r) => `'${r}'`).join(', ')}, `
        + `outside the boundary's \`allowedRegions\` (${this.allowedRegions!.map((r) => `'${r}'`).join(', ')}). Add the region to \`allowedRegions\`, or keep the trail in an allowed one.`);
    }
    const resources = trail._protectedResources;
    const stack = Stack.of(this);
    (this.policy as iam.ManagedPolicy).addStatements(
      denyAllBut('TrailDestinations', AUDIT_DESTINATION_ALLOWED, [...resources.bucketArns, ...resources.logGroupArns]),
      new iam.PolicyStatement({
        sid: 'TrailKey',
        effect: iam.Effect.DENY,
        notActions: AUDIT_DESTINATION_ALLOWED,
        resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
        conditions: { StringEquals: { [`aws:ResourceTag/${resources.keyTag.key}`]: resources.keyTag.value } },
      }),
    );
    this.protectsTrailDestinations = true;
  }

  /**
   * Attaches the boundary to every IAM role and user in `scope` when the app
   * is synthesized: L2 roles, L1 `CfnRole` and `CfnUser`, and the roles that
   * aws-cdk-lib creates internally (custom-resource providers, log retention,
   * bucket notifications, auto-delete). A boundary set explicitly on a role is
   * left alone, with a warning. Roles in this boundary's stack depend on the
   * policy; stacks other than this one's refer to the policy by name and
   * deploy after this one, so it must exist in their account.
   */
  public applyTo(scope: IConstruct): void {
    if (this.allowedRegions) {
      Aspects.of(scope).add({ visit: (node) => this.warnOfDeniedReplication(node) });
    }
    attachBoundary(scope, {
      description: `PermissionsBoundary ${this.node.path}`,
      arnIn: (stack) => this.arnIn(stack),
      stack: Stack.of(this),
      policy: this.policy,
      priority: AspectPriority.MUTATING,
      warnIfNoRoles: true,
      onAttached: (principal) => {
        const roleName = principal instanceof iam.CfnRole ? Stack.of(principal).resolve(principal.roleName) : undefined;
        if (typeof roleName === 'string') {
          this.boundedRoleNames.set(roleName, principal.node.path);
        }
      },
    });
  }

  /**
   * S3 replicates with the bucket's replication role, which writes to each
   * destination in the destination's region: a region the boundary denies
   * would stop replication there without an error anyone sees.
   */
  private warnOfDeniedReplication(node: IConstruct): void {
    if (!(node instanceof ReplicatedBucket) || !this.allowedRegions) {
      return;
    }
    const allowed = this.allowedRegions;
    node.destinationRegions.forEach((region, index) => {
      if (!Token.isUnresolved(region) && !allowed.includes(region)) {
        Annotations.of(node).addWarningV2('cdk-paved-road:replication-region-denied',
          `\`allowedRegions\` of ${this.node.path} (${allowed.join(', ')}) leaves out ${region}, where \`destinations[${index}]\` of ` +
          `${node.node.path} is: the boundary denies its replication role there, so objects would not replicate. ` +
          `Add ${region} to \`allowedRegions\`, or give the ReplicatedBucket a boundary of its own (\`permissionsBoundary\`).`);
      }
    });
  }

  /** The policy's ARN as written in `stack` (so other stacks need no cross-stack reference). */
  public arnIn(stack: Stack): string {
    return stack.formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: this.managedPolicyName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }

  /**
   * The stack that holds the boundary (by its id, so a stack deployed under
   * another name is covered too), the root stack when that one is nested, and
   * the stacks and stack sets of `names`.
   */
  private protectedStackArns(names: string[]): string[] {
    const stack = Stack.of(this);
    let root = stack;
    while (root.nestedStackParent) {
      root = root.nestedStackParent;
    }
    const byName = (name: string, region?: string) => stack.formatArn({
      service: 'cloudformation', region, resource: 'stack', resourceName: `${name}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const stackSet = (name: string) => stack.formatArn({
      service: 'cloudformation', region: '*', resource: 'stackset', resourceName: `${name}:*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return [
      Aws.STACK_ID,
      ...(root !== stack ? [byName(root.stackName)] : []),
      ...names.flatMap((name) => [byName(name, '*'), stackSet(name)]),
    ];
  }

  private unboundedRoleDenies(stack: Stack): iam.PolicyStatement[] {
    if (this.unboundedRoleNamePatterns.length === 0) {
      return [];
    }
    const roleArns = this.unboundedRoleNamePatterns.map((pattern) => `arn:${stack.partition}:iam::*:role/${pattern}`);
    return [
      deny('UnboundedRoles', ROLE_USE, roleArns),
      deny('StacksWithUnboundedRoles', OPERATIONS_WITH_SERVICE_ROLE, ['*'], { ArnLike: { 'cloudformation:RoleArn': roleArns } }),
    ];
  }

  /** IAM rejects a managed policy over its size quota only at deploy time; say so at synth. */
  private validateSize(policy: iam.CfnManagedPolicy): string[] {
    const size = estimatedPolicySize(Stack.of(policy).resolve(policy.policyDocument), Stack.of(this));
    if (size <= MANAGED_POLICY_SIZE_QUOTA) {
      return [];
    }
    return [`The PermissionsBoundary policy ${this.node.path} would hold about ${size} characters without whitespace, over IAM's quota of ` +
      `${MANAGED_POLICY_SIZE_QUOTA} for a managed policy. Shorten \`statements\` or \`services\` (a service prefix with \`*\` ` +
      'covers many actions), or fewer `regionDenyExemptions`, `protectedStackNames` or `unboundedRoleNamePatterns`.'];
  }

  /** A role that carries this boundary but matches `unboundedRoleNamePatterns` could not be used by anyone below it. */
  private validateBoundedRoleNames(): string[] {
    const errors: string[] = [];
    for (const [roleName, path] of this.boundedRoleNames) {
      const pattern = this.unboundedRoleNamePatterns.find((p) => globToRegExp(p).test(roleName));
      if (pattern) {
        errors.push(`\`unboundedRoleNamePatterns\` entry '${pattern}' matches the role '${roleName}' (${path}), which carries this boundary: ` +
          'principals below the boundary could then neither assume nor pass it. Name only roles without this boundary.');
      }
    }
    return errors;
  }
}

function deny(sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, actions, resources, conditions });
}

/** Denies every action but `allowed` on `resources`, whatever the service adds later. */
function denyAllBut(sid: string, allowed: string[], resources: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, notActions: allowed, resources });
}

function auditTrailDenies(destinations: AuditTrailDestinations | undefined): iam.PolicyStatement[] {
  if (!destinations) {
    return [];
  }
  const { bucket, logGroup, encryptionKey } = destinations;
  return [denyAllBut('TrailDestinations', AUDIT_DESTINATION_ALLOWED, [
    ...(bucket ? [bucket.bucketArn, bucket.arnForObjects('*')] : []),
    ...(logGroup ? logGroupArns(logGroup) : []),
    ...(encryptionKey ? [encryptionKey.keyArn] : []),
  ])];
}

/** The log group and its streams: aws-cdk-lib's `logGroupArn` ends in `:*`, which IAM reads as the streams only for some actions. */
function logGroupArns(logGroup: logs.ILogGroup): string[] {
  const stack = Stack.of(logGroup);
  const group = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return [group, `${group}:*`];
}

/** `bedrock` means every action of the service; an action or action pattern stays as it is. */
function asActionPattern(exemption: string): string {
  return exemption.includes(':') ? exemption : `${exemption}:*`;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/**
 * The size IAM counts (no whitespace) of a resolved policy document, with each
 * CloudFormation expression replaced by the value it takes in `stack` where
 * that is known, and by the longest value it can take where it is not.
 */
function estimatedPolicySize(document: unknown, stack: Stack): number {
  const region = Token.isUnresolved(stack.region) ? 'ap-southeast-5' : stack.region;
  const partition = (Token.isUnresolved(stack.region) ? undefined : RegionInfo.get(stack.region).partition) ?? 'aws-us-gov';
  const pseudo: Record<string, string> = {
    'AWS::Partition': partition,
    'AWS::AccountId': '123456789012',
    'AWS::Region': region,
    'AWS::StackName': stack.stackName,
    'AWS::StackId': `arn:${partition}:cloudformation:${region}:123456789012:stack/${stack.stackName}/${'0'.repeat(36)}`,
  };
  const render = (node: any): any => {
    if (Array.isArray(node)) {
      return node.map(render);
    }
    if (node && typeof node === 'object') {
      if (node.Ref !== undefined) {
        return pseudo[node.Ref] ?? 'x'.repeat(128);
      }
      if (node['Fn::Join']) {
        const [delimiter, parts] = node['Fn::Join'];
        return (parts as unknown[]).map(render).join(delimiter);
      }
      if (node['Fn::GetAtt'] || node['Fn::ImportValue'] || node['Fn::Select'] || node['Fn::Sub']) {
        return 'x'.repeat(128);
      }
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, render(value)]));
    }
    return node;
  };
  return JSON.stringify(render(document)).length;
}

function validateServicePrefix(prop: string, value: string, actionsAllowed: boolean): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  const [service, action] = value.split(':');
  const known = isKnownServicePrefix(service) && (action === undefined
    ? !value.includes(':')
    : actionsAllowed && (matchingActions(value)?.length ?? 0) > 0);
  if (!known) {
    const valid = actionsAllowed
      ? 'service prefixes (such as \'bedrock\') or actions (such as \'s3:GetBucketLocation\', which may hold * and ?)'
      : 'service prefixes such as \'s3\' or \'dynamodb\'';
    throw new Error(`\`${prop}\` must hold ${valid} from the AWS service authorization reference, got: '${value}'.`);
  }
}

function validateProps(props: PermissionsBoundaryProps): void {
  if (!props.statements?.length && !props.services?.length) {
    throw new Error('A PermissionsBoundary needs `statements` or `services` that allow something, got neither: ' +
      'a boundary that allows nothing denies every action to every role it is attached to.');
  }
  for (const service of props.services ?? []) {
    validateServicePrefix('services', service, false);
  }
  if (props.managedPolicyName !== undefined && !Token.isUnresolved(props.managedPolicyName) && !POLICY_NAME.test(props.managedPolicyName)) {
    throw new Error(`\`managedPolicyName\` must be 1 to 128 letters, digits or +=,.@_- characters, got: '${props.managedPolicyName}'.`);
  }
  validateRegions(props);
  validateNamedProtections(props);
  if (props.allowAdministrativeActions) {
    return;
  }
  const administrative = [
    ...(props.statements ?? []).filter((s) => s.effect === iam.Effect.ALLOW).flatMap((s) => s.actions),
    ...(props.services ?? []).map((s) => `${s}:*`),
  ].filter((action) => action === '*' || action.toLowerCase() === 'iam:*');
  if (administrative.length > 0) {
    throw new Error(`A PermissionsBoundary statement allows ${[...new Set(administrative)].map((a) => `'${a}'`).join(', ')}, ` +
      'which lets roles below it administer IAM or everything. Name the actions, or set `allowAdministrativeActions: true` if that is the intent.');
  }
}

function validateRegions(props: PermissionsBoundaryProps): void {
  if (props.allowedRegions !== undefined && props.allowedRegions.length === 0) {
    throw new Error('`allowedRegions` names no region; name at least one (such as \'eu-west-1\'), or leave it out to allow every region.');
  }
  for (const region of props.allowedRegions ?? []) {
    if (!Token.isUnresolved(region) && !REGION.test(region)) {
      throw new Error(`\`allowedRegions\` must hold region names such as 'eu-west-1', got: '${region}'.`);
    }
  }
  if (props.regionDenyExemptions !== undefined) {
    if (!props.allowedRegions?.length) {
      throw new Error('`regionDenyExemptions` has no effect without `allowedRegions`: nothing is limited to regions to exempt it from.');
    }
    if (props.regionDenyExemptions.length === 0) {
      throw new Error('`regionDenyExemptions` names nothing; name service prefixes or actions, or leave it out.');
    }
    for (const exemption of props.regionDenyExemptions) {
      validateServicePrefix('regionDenyExemptions', exemption, true);
    }
  }
}

function validateNamedProtections(props: PermissionsBoundaryProps): void {
  if (props.protectedStackNames !== undefined) {
    if (props.protectedStackNames.length === 0) {
      throw new Error('`protectedStackNames` names no stack; the stack that holds the boundary is always protected, so leave it out or name more stacks.');
    }
    for (const name of props.protectedStackNames) {
      if (!Token.isUnresolved(name) && !STACK_NAME.test(name)) {
        throw new Error(`\`protectedStackNames\` must hold CloudFormation stack names (a letter, then up to 127 letters, digits or hyphens; * allowed), got: '${name}'.`);
      }
    }
  }
  if (props.auditTrail !== undefined && !props.auditTrail.bucket && !props.auditTrail.logGroup && !props.auditTrail.encryptionKey) {
    throw new Error('`auditTrail` names none of `bucket`, `logGroup` or `encryptionKey`; name the trail\'s destinations, or leave it out.');
  }
  if (props.unboundedRoleNamePatterns !== undefined) {
    if (props.unboundedRoleNamePatterns.length === 0) {
      throw new Error('`unboundedRoleNamePatterns` names no role; name patterns such as \'cdk-*\', or leave it out.');
    }
    for (const pattern of props.unboundedRoleNamePatterns) {
      if (Token.isUnresolved(pattern)) {
        continue;
      }
      if (!ROLE_NAME_PATTERN.test(pattern)) {
        throw new Error('`unboundedRoleNamePatterns` must hold role name patterns (up to 64 letters, digits, +=,.@_- or * and ?, ' +
          `after an optional path such as 'service-role/'), got: '${pattern}'.`);
      }
      if (/^[*?/]+$/.test(pattern)) {
        throw new Error(`\`unboundedRoleNamePatterns\` entry '${pattern}' matches every role, including the ones that carry this boundary, ` +
          'which principals below it must be able to pass to services. Name the unbounded roles, such as \'cdk-*\'.');
      }
    }
  }
}
