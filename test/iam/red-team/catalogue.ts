/**
 * The red-team catalogue of `PermissionsBoundary`: the threat model (what the
 * README says the boundary prevents and does not prevent, word for word), the
 * privilege-escalation techniques of the public catalogues as concrete
 * requests, each under one line of the threat model with its expected verdict
 * in every configuration, and the legitimate operations that must stay allowed.
 *
 * Sources:
 * - RSL-n: Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (methods 1 to 21).
 * - BF: Bishop Fox, iam-vulnerable (its privilege-escalation paths beyond Rhino's).
 * - PR: paths specific to this library's setting (CDK bootstrap roles, CloudFormation
 *   stacks, the audit trail, regions), from the issue that hardened the boundary.
 *
 * An attacker is a role (or user) below the boundary whose identity policy is
 * AdministratorAccess: whatever it is denied, the boundary denied.
 */
import {
  Actor, ACCOUNT, arnOf, ConfigName, DEFAULT_KEY_POLICY, PolicyDocument, PROTECTED_STACK, REGION, REGION_DENY_SCP, ROLE_NAMES,
  TRAIL_BUCKET, TRAIL_KEY_ARN, TRAIL_LOG_GROUP, trustPolicy,
} from './world';

export type Verdict = 'blocked' | 'contained' | 'open';

/** One request to AWS: who makes it, the action, the resource, its condition keys and the resource's own policy. */
export interface Request {
  readonly by: Actor;
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request. `$BOUNDARY` is this configuration's boundary ARN, `$BOUNDARY_STACK` its stack's ARN. */
  readonly context?: Record<string, string | string[]>;
  /** The resource's policy (a role's trust policy, a key policy, a queue policy). */
  readonly resourcePolicy?: PolicyDocument;
  /** Service control policies over the account, for the techniques that are about them. */
  readonly serviceControlPolicies?: Array<typeof REGION_DENY_SCP>;
  /** Documented AWS behaviour the evaluator does not model, which this step stands for. */
  readonly note?: string;
}

export interface Technique {
  readonly id: string;
  readonly title: string;
  readonly claim: ClaimId;
  readonly steps: Request[];
  /** The action beyond the boundary (minting an unbounded role), tried by the principal the chain produced. */
  readonly goal?: Request;
  readonly expected: Record<ConfigName, Verdict>;
}

export interface LegitimateOperation {
  readonly title: string;
  readonly request: Request;
  /** The configurations whose ceiling grants this operation; in those it must be allowed. */
  readonly configs: ConfigName[];
}

/**
 * The threat model. `prevents` claims hold in the configurations named by
 * `holdsIn` (where the setting they depend on is in force); `doesNotPrevent`
 * claims name what stays open. The README lists these texts, in this order.
 */
export const PREVENTS = {
  principals: {
    text: 'It cannot create a role or user unless this same boundary is attached to it, nor put a boundary on an existing one, ' +
      'this boundary included: for `iam:Put*PermissionsBoundary` IAM\'s condition key names the boundary being set, so allowing ' +
      'this one would let it put the boundary on an unbounded role and then take that role over.',
    holdsIn: 'always',
  },
  unboundedPrincipals: {
    text: 'It cannot change a role or user that lacks this boundary: attach, detach, put or delete its policies, rewrite a role\'s ' +
      'trust policy, update or delete a role. Nor can it replace the SAML or OIDC identity providers that trust policies name. ' +
      'So it cannot widen a principal outside the boundary, or sign in as one, and then use it.',
    holdsIn: 'always',
  },
  contained: {
    text: 'What it does to itself and to principals under the same boundary (new versions of its own policies, group memberships, ' +
      'policies and trust policies of bounded roles, bounded roles passed to EC2, Lambda or Glue) stays below the ceiling.',
    holdsIn: 'always',
  },
  removal: {
    text: 'It cannot remove a permissions boundary from any role or user.',
    holdsIn: 'always',
  },
  boundaryPolicy: {
    text: 'It cannot change or delete this boundary policy (new, default or deleted versions, deletion).',
    holdsIn: 'always',
  },
  credentials: {
    text: 'It cannot create, re-enable or reset the credentials of an IAM user (access keys, passwords, service-specific credentials, ' +
      'SSH keys, signing certificates) or deactivate a user\'s MFA device. IAM offers no condition key for the user\'s boundary on ' +
      'these actions, so this holds for every user, bounded ones included.',
    holdsIn: 'always',
  },
  boundaryStack: {
    text: 'It cannot update, delete, refactor or change the stack policy of the CloudFormation stack that holds this boundary; it can only read it.',
    holdsIn: 'always',
  },
  organization: {
    text: 'It cannot take the account out of its organization or into another, create, move or close accounts, change or delegate ' +
      'the organization\'s policies, change the account\'s name, contacts or regions, open a root session in a member account, ' +
      'or grant access through IAM Identity Center (account assignments, permission set policies and provisioning, group memberships).',
    holdsIn: 'always',
  },
  trail: {
    text: 'It cannot stop, delete or reconfigure CloudTrail trails, event data stores or channels.',
    holdsIn: 'always',
  },
  trailDestinations: {
    text: 'With `auditTrail`, it can only read the trail\'s bucket, log group and KMS key, and add events to the log group (as ' +
      'CloudTrail\'s delivery role must): it cannot delete them, change their policies, lifecycle or retention, schedule the key\'s ' +
      'deletion, or delete or overwrite log files.',
    holdsIn: 'hardened',
  },
  protectedStacks: {
    text: 'With `protectedStackNames`, the same holds for the stacks and stack sets named there.',
    holdsIn: 'hardened',
  },
  unboundedRoles: {
    text: 'With `unboundedRoleNamePatterns`, it cannot assume or pass the roles named there (the CDK bootstrap roles), or name ' +
      'them as a CloudFormation service role.',
    holdsIn: 'hardened',
  },
  storedRoles: {
    text: 'With `requireStackServiceRole`, it cannot update or delete a stack, or create a change set or stack set, without ' +
      'naming a service role it may pass, so CloudFormation never reuses a stored role outside the boundary for it.',
    holdsIn: 'hardened',
  },
  bootstrap: {
    text: 'In an environment bootstrapped with `cdk bootstrap --custom-permissions-boundary <this policy\'s name> ' +
      '--apply-permissions-boundary-to-all-roles`, with the boundary\'s own stack deployed through a separately bootstrapped ' +
      'qualifier whose roles `unboundedRoleNamePatterns` names, what CloudFormation does for it through the CDK bootstrap roles ' +
      'is bounded too, in stacks that store the execution role included.',
    holdsIn: 'bootstrapped',
  },
  regions: {
    text: 'With `allowedRegions`, it cannot act in other regions, except through the global services and actions that AWS ' +
      'Control Tower\'s Region deny control exempts (`PermissionsBoundary.REGION_DENY_EXEMPTIONS`) and `regionDenyExemptions`.',
    holdsIn: ['hardened', 'services'],
  },
} as const;

