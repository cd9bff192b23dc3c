/**
 * The actions a `PermissionsBoundary` denies, grouped by what they protect.
 * The unit tests expand each list against the AWS service authorization
 * reference, so a misspelled action, or a pattern that matches more or less
 * than intended, fails there. Patterns keep the policy inside IAM's size quota.
 */

/**
 * The IAM actions that support the `iam:PermissionsBoundary` condition key and
 * change a principal (Service Authorization Reference, IAM), where the key is
 * the boundary the principal has (or, for CreateRole and CreateUser, is
 * created with). Denied unless that is this boundary. `iam:GetRole` supports
 * the key too, but only reads.
 */
export const CHANGES_TO_PRINCIPALS = [
  'iam:CreateRole', 'iam:CreateUser',
  'iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:DetachRolePolicy', 'iam:DetachUserPolicy',
  'iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:DeleteRolePolicy', 'iam:DeleteUserPolicy',
  'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole*', 'iam:DeleteRole',
];

/**
 * Setting or removing any principal's boundary, denied outright. For the
 * `Put*` actions the condition key names the boundary being set, not the one
 * the principal has, so a deny conditioned on it would let a principal put
 * this boundary on any unbounded role, then change that role's trust policy
 * and assume it (keeping every grant that names the role elsewhere). For the
 * `Delete*` actions it names the boundary being removed.
 */
export const BOUNDARY_SETTING = ['iam:*PermissionsBoundary'];

/**
 * Replacing the keys, audiences or existence of the SAML and OIDC identity
 * providers that roles' trust policies name: whoever controls the provider
 * can sign in as every role that trusts it.
 */
export const IDENTITY_PROVIDER_CHANGES = [
  'iam:UpdateSAMLProvider', 'iam:DeleteSAMLProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:AddClientIDToOpenIDConnectProvider', 'iam:DeleteOpenIDConnectProvider',
];

/**
 * Granting access through IAM Identity Center (in the management account or
 * its delegated administrator): the roles it provisions carry no boundary.
 */
export const IDENTITY_CENTER_GRANTS = [
  'sso:CreateAccountAssignment', 'sso:ProvisionPermissionSet', 'sso:Put*ToPermissionSet', 'sso:Attach*ToPermissionSet',
  'identitystore:CreateGroupMembership',
];

export const POLICY_CHANGES = ['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'];

/**
 * Actions that give someone the credentials of an IAM user. None of them
 * supports a condition key for the user's boundary, so a boundary cannot tell
 * bounded users from unbounded ones here: they are denied for every user.
 */
export const USER_CREDENTIALS = [
  'iam:CreateAccessKey', 'iam:UpdateAccessKey',
  'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential', 'iam:ResetServiceSpecificCredential', 'iam:UpdateServiceSpecificCredential',
  'iam:UploadSSHPublicKey', 'iam:UpdateSSHPublicKey',
  'iam:UploadSigningCertificate', 'iam:UpdateSigningCertificate',
  'iam:DeactivateMFADevice',
];

/**
 * The CloudFormation actions on stacks and stack sets that only read. A
 * protected stack gets every other action denied (`NotAction`), so updates,
 * deletion, change sets, stack policies, refactors, rollbacks, signals and
 * tags are all covered, and so is any write action CloudFormation adds later.
 */
export const STACK_READS = ['cloudformation:Describe*', 'cloudformation:Get*', 'cloudformation:List*', 'cloudformation:Detect*'];

export const ORGANIZATION_AND_ACCOUNT_CHANGES = [
  'organizations:LeaveOrganization', 'organizations:DeleteOrganization', 'organizations:RemoveAccountFromOrganization',
  'organizations:CloseAccount', 'organizations:CreateAccount', 'organizations:CreateGovCloudAccount', 'organizations:MoveAccount',
  'organizations:AttachPolicy', 'organizations:DetachPolicy', 'organizations:UpdatePolicy', 'organizations:DeletePolicy',
  'organizations:DisablePolicyType', 'organizations:DisableAWSServiceAccess', 'organizations:DeregisterDelegatedAdministrator',
  // Delegating the organization's policies or services to another account; joining another organization.
  'organizations:PutResourcePolicy', 'organizations:RegisterDelegatedAdministrator', 'organizations:EnableAWSServiceAccess',
  'organizations:AcceptHandshake',
  // Account name, contacts and regions; closing the account; its primary email.
  'account:Put*', 'account:Delete*', 'account:*Region', 'account:CloseAccount', 'account:*PrimaryEmailUpdate',
  // Root sessions in member accounts (centralized root access) are not bounded.
  'sts:AssumeRoot',
];

/** Stopping, deleting or reconfiguring trails, event data stores, channels and their policies. */
export const AUDIT_TRAIL_CHANGES = [
  'cloudtrail:StopLogging', 'cloudtrail:StopEventDataStoreIngestion',
  'cloudtrail:Delete*', 'cloudtrail:Update*', 'cloudtrail:Put*', 'cloudtrail:Deregister*',
];

