import { ArnFormat, AspectPriority, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { attachBoundary } from './attach-boundary';
import { PERMISSIONS_BOUNDARY_POLICY } from './boundary-marker';
import { acknowledgeNagRules, acknowledgeWildcardFindings } from '../core/acknowledge';

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
   * (`aws:RequestedRegion`). Global services (IAM, STS, Organizations,
   * CloudFront, Route 53, Support, ...) are not limited.
   *
   * @default - every region
   */
  readonly allowedRegions?: string[];

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
}

/** Services whose requests are not bound to the region a role acts in. */
const GLOBAL_SERVICES = [
  'iam', 'sts', 'organizations', 'account', 'cloudfront', 'route53', 'route53domains', 'support', 'budgets', 'ce',
  'health', 'globalaccelerator', 'shield', 'waf', 'trustedadvisor', 'pricing', 'cur', 'aws-portal',
];
const PRINCIPAL_CREATION = ['iam:CreateRole', 'iam:CreateUser', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'];
const BOUNDARY_REMOVAL = ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'];
const POLICY_CHANGES = ['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'];
const ORGANIZATION_AND_ACCOUNT_CHANGES = [
  'organizations:LeaveOrganization', 'organizations:DeleteOrganization', 'organizations:RemoveAccountFromOrganization',
  'organizations:CloseAccount', 'account:CloseAccount', 'account:EnableRegion', 'account:DisableRegion',
  'account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation',
  'account:StartPrimaryEmailUpdate', 'account:AcceptPrimaryEmailUpdate',
];
const AUDIT_TRAIL_CHANGES = ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors'];
const SERVICE_PREFIX = /^[a-z0-9-]+$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

const CEILING_REASON = 'A permissions boundary grants nothing by itself: it is the ceiling that the identity policies of the roles ' +
  'and users it is attached to cannot exceed, so broad actions and resources here limit rather than grant.';

/**
 * A customer-managed policy that is the ceiling for every role and user it is
 * attached to, with deny statements that keep anyone below it from escaping:
 *
 * - no role or user can be created, or have its boundary replaced, unless this
 *   boundary is attached to it;
 * - no boundary can be removed;
 * - this policy cannot be changed or deleted;
 * - the account cannot leave or change its organization, close, or change its
 *   contacts and regions;
 * - CloudTrail trails cannot be stopped, deleted or reconfigured.
 *
 * `applyTo(scope)` attaches it to every role and user in `scope`, including
 * the ones aws-cdk-lib creates behind the scenes.
 */
export class PermissionsBoundary extends Construct {
  /** The boundary policy. */
  public readonly policy: iam.IManagedPolicy;

  /** The policy's name. */
  public readonly managedPolicyName: string;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    validateProps(props);
    super(scope, id);
    this.managedPolicyName = props.managedPolicyName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    const ownArn = this.arnIn(Stack.of(this));

    const allowed = [
      ...(props.statements ?? []),
      ...(props.services?.length ? [new iam.PolicyStatement({ actions: props.services.map((s) => `${s}:*`), resources: ['*'] })] : []),
    ];
    const denies = [
      new iam.PolicyStatement({
        sid: 'DenyPrincipalsWithoutThisBoundary',
        effect: iam.Effect.DENY,
        actions: PRINCIPAL_CREATION,
        resources: ['*'],
        conditions: { StringNotEquals: { 'iam:PermissionsBoundary': ownArn } },
      }),
      new iam.PolicyStatement({ sid: 'DenyBoundaryRemoval', effect: iam.Effect.DENY, actions: BOUNDARY_REMOVAL, resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'DenyChangesToThisBoundary', effect: iam.Effect.DENY, actions: POLICY_CHANGES, resources: [ownArn] }),
      new iam.PolicyStatement({ sid: 'DenyOrganizationAndAccountChanges', effect: iam.Effect.DENY, actions: ORGANIZATION_AND_ACCOUNT_CHANGES, resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'DenyAuditTrailChanges', effect: iam.Effect.DENY, actions: AUDIT_TRAIL_CHANGES, resources: ['*'] }),
    ];
    if (props.allowedRegions?.length) {
      denies.push(new iam.PolicyStatement({
        sid: 'DenyOutsideAllowedRegions',
        effect: iam.Effect.DENY,
        notActions: GLOBAL_SERVICES.map((service) => `${service}:*`),
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:RequestedRegion': props.allowedRegions } },
      }));
    }

    const policy = new iam.ManagedPolicy(this, 'Resource', {
      managedPolicyName: this.managedPolicyName,
      description: `Permissions boundary: the ceiling for roles and users of ${Stack.of(this).node.path} and the apps it is applied to`,
      statements: [...allowed, ...denies],
    });
    acknowledgeNagRules(policy.node.defaultChild as iam.CfnManagedPolicy,
      ...['AwsSolutions-IAM5',
        ...['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-IAMPolicyNoStatementsWithAdminAccess`),
        ...['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-IAMPolicyNoStatementsWithFullAccess`)].map((ruleId) => ({ id: ruleId, reason: CEILING_REASON })));
    // cdk-nag 3 reports every wildcard of AwsSolutions-IAM5 as its own finding.
    acknowledgeWildcardFindings(policy.node.defaultChild as iam.CfnManagedPolicy, CEILING_REASON);
    Object.defineProperty(policy.node.defaultChild, PERMISSIONS_BOUNDARY_POLICY, { value: true });
    this.policy = policy;
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
    attachBoundary(scope, {
      description: `PermissionsBoundary ${this.node.path}`,
      arnIn: (stack) => this.arnIn(stack),
      stack: Stack.of(this),
      policy: this.policy,
      priority: AspectPriority.MUTATING,
      warnIfNoRoles: true,
    });
  }

  /** The policy's ARN as written in `stack` (so other stacks need no cross-stack reference). */
  public arnIn(stack: Stack): string {
    return stack.formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: this.managedPolicyName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }
}

function validateProps(props: PermissionsBoundaryProps): void {
  if (!props.statements?.length && !props.services?.length) {
    throw new Error('A PermissionsBoundary needs `statements` or `services` that allow something, got neither: ' +
      'a boundary that allows nothing denies every action to every role it is attached to.');
  }
  for (const service of props.services ?? []) {
    if (!Token.isUnresolved(service) && !SERVICE_PREFIX.test(service)) {
      throw new Error(`\`services\` must hold service prefixes such as 's3' or 'dynamodb', got: '${service}'.`);
    }
  }
  if (props.managedPolicyName !== undefined && !Token.isUnresolved(props.managedPolicyName) && !POLICY_NAME.test(props.managedPolicyName)) {
    throw new Error(`\`managedPolicyName\` must be 1 to 128 letters, digits or +=,.@_- characters, got: '${props.managedPolicyName}'.`);
  }
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