export const DOES_NOT_PREVENT = {
  existingPrincipals: {
    text: 'Principals that existed before the boundary and lack it: a role whose trust policy already lets it in, or a role it may ' +
      'pass to a service (EC2, Lambda, Glue, CodeBuild, SageMaker, Data Pipeline), the customer-managed policies attached to ' +
      'them and the groups of unbounded users, which it can change. The CDK bootstrap roles are such roles unless the ' +
      'environment is bootstrapped with the boundary or they are named in `unboundedRoleNamePatterns`.',
  },
  runningCompute: {
    text: 'Compute that already runs as an unbounded principal: a principal allowed to change its code or configuration (Lambda ' +
      'function code, EC2 launch templates, Systems Manager commands and sessions, EC2 Instance Connect keys, CodeBuild builds, ' +
      'Glue development endpoints, SageMaker notebooks) runs code as that principal. Keep such services out of the ceiling, or ' +
      'scope them to your own resources in `statements`.',
  },
  directGrants: {
    text: 'Trust and resource policies that name a bounded principal directly: a trust policy that names an IAM user, or a ' +
      'bucket, key, queue or secret policy that names a user or a role session, grants what the ceiling does not (IAM\'s ' +
      'policy evaluation logic for requests within one account).',
  },
  namesAndTags: {
    text: 'Names and tags that other policies trust: it can tag itself and name the bounded roles it creates, so conditions on ' +
      'principal tags or names elsewhere (attribute-based access control, or SCP exemptions such as the `stacksets-exec-*` ' +
      'roles of the Control Tower Region deny control) do not hold against it.',
  },
  serviceLinkedRoles: {
    text: 'Service-linked roles, which cannot carry a boundary; only their service can assume them.',
  },
  rotationRole: {
    text: 'The rotation function\'s role inside the Secrets Manager rotation application (Serverless Application Repository) ' +
      'that `MultiAzDatabase` deploys: the boundary does not reach into that nested stack, so a principal that may change ' +
      'Lambda code can run code as it.',
  },
  regionExemptions: {
    text: 'With `allowedRegions`, the services and actions that the Control Tower Region deny control exempts still work in ' +
      'every region, KMS among them; narrow the ceiling\'s `statements` where that matters.',
  },
} as const;

export type ClaimId = keyof typeof PREVENTS | keyof typeof DOES_NOT_PREVENT;

// ---------------------------------------------------------------------------
// Resources and conditions
// ---------------------------------------------------------------------------

const iamArn = (resource: string) => `arn:aws:iam::${ACCOUNT}:${resource}`;
const role = (name: string) => iamArn(`role/${name}`);
const user = (name: string) => iamArn(`user/${name}`);
const group = (name: string) => iamArn(`group/${name}`);
const policy = (name: string) => iamArn(`policy/${name}`);
const regional = (service: string, resource: string, region = REGION) => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
const stack = (name: string) => regional('cloudformation', `stack/${name}/7d2c1f80-9d50-11ef-a1b2-0a1b2c3d4e5f`);

const ADMINISTRATOR_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const THIS_BOUNDARY = { 'iam:PermissionsBoundary': '$BOUNDARY' };
const OTHER_BOUNDARY = policy('team-boundary');
const INSTANCE = regional('ec2', 'instance/i-0a1b2c3d4e5f60718');
const TRAIL = regional('cloudtrail', 'trail/organization-trail');
const EVENT_DATA_STORE = regional('cloudtrail', 'eventdatastore/a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d');
const ORGANIZATION_ROOT = 'arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-a1b2';
const SCP = 'arn:aws:organizations::111111111111:policy/o-a1b2c3d4e5/service_control_policy/p-a1b2c3d4';
const MEMBER_ACCOUNT = `arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/${ACCOUNT}`;
const OU = 'arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-a1b2-c3d4e5f6';
const ACCOUNT_ARN = `arn:aws:account::${ACCOUNT}:account`;
const PERMISSION_SET = 'arn:aws:sso:::permissionSet/ssoins-a1b2c3d4e5f6a7b8/ps-a1b2c3d4e5f6a7b8';
const CDK_STACK = stack('WebAppApi');

/** The out-of-boundary action at the end of a chain: minting an administrator role without the boundary. */
const mintUnboundedRole = (by: Actor): Request => ({ by, action: 'iam:CreateRole', resource: role('escalated') });
const passRole = (by: Actor, actor: Actor, service: string): Request =>
  ({ by, action: 'iam:PassRole', resource: arnOf(actor), context: { 'iam:PassedToService': service } });
const assume = (by: Actor, actor: Actor, resourcePolicy: PolicyDocument): Request =>
  ({ by, action: 'sts:AssumeRole', resource: arnOf(actor), resourcePolicy });
const createBoundedRole: Request[] = [
  { by: 'attacker', action: 'iam:CreateRole', resource: arnOf('boundedRole'), context: THIS_BOUNDARY },
  { by: 'attacker', action: 'iam:AttachRolePolicy', resource: arnOf('boundedRole'), context: { ...THIS_BOUNDARY, 'iam:PolicyARN': ADMINISTRATOR_POLICY } },
];

// ---------------------------------------------------------------------------
// Expected verdicts
// ---------------------------------------------------------------------------

const everywhere = (verdict: Verdict): Record<ConfigName, Verdict> =>
  ({ administrator: verdict, bootstrapped: verdict, hardened: verdict, services: verdict, referenceApp: verdict });
/** Contained where IAM is in the ceiling (the administrator ceilings); blocked where it is not (services, referenceApp). */
const containedWhereIamIsAllowed = { ...everywhere('contained'), services: 'blocked', referenceApp: 'blocked' } as const;
/** Open wherever the service is in the ceiling and no opt-in setting closes it. */
const openWithAdministratorCeiling = { ...everywhere('open'), services: 'blocked', referenceApp: 'blocked' } as const;

// ---------------------------------------------------------------------------
// Techniques
// ---------------------------------------------------------------------------