/**
 * What principals below the boundary may still do to the audit trail's
 * destinations: read them, and add events to the log group (CloudTrail writes
 * there through a role of the account, which may carry the boundary:
 * "CloudTrail role to send log events to CloudWatch Logs" in the CloudTrail
 * User Guide). Every other action on the bucket, its objects, the log group
 * and the key is denied (`NotAction`), including writes that would delete or
 * overwrite log files, and any write action the services add later.
 */
export const AUDIT_DESTINATION_ALLOWED = [
  's3:Get*', 's3:List*',
  'logs:Describe*', 'logs:Get*', 'logs:List*', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:StartLiveTail',
  'logs:CreateLogStream', 'logs:PutLogEvents',
  'kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:Decrypt',
];

/** Using a role: assuming it, or handing it to a service (CloudFormation, Lambda, EC2, ...). */
export const ROLE_USE = ['sts:AssumeRole', 'iam:PassRole'];

/**
 * Every CloudFormation operation that names a service role: only those carry
 * the `cloudformation:RoleArn` condition key, so `cloudformation:*` with an
 * `ArnLike` condition on it covers exactly them.
 */
export const OPERATIONS_WITH_SERVICE_ROLE = ['cloudformation:*'];

/**
 * CloudFormation operations that, when they name no service role, run with the
 * role already stored with the stack (or, for stack sets, the default
 * administration role), without `iam:PassRole` (CloudFormation API Reference,
 * UpdateStack and DeleteStack: "If you don't specify a value, CloudFormation
 * uses the role that was previously associated with the stack"), with a
 * template or a deletion the caller chooses. Rollbacks reuse the stored role
 * too, but only to return to the stack's previous template.
 */
export const OPERATIONS_REUSING_A_STORED_ROLE = [
  'cloudformation:UpdateStack', 'cloudformation:CreateChangeSet', 'cloudformation:DeleteStack',
  'cloudformation:CreateStackSet', 'cloudformation:UpdateStackSet',
];

/**
 * The global services and actions that AWS Control Tower's Region deny control
 * (GRREGIONDENY) exempts from its region condition:
 * https://docs.aws.amazon.com/controltower/latest/userguide/primary-region-deny-policy.html
 * Their endpoints live in one region (mostly us-east-1), so a region deny that
 * names them blocks them everywhere: ACM certificates for CloudFront and EDGE
 * APIs, WAF with CLOUDFRONT scope, `s3:ListAllMyBuckets`, IAM, STS, Route 53.
 */
export const CONTROL_TOWER_REGION_DENY_EXEMPTIONS = [
  'a4b:*', 'access-analyzer:*', 'account:*', 'acm:*', 'activate:*', 'artifact:*',
  'aws-marketplace-management:*', 'aws-marketplace:*', 'aws-portal:*', 'billing:*', 'billingconductor:*', 'budgets:*',
  'ce:*', 'chatbot:*', 'chime:*', 'cloudfront:*', 'cloudtrail:LookupEvents', 'compute-optimizer:*', 'config:*',
  'consoleapp:*', 'consolidatedbilling:*', 'cur:*', 'datapipeline:GetAccountLimits', 'devicefarm:*', 'directconnect:*',
  'ec2:DescribeRegions', 'ec2:DescribeTransitGateways', 'ec2:DescribeVpnGateways', 'ecr-public:*', 'fms:*', 'freetier:*',
  'globalaccelerator:*', 'health:*', 'iam:*', 'importexport:*', 'invoicing:*', 'iq:*', 'kms:*',
  'license-manager:ListReceivedLicenses', 'lightsail:Get*', 'mobileanalytics:*', 'networkmanager:*',
  'notifications-contacts:*', 'notifications:*', 'organizations:*', 'payments:*', 'pricing:*',
  'quicksight:DescribeAccountSubscription', 'resource-explorer-2:*', 'route53-recovery-cluster:*',
  'route53-recovery-control-config:*', 'route53-recovery-readiness:*', 'route53:*', 'route53domains:*',
  's3:CreateMultiRegionAccessPoint', 's3:DeleteMultiRegionAccessPoint', 's3:DescribeMultiRegionAccessPointOperation',
  's3:GetAccountPublicAccessBlock', 's3:GetBucketLocation', 's3:GetBucketPolicyStatus', 's3:GetBucketPublicAccessBlock',
  's3:GetMultiRegionAccessPoint', 's3:GetMultiRegionAccessPointPolicy', 's3:GetMultiRegionAccessPointPolicyStatus',
  's3:GetStorageLensConfiguration', 's3:GetStorageLensDashboard', 's3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints',
  's3:ListStorageLensConfigurations', 's3:PutAccountPublicAccessBlock', 's3:PutMultiRegionAccessPointPolicy',
  'savingsplans:*', 'shield:*', 'sso:*', 'sts:*', 'support:*', 'supportapp:*', 'supportplans:*', 'sustainability:*',
  'tag:GetResources', 'tax:*', 'trustedadvisor:*', 'vendor-insights:ListEntitledSecurityProfiles',
  'waf-regional:*', 'waf:*', 'wafv2:*',
];