export const TECHNIQUES: Technique[] = [
  // Creating principals outside the boundary.
  {
    id: 'PR-create-role',
    title: 'Create a role without a boundary, to assume it',
    claim: 'principals',
    steps: [{ by: 'attacker', action: 'iam:CreateRole', resource: role('escape') }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-create-role-other-boundary',
    title: 'Create a role with another, looser boundary',
    claim: 'principals',
    steps: [{ by: 'attacker', action: 'iam:CreateRole', resource: role('escape'), context: { 'iam:PermissionsBoundary': OTHER_BOUNDARY } }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-create-user',
    title: 'Create an IAM user without a boundary',
    claim: 'principals',
    steps: [{ by: 'attacker', action: 'iam:CreateUser', resource: user('escape') }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-replace-own-boundary',
    title: 'Replace its own boundary with a looser policy',
    claim: 'principals',
    steps: [{ by: 'attacker', action: 'iam:PutRolePermissionsBoundary', resource: arnOf('attacker'), context: { 'iam:PermissionsBoundary': OTHER_BOUNDARY } }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-replace-user-boundary',
    title: 'Replace a user\'s boundary with a looser policy',
    claim: 'principals',
    steps: [{ by: 'attacker', action: 'iam:PutUserPermissionsBoundary', resource: arnOf('attackerUser'), context: { 'iam:PermissionsBoundary': OTHER_BOUNDARY } }],
    expected: everywhere('blocked'),
  },

  {
    id: 'PR-adopt-unbounded-role',
    title: 'Put this boundary on an existing unbounded role, rewrite its trust policy and assume it (keeping the grants that name it)',
    claim: 'principals',
    steps: [
      { by: 'attacker', action: 'iam:PutRolePermissionsBoundary', resource: arnOf('legacyAdmin'), context: THIS_BOUNDARY },
      { by: 'attacker', action: 'iam:UpdateAssumeRolePolicy', resource: arnOf('legacyAdmin'), context: THIS_BOUNDARY },
      assume('attacker', 'legacyAdmin', trustPolicy({ principal: arnOf('attacker') })),
    ],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-adopt-unbounded-user',
    title: 'Put this boundary on an existing unbounded user, to change its policies',
    claim: 'principals',
    steps: [{ by: 'attacker', action: 'iam:PutUserPermissionsBoundary', resource: user('legacy-operator'), context: THIS_BOUNDARY }],
    expected: everywhere('blocked'),
  },

  // Changing principals that lack the boundary.
  {
    id: 'RSL-9',
    title: 'Attach AdministratorAccess to an unbounded role, then assume it',
    claim: 'unboundedPrincipals',
    steps: [
      { by: 'attacker', action: 'iam:AttachRolePolicy', resource: role('legacy-app'), context: { 'iam:PolicyARN': ADMINISTRATOR_POLICY } },
      assume('attacker', 'legacyAdmin', trustPolicy({ account: true })),
    ],
    expected: everywhere('blocked'),
  },
  {
    id: 'RSL-12',
    title: 'Put an inline administrator policy on an unbounded role',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:PutRolePolicy', resource: role('legacy-app') }],
    expected: everywhere('blocked'),
  },
  {
    id: 'RSL-14',
    title: 'Rewrite an unbounded role\'s trust policy to trust itself, then assume the role',
    claim: 'unboundedPrincipals',
    steps: [
      { by: 'attacker', action: 'iam:UpdateAssumeRolePolicy', resource: arnOf('legacyAdmin') },
      assume('attacker', 'legacyAdmin', trustPolicy({ principal: arnOf('attacker') })),
    ],
    goal: mintUnboundedRole('legacyAdmin'),
    expected: everywhere('blocked'),
  },
  {
    id: 'RSL-7-unbounded',
    title: 'Attach AdministratorAccess to an unbounded user',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:AttachUserPolicy', resource: user('legacy-operator'), context: { 'iam:PolicyARN': ADMINISTRATOR_POLICY } }],
    expected: everywhere('blocked'),
  },
  {
    id: 'RSL-10-unbounded',
    title: 'Put an inline administrator policy on an unbounded user',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:PutUserPolicy', resource: user('legacy-operator') }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-detach-role-deny',
    title: 'Detach the deny policy that limits an unbounded role',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:DetachRolePolicy', resource: role('legacy-app'), context: { 'iam:PolicyARN': policy('deny-production-data') } }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-delete-role-deny',
    title: 'Delete the inline deny policy of an unbounded role',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:DeleteRolePolicy', resource: role('legacy-app') }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-detach-user-deny',
    title: 'Detach the deny policy that limits an unbounded user',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:DetachUserPolicy', resource: user('legacy-operator'), context: { 'iam:PolicyARN': policy('deny-production-data') } }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-delete-user-deny',
    title: 'Delete the inline deny policy of an unbounded user',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:DeleteUserPolicy', resource: user('legacy-operator') }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-update-unbounded-role',
    title: 'Lengthen the sessions of an unbounded role',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:UpdateRole', resource: arnOf('legacyAdmin') }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-delete-unbounded-role',
    title: 'Delete an unbounded role that services still name, to take over its name',
    claim: 'unboundedPrincipals',
    steps: [{ by: 'attacker', action: 'iam:DeleteRole', resource: arnOf('legacyAdmin') }],
    expected: everywhere('blocked'),
  },

  ...([
    ['PR-saml-provider-keys', 'Replace the signing keys of the SAML provider that administrator roles trust', 'iam:UpdateSAMLProvider', iamArn('saml-provider/CorporateIdP')],
    ['PR-saml-provider-recreate', 'Delete the SAML provider, to create one of the same name with its own keys', 'iam:DeleteSAMLProvider', iamArn('saml-provider/CorporateIdP')],
    ['PR-oidc-thumbprint', 'Replace the thumbprint of the OIDC provider that deployment roles trust', 'iam:UpdateOpenIDConnectProviderThumbprint', iamArn('oidc-provider/token.actions.githubusercontent.com')],
    ['PR-oidc-audience', 'Add an audience of its own to the OIDC provider', 'iam:AddClientIDToOpenIDConnectProvider', iamArn('oidc-provider/token.actions.githubusercontent.com')],
    ['PR-oidc-recreate', 'Delete the OIDC provider, to create one of the same URL with its own thumbprint', 'iam:DeleteOpenIDConnectProvider', iamArn('oidc-provider/token.actions.githubusercontent.com')],
  ] as const).map(([id, title, action, resource]): Technique => ({
    id, title, claim: 'unboundedPrincipals', steps: [{ by: 'attacker', action, resource }], expected: everywhere('blocked'),
  })),

  // What stays below the ceiling.
  {
    id: 'RSL-1',
    title: 'Create a new default version of its own policy',
    claim: 'contained',
    steps: [{ by: 'attacker', action: 'iam:CreatePolicyVersion', resource: policy('bounded-developer-policy') }],
    goal: mintUnboundedRole('attacker'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-2',
    title: 'Set an older, wider version of its own policy as the default',
    claim: 'contained',
    steps: [{ by: 'attacker', action: 'iam:SetDefaultPolicyVersion', resource: policy('bounded-developer-policy') }],
    goal: mintUnboundedRole('attacker'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-7',
    title: 'Attach AdministratorAccess to itself (a user)',
    claim: 'contained',
    steps: [{ by: 'attackerUser', action: 'iam:AttachUserPolicy', resource: arnOf('attackerUser'), context: { ...THIS_BOUNDARY, 'iam:PolicyARN': ADMINISTRATOR_POLICY } }],
    goal: mintUnboundedRole('attackerUser'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-8',
    title: 'Attach AdministratorAccess to its own group',
    claim: 'contained',
    steps: [{ by: 'attackerUser', action: 'iam:AttachGroupPolicy', resource: group('developers'), context: { 'iam:PolicyARN': ADMINISTRATOR_POLICY } }],
    goal: mintUnboundedRole('attackerUser'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-10',
    title: 'Put an inline administrator policy on itself (a user)',
    claim: 'contained',
    steps: [{ by: 'attackerUser', action: 'iam:PutUserPolicy', resource: arnOf('attackerUser'), context: THIS_BOUNDARY }],
    goal: mintUnboundedRole('attackerUser'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-11',
    title: 'Put an inline administrator policy on its own group',
    claim: 'contained',
    steps: [{ by: 'attackerUser', action: 'iam:PutGroupPolicy', resource: group('developers') }],
    goal: mintUnboundedRole('attackerUser'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-13',
    title: 'Add itself to the administrators group',
    claim: 'contained',
    steps: [{ by: 'attackerUser', action: 'iam:AddUserToGroup', resource: group('administrators') }],
    goal: mintUnboundedRole('attackerUser'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-9-self',
    title: 'Attach AdministratorAccess to its own role',
    claim: 'contained',
    steps: [{ by: 'attacker', action: 'iam:AttachRolePolicy', resource: arnOf('attacker'), context: { ...THIS_BOUNDARY, 'iam:PolicyARN': ADMINISTRATOR_POLICY } }],
    goal: mintUnboundedRole('attacker'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-12-self',
    title: 'Put an inline administrator policy on its own role',
    claim: 'contained',
    steps: [{ by: 'attacker', action: 'iam:PutRolePolicy', resource: arnOf('attacker'), context: THIS_BOUNDARY }],
    goal: mintUnboundedRole('attacker'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-14-bounded',
    title: 'Rewrite a bounded role\'s trust policy, then assume it',
    claim: 'contained',
    steps: [
      { by: 'attacker', action: 'iam:UpdateAssumeRolePolicy', resource: arnOf('boundedRole'), context: THIS_BOUNDARY },
      assume('attacker', 'boundedRole', trustPolicy({ principal: arnOf('attacker') })),
    ],
    goal: mintUnboundedRole('boundedRole'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-3',
    title: 'Create a bounded administrator role, pass it to EC2 and run an instance as it',
    claim: 'contained',
    steps: [...createBoundedRole, passRole('attacker', 'boundedRole', 'ec2.amazonaws.com'), { by: 'attacker', action: 'ec2:RunInstances', resource: INSTANCE }],
    goal: mintUnboundedRole('boundedRole'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-15',
    title: 'Create a bounded administrator role, pass it to a new Lambda function and invoke it',
    claim: 'contained',
    steps: [
      ...createBoundedRole, passRole('attacker', 'boundedRole', 'lambda.amazonaws.com'),
      { by: 'attacker', action: 'lambda:CreateFunction', resource: regional('lambda', 'function:escalate') },
      { by: 'attacker', action: 'lambda:InvokeFunction', resource: regional('lambda', 'function:escalate') },
    ],
    goal: mintUnboundedRole('boundedRole'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-16',
    title: 'Create a bounded administrator role, pass it to a new function triggered by an event source mapping',
    claim: 'contained',
    steps: [
      ...createBoundedRole, passRole('attacker', 'boundedRole', 'lambda.amazonaws.com'),
      { by: 'attacker', action: 'lambda:CreateFunction', resource: regional('lambda', 'function:escalate') },
      { by: 'attacker', action: 'lambda:CreateEventSourceMapping', resource: '*', context: { 'lambda:FunctionArn': regional('lambda', 'function:escalate') } },
    ],
    goal: mintUnboundedRole('boundedRole'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-18-bounded',
    title: 'Create a bounded administrator role and pass it to a new Glue development endpoint',
    claim: 'contained',
    steps: [...createBoundedRole, passRole('attacker', 'boundedRole', 'glue.amazonaws.com'), { by: 'attacker', action: 'glue:CreateDevEndpoint', resource: '*' }],
    goal: mintUnboundedRole('boundedRole'),
    expected: containedWhereIamIsAllowed,
  },
  {
    id: 'RSL-17-bounded',
    title: 'Update the code of a function whose role carries the boundary',
    claim: 'contained',
    steps: [{ by: 'attacker', action: 'lambda:UpdateFunctionCode', resource: regional('lambda', 'function:orders') }],
    goal: mintUnboundedRole('boundedFunctionRole'),
    // The services preset allows Lambda: the code runs, as a bounded role.
    expected: { ...everywhere('contained'), referenceApp: 'blocked' },
  },

  // Removing boundaries.
  {
    id: 'PR-remove-own-boundary',
    title: 'Remove its own boundary',
    claim: 'removal',
    steps: [{ by: 'attacker', action: 'iam:DeleteRolePermissionsBoundary', resource: arnOf('attacker'), context: THIS_BOUNDARY }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-remove-user-boundary',
    title: 'Remove a user\'s boundary',
    claim: 'removal',
    steps: [{ by: 'attacker', action: 'iam:DeleteUserPermissionsBoundary', resource: arnOf('attackerUser'), context: THIS_BOUNDARY }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-remove-created-boundary',
    title: 'Create a bounded role, then remove its boundary',
    claim: 'removal',
    steps: [...createBoundedRole, { by: 'attacker', action: 'iam:DeleteRolePermissionsBoundary', resource: arnOf('boundedRole'), context: THIS_BOUNDARY }],
    expected: everywhere('blocked'),
  },

  // Changing the boundary policy.
  {
    id: 'RSL-1-boundary',
    title: 'Create a new default version of the boundary policy',
    claim: 'boundaryPolicy',
    steps: [{ by: 'attacker', action: 'iam:CreatePolicyVersion', resource: '$BOUNDARY' }],
    expected: everywhere('blocked'),
  },
  {
    id: 'RSL-2-boundary',
    title: 'Set an older version of the boundary policy as the default',
    claim: 'boundaryPolicy',
    steps: [{ by: 'attacker', action: 'iam:SetDefaultPolicyVersion', resource: '$BOUNDARY' }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-delete-boundary-version',
    title: 'Delete a version of the boundary policy',
    claim: 'boundaryPolicy',
    steps: [{ by: 'attacker', action: 'iam:DeletePolicyVersion', resource: '$BOUNDARY' }],
    expected: everywhere('blocked'),
  },
  {
    id: 'PR-delete-boundary',
    title: 'Delete the boundary policy',
    claim: 'boundaryPolicy',
    steps: [{ by: 'attacker', action: 'iam:DeletePolicy', resource: '$BOUNDARY' }],
    expected: everywhere('blocked'),
  },

  // Credentials of IAM users.
  ...([
    ['RSL-4', 'Create an access key for an administrator user', 'iam:CreateAccessKey'],
    ['RSL-5', 'Give an administrator user without a password a console password', 'iam:CreateLoginProfile'],
    ['RSL-6', 'Change an administrator user\'s console password', 'iam:UpdateLoginProfile'],
    ['PR-reactivate-access-key', 'Re-activate an administrator user\'s inactive access key', 'iam:UpdateAccessKey'],
    ['PR-service-credential', 'Create a service-specific credential (CodeCommit, Keyspaces) for an administrator user', 'iam:CreateServiceSpecificCredential'],
    ['PR-reset-service-credential', 'Reset an administrator user\'s service-specific credential', 'iam:ResetServiceSpecificCredential'],
    ['PR-ssh-key', 'Upload an SSH public key for an administrator user (CodeCommit)', 'iam:UploadSSHPublicKey'],
    ['PR-deactivate-mfa', 'Deactivate an administrator user\'s MFA device', 'iam:DeactivateMFADevice'],
  ] as const).map(([id, title, action]): Technique => ({
    id, title, claim: 'credentials', steps: [{ by: 'attacker', action, resource: user('legacy-operator') }], expected: everywhere('blocked'),
  })),

  // The stack that holds the boundary.
  {
    id: 'PR-update-boundary-stack',
    title: 'Update the boundary\'s own stack (CloudFormation reuses its stored role) to publish a looser boundary',
    claim: 'boundaryStack',
    steps: [{
      by: 'attacker',
      action: 'cloudformation:UpdateStack',
      resource: '$BOUNDARY_STACK',
      note: 'CloudFormation API Reference, UpdateStack RoleARN: with no role named, the stack\'s stored role is used, even by users who may not pass it.',
    }],
    expected: everywhere('blocked'),
  },
  ...([
    ['PR-delete-boundary-stack', 'Delete the boundary\'s own stack', 'cloudformation:DeleteStack'],
    ['PR-change-set-boundary-stack', 'Create a change set on the boundary\'s own stack', 'cloudformation:CreateChangeSet'],
    ['PR-execute-change-set-boundary-stack', 'Execute a pending change set on the boundary\'s own stack', 'cloudformation:ExecuteChangeSet'],
    ['PR-stack-policy-boundary-stack', 'Replace the stack policy of the boundary\'s own stack', 'cloudformation:SetStackPolicy'],
    ['PR-refactor-boundary-stack', 'Move the boundary policy out of its stack with a stack refactor', 'cloudformation:CreateStackRefactor'],
    ['PR-termination-boundary-stack', 'Turn off termination protection of the boundary\'s own stack', 'cloudformation:UpdateTerminationProtection'],
  ] as const).map(([id, title, action]): Technique => ({
    id, title, claim: 'boundaryStack', steps: [{ by: 'attacker', action, resource: '$BOUNDARY_STACK' }], expected: everywhere('blocked'),
  })),

  // The organization and the account.
  ...([
    ['PR-leave-organization', 'Leave the organization (and its SCPs)', 'organizations:LeaveOrganization', '*'],
    ['PR-detach-scp', 'Detach a service control policy', 'organizations:DetachPolicy', SCP],
    ['PR-move-account', 'Move the account to an OU with looser SCPs', 'organizations:MoveAccount', MEMBER_ACCOUNT],
    ['PR-create-account', 'Create a new account in the organization', 'organizations:CreateAccount', '*'],
    ['PR-disable-scps', 'Disable service control policies in the organization', 'organizations:DisablePolicyType', ORGANIZATION_ROOT],
    ['PR-close-account', 'Close the account', 'account:CloseAccount', ACCOUNT_ARN],
    ['PR-account-name', 'Rename the account', 'account:PutAccountName', ACCOUNT_ARN],
    ['PR-alternate-contact', 'Change the account\'s security contact', 'account:PutAlternateContact', ACCOUNT_ARN],
    ['PR-enable-region', 'Enable an opt-in region', 'account:EnableRegion', ACCOUNT_ARN],
    ['PR-assume-root', 'Open a root session in a member account (centralized root access)', 'sts:AssumeRoot', iamArn('root')],
  ] as const).map(([id, title, action, resource]): Technique => ({
    id, title, claim: 'organization', steps: [{ by: 'attacker', action, resource }], expected: everywhere('blocked'),
  })),
  ...([
    ['PR-delegate-policies', 'Delegate the organization\'s policy management to another account', 'organizations:PutResourcePolicy', 'arn:aws:organizations::111111111111:resourcepolicy/o-a1b2c3d4e5/rp-a1b2c3d4'],
    ['PR-delegated-administrator', 'Register another account as a delegated administrator', 'organizations:RegisterDelegatedAdministrator', MEMBER_ACCOUNT],
    ['PR-service-access', 'Enable a service\'s trusted access to the organization', 'organizations:EnableAWSServiceAccess', '*'],
    ['PR-accept-handshake', 'Accept an invitation into another organization', 'organizations:AcceptHandshake', 'arn:aws:organizations::222222222222:handshake/o-z9y8x7w6v5/invite/h-a1b2c3d4e5'],
    ['PR-identity-center-assignment', 'Assign an administrator permission set to its own Identity Center user', 'sso:CreateAccountAssignment', PERMISSION_SET],
    ['PR-identity-center-policy', 'Put an administrator inline policy on a permission set', 'sso:PutInlinePolicyToPermissionSet', PERMISSION_SET],
    ['PR-identity-center-provision', 'Provision a changed permission set to the accounts', 'sso:ProvisionPermissionSet', PERMISSION_SET],
    ['PR-identity-center-group', 'Add its own Identity Center user to the administrators group', 'identitystore:CreateGroupMembership', 'arn:aws:identitystore:::group/a1b2c3d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d'],
  ] as const).map(([id, title, action, resource]): Technique => ({
    id, title, claim: 'organization', steps: [{ by: 'attacker', action, resource }], expected: everywhere('blocked'),
  })),
  {
    id: 'PR-attach-ou-scp',
    title: 'Attach a looser policy to the account\'s OU',
    claim: 'organization',
    steps: [{ by: 'attacker', action: 'organizations:AttachPolicy', resource: OU }],
    expected: everywhere('blocked'),
  },

  // CloudTrail.
  ...([
    ['PR-stop-logging', 'Stop the trail', 'cloudtrail:StopLogging', TRAIL],
    ['PR-delete-trail', 'Delete the trail', 'cloudtrail:DeleteTrail', TRAIL],
    ['PR-update-trail', 'Point the trail at another bucket', 'cloudtrail:UpdateTrail', TRAIL],
    ['PR-event-selectors', 'Exclude management events from the trail', 'cloudtrail:PutEventSelectors', TRAIL],
    ['PR-insight-selectors', 'Turn off CloudTrail Insights', 'cloudtrail:PutInsightSelectors', TRAIL],
    ['PR-delete-event-data-store', 'Delete the CloudTrail Lake event data store', 'cloudtrail:DeleteEventDataStore', EVENT_DATA_STORE],
    ['PR-stop-ingestion', 'Stop ingestion into the event data store', 'cloudtrail:StopEventDataStoreIngestion', EVENT_DATA_STORE],
  ] as const).map(([id, title, action, resource]): Technique => ({
    id, title, claim: 'trail', steps: [{ by: 'attacker', action, resource }], expected: everywhere('blocked'),
  })),

  // The trail's destinations (auditTrail).
  ...([
    ['PR-trail-bucket-policy', 'Replace the trail bucket\'s policy so CloudTrail may no longer write', 's3:PutBucketPolicy', `arn:aws:s3:::${TRAIL_BUCKET}`],
    ['PR-trail-bucket-lifecycle', 'Expire the trail\'s log files after a day', 's3:PutLifecycleConfiguration', `arn:aws:s3:::${TRAIL_BUCKET}`],
    ['PR-trail-delete-logs', 'Delete a log file', 's3:DeleteObject', `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/12/02/log.json.gz`],
    ['PR-trail-overwrite-logs', 'Overwrite a log file with a forged one', 's3:PutObject', `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/12/02/log.json.gz`],
    ['PR-trail-delete-log-group', 'Delete the trail\'s log group', 'logs:DeleteLogGroup', regional('logs', `log-group:${TRAIL_LOG_GROUP}`)],
    ['PR-trail-log-retention', 'Shorten the trail log group\'s retention to a day', 'logs:PutRetentionPolicy', regional('logs', `log-group:${TRAIL_LOG_GROUP}`)],
  ] as const).map(([id, title, action, resource]): Technique => ({
    id,
    title,
    claim: 'trailDestinations',
    steps: [{ by: 'attacker', action, resource }],
    // s3 and logs are in the services preset and the reference app's ceiling.
    expected: { ...everywhere('open'), hardened: 'blocked' },
  })),
  ...([
    ['PR-trail-key-deletion', 'Schedule the trail key\'s deletion', 'kms:ScheduleKeyDeletion'],
    ['PR-trail-key-policy', 'Replace the trail key\'s policy so CloudTrail may no longer use it', 'kms:PutKeyPolicy'],
    ['PR-trail-key-disable', 'Disable the trail key', 'kms:DisableKey'],
  ] as const).map(([id, title, action]): Technique => ({
    id,
    title,
    claim: 'trailDestinations',
    steps: [{ by: 'attacker', action, resource: TRAIL_KEY_ARN, resourcePolicy: DEFAULT_KEY_POLICY }],
    expected: { ...everywhere('open'), hardened: 'blocked' },
  })),

  // More stacks (protectedStackNames).
  {
    id: 'PR-update-protected-stack',
    title: `Update the ${PROTECTED_STACK} stack`,
    claim: 'protectedStacks',
    steps: [{ by: 'attacker', action: 'cloudformation:UpdateStack', resource: stack(PROTECTED_STACK), context: { 'cloudformation:RoleArn': arnOf('boundedRole') } }],
    expected: { ...openWithAdministratorCeiling, hardened: 'blocked' },
  },
  {
    id: 'PR-delete-protected-stack-instances',
    title: `Delete the instances of the ${PROTECTED_STACK} stack set`,
    claim: 'protectedStacks',
    steps: [{ by: 'attacker', action: 'cloudformation:DeleteStackInstances', resource: regional('cloudformation', `stackset/${PROTECTED_STACK}:a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d`) }],
    expected: { ...openWithAdministratorCeiling, hardened: 'blocked' },
  },

  // The CDK bootstrap roles and CloudFormation's service roles.
  {
    id: 'PR-cdk-deploy-role',
    title: 'Assume the CDK deploy role (it trusts the account) and deploy a stack that creates an unbounded role',
    claim: 'bootstrap',
    steps: [
      assume('attacker', 'cdkDeployRole', trustPolicy({ account: true })),
      { by: 'cdkDeployRole', action: 'cloudformation:CreateChangeSet', resource: stack('Escalate'), context: { 'cloudformation:RoleArn': arnOf('cdkExecRole') } },
      passRole('cdkDeployRole', 'cdkExecRole', 'cloudformation.amazonaws.com'),
      { by: 'cdkDeployRole', action: 'cloudformation:ExecuteChangeSet', resource: stack('Escalate') },
    ],
    goal: mintUnboundedRole('cdkExecRole'),
    expected: { ...openWithAdministratorCeiling, bootstrapped: 'contained', hardened: 'blocked' },
  },
  {
    id: 'PR-cdk-deploy-role-boundary-stack',
    title: 'Assume the CDK deploy role and update the boundary\'s own stack, which stores the role that deployed it',
    claim: 'bootstrap',
    steps: [
      assume('attacker', 'cdkDeployRole', trustPolicy({ account: true })),
      {
        by: 'cdkDeployRole',
        action: 'cloudformation:UpdateStack',
        resource: '$BOUNDARY_STACK',
        note: 'CloudFormation API Reference, UpdateStack RoleARN: with no role named, the stack\'s stored role is used, even by callers who may not pass it.',
      },
    ],
    goal: { by: 'platformExecRole', action: 'iam:CreatePolicyVersion', resource: '$BOUNDARY' },
    // Bootstrapped with --apply-permissions-boundary-to-all-roles, the deploy role itself is bounded.
    expected: { ...openWithAdministratorCeiling, bootstrapped: 'blocked', hardened: 'blocked' },
  },
  {
    id: 'PR-change-set-cdk-stack',
    title: 'Create and execute a change set on an existing CDK stack with its stored execution role',
    claim: 'bootstrap',
    steps: [
      { by: 'attacker', action: 'cloudformation:CreateChangeSet', resource: CDK_STACK, note: 'As UpdateStack: the stored role is used.' },
      { by: 'attacker', action: 'cloudformation:ExecuteChangeSet', resource: CDK_STACK },
    ],
    goal: mintUnboundedRole('cdkExecRole'),
    expected: { ...openWithAdministratorCeiling, bootstrapped: 'contained', hardened: 'blocked' },
  },
  {
    id: 'RSL-20',
    title: 'Pass the CDK execution role (AdministratorAccess) to CreateStack',
    claim: 'unboundedRoles',
    steps: [
      passRole('attacker', 'cdkExecRole', 'cloudformation.amazonaws.com'),
      { by: 'attacker', action: 'cloudformation:CreateStack', resource: stack('Escalate'), context: { 'cloudformation:RoleArn': arnOf('cdkExecRole') } },
    ],
    goal: mintUnboundedRole('cdkExecRole'),
    expected: { ...openWithAdministratorCeiling, bootstrapped: 'contained', hardened: 'blocked' },
  },
  {
    id: 'PR-platform-deploy-role',
    title: 'Assume the deploy role of the qualifier that deploys the boundary, and update the boundary\'s stack',
    claim: 'unboundedRoles',
    steps: [
      assume('attacker', 'platformDeployRole', trustPolicy({ account: true })),
      { by: 'platformDeployRole', action: 'cloudformation:UpdateStack', resource: '$BOUNDARY_STACK' },
    ],
    goal: { by: 'platformExecRole', action: 'iam:CreatePolicyVersion', resource: '$BOUNDARY' },
    expected: { ...openWithAdministratorCeiling, bootstrapped: 'blocked', hardened: 'blocked' },
  },
  {
    id: 'PR-update-cdk-stack-naming-stored-role',
    title: 'Update an existing CDK stack naming the execution role it stores',
    claim: 'unboundedRoles',
    steps: [{
      by: 'attacker',
      action: 'cloudformation:UpdateStack',
      resource: CDK_STACK,
      context: { 'cloudformation:RoleArn': arnOf('cdkExecRole') },
      note: 'CloudFormation API Reference, UpdateStack RoleARN: "CloudFormation uses this role even if the users don\'t have permission to pass it"; ' +
        'whether that spares the stored role an iam:PassRole check is not documented, so no iam:PassRole step is simulated.',
    }],
    goal: mintUnboundedRole('cdkExecRole'),
    expected: { ...openWithAdministratorCeiling, bootstrapped: 'contained', hardened: 'blocked' },
  },
  {
    id: 'PR-stack-set-administration-role',
    title: 'Create a stack set with the StackSets administration role, to deploy as its execution role',
    claim: 'unboundedRoles',
    steps: [
      passRole('attacker', 'stackSetAdministrationRole', 'cloudformation.amazonaws.com'),
      { by: 'attacker', action: 'cloudformation:CreateStackSet', resource: '*', context: { 'cloudformation:RoleArn': arnOf('stackSetAdministrationRole') } },
    ],
    expected: { ...openWithAdministratorCeiling, hardened: 'blocked' },
  },
  {
    id: 'PR-update-cdk-stack',
    title: 'Update an existing CDK stack naming no role: CloudFormation reuses its stored execution role',
    claim: 'storedRoles',
    steps: [{
      by: 'attacker',
      action: 'cloudformation:UpdateStack',
      resource: CDK_STACK,
      note: 'CloudFormation API Reference, UpdateStack RoleARN: "If you don\'t specify a value, CloudFormation uses the role that was previously associated with the stack", without iam:PassRole.',
    }],
    goal: mintUnboundedRole('cdkExecRole'),
    expected: { ...openWithAdministratorCeiling, bootstrapped: 'contained', hardened: 'blocked' },
  },
  {
    id: 'PR-delete-stack-stored-role',
    title: 'Delete the stack that holds the trail\'s bucket, naming no role: its stored role deletes what the boundary protects',
    claim: 'storedRoles',
    steps: [{
      by: 'attacker',
      action: 'cloudformation:DeleteStack',
      resource: stack('AuditDestinations'),
      note: 'CloudFormation API Reference, DeleteStack RoleARN: with no role named, the stack\'s stored role is used.',
    }],
    goal: { by: 'cdkExecRole', action: 's3:DeleteBucket', resource: `arn:aws:s3:::${TRAIL_BUCKET}` },
    // Bootstrapped, the execution role is bounded, but that boundary protects no trail bucket (no auditTrail).
    expected: { ...openWithAdministratorCeiling, hardened: 'blocked' },
  },
  {
    id: 'PR-stack-set-default-role',
    title: 'Create a stack set naming no role (StackSets then uses its default administration role)',
    claim: 'storedRoles',
    steps: [{
      by: 'attacker',
      action: 'cloudformation:CreateStackSet',
      resource: '*',
      note: 'CloudFormation API Reference, CreateStackSet AdministrationRoleARN: without it, the AWSCloudFormationStackSetAdministrationRole of the account is used.',
    }],
    expected: { ...openWithAdministratorCeiling, hardened: 'blocked' },
  },

  // Regions (allowedRegions).
  {
    id: 'PR-other-region-ec2',
    title: 'Run an instance in a region outside allowedRegions',
    claim: 'regions',
    steps: [{ by: 'attacker', action: 'ec2:RunInstances', resource: regional('ec2', 'instance/i-0a1b2c3d4e5f60718', 'us-west-2'), context: { 'aws:RequestedRegion': 'us-west-2' } }],
    // The reference app's ceiling allows EC2 and sets no region limit.
    expected: { ...everywhere('open'), hardened: 'blocked', services: 'blocked' },
  },
  {
    id: 'PR-other-region-dynamodb',
    title: 'Create a DynamoDB table in a region outside allowedRegions',
    claim: 'regions',
    steps: [{ by: 'attacker', action: 'dynamodb:CreateTable', resource: regional('dynamodb', 'table/exfiltration', 'us-east-1'), context: { 'aws:RequestedRegion': 'us-east-1' } }],
    expected: { ...everywhere('open'), hardened: 'blocked', services: 'blocked', referenceApp: 'blocked' },
  },
  {
    id: 'PR-other-region-s3',
    title: 'Write objects to a bucket in a region outside allowedRegions',
    claim: 'regions',
    steps: [{ by: 'attacker', action: 's3:PutObject', resource: 'arn:aws:s3:::exfiltration-us-east-1/data.csv', context: { 'aws:RequestedRegion': 'us-east-1' } }],
    expected: { ...everywhere('open'), hardened: 'blocked', services: 'blocked' },
  },
  {
    id: 'PR-region-exempt-kms',
    title: 'Create a KMS key in a region outside allowedRegions (KMS is exempt from the region deny)',
    claim: 'regionExemptions',
    steps: [{ by: 'attacker', action: 'kms:CreateKey', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } }],
    expected: everywhere('open'),
  },

  // Principals that existed before the boundary.
  {
    id: 'RSL-3-existing',
    title: 'Pass an existing unbounded role to EC2 and run an instance as it',
    claim: 'existingPrincipals',
    steps: [passRole('attacker', 'legacyInstanceRole', 'ec2.amazonaws.com'), { by: 'attacker', action: 'ec2:RunInstances', resource: INSTANCE }],
    goal: mintUnboundedRole('legacyInstanceRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'RSL-15-existing',
    title: 'Pass an existing unbounded role to a new Lambda function and invoke it',
    claim: 'existingPrincipals',
    steps: [
      passRole('attacker', 'legacyFunctionRole', 'lambda.amazonaws.com'),
      { by: 'attacker', action: 'lambda:CreateFunction', resource: regional('lambda', 'function:escalate') },
      { by: 'attacker', action: 'lambda:InvokeFunction', resource: regional('lambda', 'function:escalate') },
    ],
    goal: mintUnboundedRole('legacyFunctionRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'RSL-18',
    title: 'Pass an existing unbounded role to a new Glue development endpoint',
    claim: 'existingPrincipals',
    steps: [passRole('attacker', 'legacyDevEndpointRole', 'glue.amazonaws.com'), { by: 'attacker', action: 'glue:CreateDevEndpoint', resource: '*' }],
    goal: mintUnboundedRole('legacyDevEndpointRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'RSL-21',
    title: 'Pass an existing unbounded role to a new Data Pipeline that runs commands as it',
    claim: 'existingPrincipals',
    steps: [
      passRole('attacker', 'legacyAdmin', 'datapipeline.amazonaws.com'),
      { by: 'attacker', action: 'datapipeline:CreatePipeline', resource: '*' },
      { by: 'attacker', action: 'datapipeline:PutPipelineDefinition', resource: regional('datapipeline', 'pipeline/df-0123456789ABCDEFGHIJ') },
    ],
    goal: mintUnboundedRole('legacyAdmin'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-codebuild-create-project',
    title: 'Pass an existing unbounded role to a new CodeBuild project and start a build',
    claim: 'existingPrincipals',
    steps: [
      passRole('attacker', 'legacyBuildRole', 'codebuild.amazonaws.com'),
      { by: 'attacker', action: 'codebuild:CreateProject', resource: regional('codebuild', 'project/escalate') },
      { by: 'attacker', action: 'codebuild:StartBuild', resource: regional('codebuild', 'project/escalate') },
    ],
    goal: mintUnboundedRole('legacyBuildRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-sagemaker-notebook',
    title: 'Pass an existing unbounded role to a new SageMaker notebook instance',
    claim: 'existingPrincipals',
    steps: [
      passRole('attacker', 'legacyNotebookRole', 'sagemaker.amazonaws.com'),
      { by: 'attacker', action: 'sagemaker:CreateNotebookInstance', resource: regional('sagemaker', 'notebook-instance/escalate') },
    ],
    goal: mintUnboundedRole('legacyNotebookRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-assume-existing-role',
    title: 'Assume an existing administrator role that trusts the account',
    claim: 'existingPrincipals',
    steps: [assume('attacker', 'legacyAdmin', trustPolicy({ account: true }))],
    goal: mintUnboundedRole('legacyAdmin'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-rewrite-existing-policy',
    title: 'Rewrite the managed policy of an existing role it can assume',
    claim: 'existingPrincipals',
    steps: [
      { by: 'attacker', action: 'iam:CreatePolicyVersion', resource: policy('legacy-admin-policy') },
      assume('attacker', 'legacyAdmin', trustPolicy({ account: true })),
    ],
    goal: mintUnboundedRole('legacyAdmin'),
    expected: openWithAdministratorCeiling,
  },

  // Compute that already runs as an unbounded principal.
  {
    id: 'RSL-17',
    title: 'Update the code of a function whose role lacks the boundary',
    claim: 'runningCompute',
    steps: [{ by: 'attacker', action: 'lambda:UpdateFunctionCode', resource: regional('lambda', 'function:legacy') }],
    goal: mintUnboundedRole('legacyFunctionRole'),
    // Open with the README's services preset, which allows Lambda; the reference app's ceiling leaves Lambda out.
    expected: { ...everywhere('open'), referenceApp: 'blocked' },
  },
  {
    id: 'RSL-19',
    title: 'Add an SSH key to an existing Glue development endpoint',
    claim: 'runningCompute',
    steps: [{ by: 'attacker', action: 'glue:UpdateDevEndpoint', resource: regional('glue', 'devEndpoint/legacy') }],
    goal: mintUnboundedRole('legacyDevEndpointRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-ssm-send-command',
    title: 'Run a command with Systems Manager on an instance whose profile lacks the boundary',
    claim: 'runningCompute',
    steps: [
      { by: 'attacker', action: 'ssm:SendCommand', resource: regional('ssm', 'document/AWS-RunShellScript') },
      { by: 'attacker', action: 'ssm:SendCommand', resource: INSTANCE },
    ],
    goal: mintUnboundedRole('legacyInstanceRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-ssm-start-session',
    title: 'Start a Session Manager session on an instance whose profile lacks the boundary',
    claim: 'runningCompute',
    steps: [{ by: 'attacker', action: 'ssm:StartSession', resource: INSTANCE }],
    goal: mintUnboundedRole('legacyInstanceRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-instance-connect',
    title: 'Push an SSH key with EC2 Instance Connect to an instance whose profile lacks the boundary',
    claim: 'runningCompute',
    steps: [{ by: 'attacker', action: 'ec2-instance-connect:SendSSHPublicKey', resource: INSTANCE }],
    goal: mintUnboundedRole('legacyInstanceRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-codebuild-start-build',
    title: 'Start a build of an existing project with a buildspec override',
    claim: 'runningCompute',
    steps: [{ by: 'attacker', action: 'codebuild:StartBuild', resource: regional('codebuild', 'project/legacy') }],
    goal: mintUnboundedRole('legacyBuildRole'),
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'BF-sagemaker-presigned-url',
    title: 'Open an existing SageMaker notebook through a presigned URL',
    claim: 'runningCompute',
    steps: [{ by: 'attacker', action: 'sagemaker:CreatePresignedNotebookInstanceUrl', resource: regional('sagemaker', 'notebook-instance/legacy') }],
    goal: mintUnboundedRole('legacyNotebookRole'),
    expected: openWithAdministratorCeiling,
  },

  // Policies that name a bounded principal directly.
  {
    id: 'PR-trust-names-user',
    title: 'Assume a role whose trust policy names the bounded user',
    claim: 'directGrants',
    steps: [assume('attackerUser', 'legacyAdmin', trustPolicy({ principal: arnOf('attackerUser') }))],
    goal: mintUnboundedRole('legacyAdmin'),
    expected: everywhere('open'),
  },
  {
    id: 'PR-queue-names-session',
    title: 'Send to a queue whose policy names the bounded role\'s session',
    claim: 'directGrants',
    steps: [{
      by: 'attacker',
      action: 'sqs:SendMessage',
      resource: regional('sqs', 'payments'),
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAMES.attacker}/session` }, Action: 'sqs:SendMessage', Resource: '*' }],
      },
    }],
    expected: everywhere('open'),
  },
  {
    id: 'PR-secret-names-user',
    title: 'Read a secret whose policy names the bounded user',
    claim: 'directGrants',
    steps: [{
      by: 'attackerUser',
      action: 'secretsmanager:GetSecretValue',
      resource: regional('secretsmanager', 'secret:production-db-AbCdEf'),
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: arnOf('attackerUser') }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
      },
    }],
    expected: everywhere('open'),
  },

  // Names and tags other policies trust.
  {
    id: 'PR-scp-exempt-name',
    title: 'Create a bounded role named like the roles an SCP exempts, and act as it where the SCP denies',
    claim: 'namesAndTags',
    steps: [
      { by: 'attacker', action: 'iam:CreateRole', resource: arnOf('scpExemptRole'), context: THIS_BOUNDARY, serviceControlPolicies: [REGION_DENY_SCP] },
      { ...assume('attacker', 'scpExemptRole', trustPolicy({ principal: arnOf('attacker') })), serviceControlPolicies: [REGION_DENY_SCP] },
    ],
    goal: {
      by: 'scpExemptRole',
      action: 'ec2:RunInstances',
      resource: regional('ec2', 'instance/i-0a1b2c3d4e5f60718', 'us-west-2'),
      context: { 'aws:RequestedRegion': 'us-west-2', 'aws:PrincipalArn': arnOf('scpExemptRole') },
      serviceControlPolicies: [REGION_DENY_SCP],
    },
    // With allowedRegions, the boundary's own region deny still holds for the new role.
    expected: { ...openWithAdministratorCeiling, hardened: 'contained' },
  },
  {
    id: 'PR-tag-self',
    title: 'Tag its own role with the tag an ABAC policy trusts',
    claim: 'namesAndTags',
    steps: [{ by: 'attacker', action: 'iam:TagRole', resource: arnOf('attacker'), context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'security' } }],
    expected: openWithAdministratorCeiling,
  },

  // Service-linked roles and the rotation application.
  {
    id: 'PR-service-linked-role',
    title: 'Create a service-linked role, which carries no boundary',
    claim: 'serviceLinkedRoles',
    steps: [{ by: 'attacker', action: 'iam:CreateServiceLinkedRole', resource: role('aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'), context: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } }],
    expected: openWithAdministratorCeiling,
  },
  {
    id: 'PR-rotation-function',
    title: 'Update the code of the database secret\'s rotation function (its role is in the SAR nested stack)',
    claim: 'rotationRole',
    steps: [{ by: 'attacker', action: 'lambda:UpdateFunctionCode', resource: regional('lambda', 'function:WebAppData-DatabaseRotationSingleUser') }],
    goal: mintUnboundedRole('rotationFunctionRole'),
    expected: { ...everywhere('open'), referenceApp: 'blocked' },
  },
];

// ---------------------------------------------------------------------------
// Legitimate operations
// ---------------------------------------------------------------------------

const ADMINISTRATOR_CEILINGS: ConfigName[] = ['administrator', 'bootstrapped', 'hardened'];
const ALL_CONFIGS: ConfigName[] = ['administrator', 'bootstrapped', 'hardened', 'services', 'referenceApp'];

export const LEGITIMATE_OPERATIONS: LegitimateOperation[] = [
  { title: 'Create a role with this boundary', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'iam:CreateRole', resource: arnOf('boundedRole'), context: THIS_BOUNDARY } },
  { title: 'Create a user with this boundary', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'iam:CreateUser', resource: user('bounded-ci'), context: THIS_BOUNDARY } },
  { title: 'Attach a managed policy to a bounded role', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'iam:AttachRolePolicy', resource: arnOf('boundedRole'), context: { ...THIS_BOUNDARY, 'iam:PolicyARN': policy('orders-table-access') } } },
  { title: 'Put an inline policy on a bounded role', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'iam:PutRolePolicy', resource: arnOf('boundedRole'), context: THIS_BOUNDARY } },
  { title: 'Update a bounded role\'s trust policy', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'iam:UpdateAssumeRolePolicy', resource: arnOf('boundedRole'), context: THIS_BOUNDARY } },
  { title: 'Delete a bounded role', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'iam:DeleteRole', resource: arnOf('boundedRole'), context: THIS_BOUNDARY } },
  { title: 'Pass a bounded role to Lambda', configs: ADMINISTRATOR_CEILINGS, request: passRole('attacker', 'boundedFunctionRole', 'lambda.amazonaws.com') },
  { title: 'Read any role (iam:GetRole), bounded or not', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'iam:GetRole', resource: arnOf('legacyAdmin') } },
  { title: 'Read the boundary policy', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'iam:GetPolicyVersion', resource: '$BOUNDARY' } },
  { title: 'Create a stack with a bounded CloudFormation service role', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'cloudformation:CreateStack', resource: stack('Workload'), context: { 'cloudformation:RoleArn': arnOf('boundedRole') } } },
  { title: 'Update a workload stack naming a bounded service role', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'cloudformation:UpdateStack', resource: CDK_STACK, context: { 'cloudformation:RoleArn': arnOf('boundedRole') } } },
  { title: 'Describe the boundary\'s own stack', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'cloudformation:DescribeStacks', resource: '$BOUNDARY_STACK' } },
  { title: 'Read the boundary\'s own stack template', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'cloudformation:GetTemplate', resource: '$BOUNDARY_STACK' } },
  { title: 'Request an ACM certificate in us-east-1 for an EDGE ApiDomain', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'acm:RequestCertificate', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } } },
  { title: 'Create a WAF web ACL with CLOUDFRONT scope (us-east-1)', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'wafv2:CreateWebACL', resource: regional('wafv2', 'global/webacl/edge/a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', 'us-east-1'), context: { 'aws:RequestedRegion': 'us-east-1' } } },
  { title: 'Change DNS records in Route 53 (a global service)', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'route53:ChangeResourceRecordSets', resource: 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ', context: { 'aws:RequestedRegion': 'us-east-1' } } },
  { title: 'Look up CloudTrail events', configs: ADMINISTRATOR_CEILINGS, request: { by: 'attacker', action: 'cloudtrail:LookupEvents', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } } },
  { title: 'List all buckets (served from us-east-1)', configs: ALL_CONFIGS, request: { by: 'attacker', action: 's3:ListAllMyBuckets', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } } },
  { title: 'Write an object in an allowed region', configs: ALL_CONFIGS, request: { by: 'attacker', action: 's3:PutObject', resource: 'arn:aws:s3:::app-uploads/orders/1.json' } },
  { title: 'Write an object in the second allowed region', configs: ['administrator', 'bootstrapped', 'hardened', 'referenceApp'], request: { by: 'attacker', action: 's3:PutObject', resource: 'arn:aws:s3:::app-uploads-replica/orders/1.json', context: { 'aws:RequestedRegion': 'eu-central-1' } } },
  { title: 'Create a Lambda function in an allowed region', configs: ['administrator', 'bootstrapped', 'hardened', 'services'], request: { by: 'attacker', action: 'lambda:CreateFunction', resource: regional('lambda', 'function:orders') } },
  { title: 'Read a trail log file', configs: ALL_CONFIGS, request: { by: 'attacker', action: 's3:GetObject', resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/12/02/log.json.gz` } },
  { title: 'Decrypt a trail log file with the trail key', configs: ALL_CONFIGS, request: { by: 'attacker', action: 'kms:Decrypt', resource: TRAIL_KEY_ARN, resourcePolicy: DEFAULT_KEY_POLICY } },
  { title: 'Query the trail log group', configs: ALL_CONFIGS, request: { by: 'attacker', action: 'logs:StartQuery', resource: regional('logs', `log-group:${TRAIL_LOG_GROUP}`) } },
  { title: 'Write to an application log group', configs: ALL_CONFIGS, request: { by: 'attacker', action: 'logs:PutLogEvents', resource: regional('logs', 'log-group:/aws/lambda/orders:log-stream:2026/12/02') } },
  {
    title: 'CloudTrail\'s delivery role, bounded, adds events to the trail log group',
    configs: ALL_CONFIGS,
    request: { by: 'boundedRole', action: 'logs:PutLogEvents', resource: regional('logs', `log-group:${TRAIL_LOG_GROUP}:log-stream:${ACCOUNT}_CloudTrail_${REGION}`) },
  },
  {
    title: 'cdk deploy through the bootstrap roles: the deploy role creates a change set naming the execution role',
    configs: ADMINISTRATOR_CEILINGS,
    request: { by: 'cdkDeployRole', action: 'cloudformation:CreateChangeSet', resource: CDK_STACK, context: { 'cloudformation:RoleArn': arnOf('cdkExecRole') } },
  },
  { title: 'cdk deploy through the bootstrap roles: the deploy role passes the execution role', configs: ADMINISTRATOR_CEILINGS, request: passRole('cdkDeployRole', 'cdkExecRole', 'cloudformation.amazonaws.com') },
  { title: 'cdk deploy through the bootstrap roles: the deploy role executes the change set', configs: ADMINISTRATOR_CEILINGS, request: { by: 'cdkDeployRole', action: 'cloudformation:ExecuteChangeSet', resource: CDK_STACK } },
  {
    title: 'cdk deploy through the bootstrap roles: the execution role creates the app\'s roles with this boundary',
    configs: ADMINISTRATOR_CEILINGS,
    request: { by: 'cdkExecRole', action: 'iam:CreateRole', resource: role('WebAppApi-OrdersRole'), context: THIS_BOUNDARY },
  },
  {
    title: 'cdk destroy through the bootstrap roles: the deploy role deletes a stack naming the execution role',
    configs: ADMINISTRATOR_CEILINGS,
    request: { by: 'cdkDeployRole', action: 'cloudformation:DeleteStack', resource: CDK_STACK, context: { 'cloudformation:RoleArn': arnOf('cdkExecRole') } },
  },
  { title: 'Send to the application queue', configs: ['administrator', 'bootstrapped', 'hardened', 'referenceApp'], request: { by: 'attacker', action: 'sqs:SendMessage', resource: regional('sqs', 'orders-dead-letters') } },
];
