import * as path from 'path';
import { App, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { AwsSolutionsChecks as AwsSolutionsChecksV3 } from 'cdk-nag-v3';
import { matchingActions, serviceActions } from './aws-service-reference';
import { addFeaturesWithHiddenRoles, crossRegionReference } from './hidden-roles-fixture';
import { NetworkStack } from '../../examples/three-tier-web-app/lib/network-stack';
import { ApiDomain, ApiGatewayAccountLogging, MultiAzDatabase, PermissionsBoundary, PermissionsBoundaryProps, ReplicaBucket, ReplicatedBucket, SecureRestApi, ThreeTierVpc } from '../../src';
import {
  AUDIT_DESTINATION_ALLOWED, AUDIT_TRAIL_CHANGES, BOUNDARY_SETTING, CHANGES_TO_PRINCIPALS, IDENTITY_CENTER_GRANTS, IDENTITY_PROVIDER_CHANGES,
  OPERATIONS_REUSING_A_STORED_ROLE, ORGANIZATION_AND_ACCOUNT_CHANGES, STACK_READS, USER_CREDENTIALS,
} from '../../src/private/boundary-actions';
import { expectCompliant } from '../compliance';
import { validationError } from '../errors';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const POLICY_NAME = 'paved-road-boundary';
const BOUNDARY_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::123456789012:policy/${POLICY_NAME}`]] };

function boundaryIn(stack: Stack, props: Partial<PermissionsBoundaryProps> = {}) {
  return new PermissionsBoundary(stack, 'Boundary', { services: ['s3', 'logs'], managedPolicyName: POLICY_NAME, ...props });
}

/**
 * Every construct of the library, plus the aws-cdk-lib features that create
 * roles behind the scenes: AwsCustomResource, BucketDeployment, bucket
 * notifications, log retention, S3 auto-delete, and an L1 user.
 */
function everythingStack(app = new App()) {
  const stack = new Stack(app, 'Everything', { env: ENV });
  const network = new ThreeTierVpc(stack, 'Network');
  new ReplicatedBucket(stack, 'Uploads');
  new ReplicaBucket(stack, 'StandaloneReplica');
  new MultiAzDatabase(stack, 'Database', { vpc: network.vpc });
  new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
  const api = new SecureRestApi(stack, 'Api');
  api.root.addMethod('GET', new apigw.MockIntegration());
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
  new ApiDomain(stack, 'ApiDomain', { domainName: 'api.example.com', hostedZone: zone }).addRestApi('orders', api);

  const site = addFeaturesWithHiddenRoles(stack);
  new s3deploy.BucketDeployment(stack, 'Deploy', { destinationBucket: site, sources: [s3deploy.Source.asset(path.join(__dirname, 'site'))] });
  new iam.CfnUser(stack, 'Operator');
  return stack;
}

/** Every role and user in the synthesized template, with its boundary (walking the template, not trusting the aspect). */
function principals(stack: Stack): Array<[string, string, unknown]> {
  return Object.entries<any>(Template.fromStack(stack).toJSON().Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User')
    .map(([id, r]) => [id, r.Type, r.Properties?.PermissionsBoundary]);
}

describe('PermissionsBoundary.applyTo', () => {
  test('every role and user in a stack with every construct and the hidden aws-cdk-lib roles gets the boundary', () => {
    const stack = everythingStack();
    boundaryIn(stack).applyTo(stack);
    const found = principals(stack);
    const ids = found.map(([id]) => id).join(' ');
    // The hidden roles are really there, so the walk proves something.
    for (const hidden of ['AWS679f53fac002430cb0da5b7982bd2287', 'BucketNotificationsHandler', 'LogRetention', 'CustomS3AutoDeleteObjects',
      'CustomCDKBucketDeployment', 'CustomVpcRestrictDefaultSG', 'ApiGatewayLogging', 'Operator']) {
      expect(ids).toContain(hidden);
    }
    expect(found.length).toBeGreaterThanOrEqual(14);
    expect(found.filter(([, , boundary]) => JSON.stringify(boundary) !== JSON.stringify(BOUNDARY_ARN))).toEqual([]);
  });

  test('applied to the app, it reaches every stack, which then deploys after the boundary\'s', () => {
    const app = new App();
    const boundaryStack = new Stack(app, 'Boundaries', { env: ENV });
    const boundary = boundaryIn(boundaryStack);
    const workload = everythingStack(app);
    boundary.applyTo(app);
    expect(principals(workload).filter(([, , b]) => JSON.stringify(b) !== JSON.stringify(BOUNDARY_ARN))).toEqual([]);
    expect(workload.dependencies).toContain(boundaryStack);
    // No cross-stack export: the ARN is built from the name in each stack.
    expect(Template.fromStack(boundaryStack).toJSON().Outputs).toBeUndefined();
  });

  test('roles aws-cdk-lib creates after the aspects ran (cross-region reference providers) get it too', () => {
    const app = new App();
    const boundaryStack = new Stack(app, 'Boundaries', { env: ENV });
    const boundary = boundaryIn(boundaryStack);
    const { producer, consumer } = crossRegionReference(app);
    boundary.applyTo(app);
    const found = [...principals(producer), ...principals(consumer)];
    expect(found.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^CustomCrossRegionExportReaderCustomResourceProviderRole/),
      expect.stringMatching(/^CustomCrossRegionExportWriterCustomResourceProviderRole/),
    ]);
    expect(found.filter(([, , b]) => JSON.stringify(b) !== JSON.stringify(BOUNDARY_ARN))).toEqual([]);
    expect(producer.dependencies).toContain(boundaryStack);
    expect(consumer.dependencies).toContain(boundaryStack);
  });

  test('a boundary set explicitly is left alone, with a warning', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const own = new iam.ManagedPolicy(stack, 'OwnBoundary', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });
    const role = new iam.Role(stack, 'Special', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), permissionsBoundary: own });
    new iam.Role(stack, 'Ordinary', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    boundaryIn(stack).applyTo(stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      PermissionsBoundary: { Ref: stack.getLogicalId(own.node.defaultChild as iam.CfnManagedPolicy) },
      AssumeRolePolicyDocument: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: BOUNDARY_ARN });
    Annotations.fromStack(stack).hasWarning(`/Stack/${role.node.id}/Resource`, Match.stringLikeRegexp(
      'Stack/Special/Resource has a permissions boundary of its own, so PermissionsBoundary Stack/Boundary was not attached to it.'));
  });

  test('applying to a scope with no roles or users is a warning', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const boundary = boundaryIn(stack);
    const empty = new s3.Bucket(stack, 'JustABucket');
    boundary.applyTo(empty);
    Annotations.fromStack(stack).hasWarning('/Stack/JustABucket', Match.stringLikeRegexp(
      'PermissionsBoundary Stack/Boundary was applied to Stack/JustABucket, which has no IAM roles or users.'));
  });
});

describe('PermissionsBoundary policy', () => {
  function statementsOf(stack: Stack): any[] {
    const [policy] = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
    return policy.Properties.PolicyDocument.Statement;
  }

  test('the allowed services, then the deny statements, each scoped', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: POLICY_NAME });
    const statements = statementsOf(stack);
    expect(statements[0]).toEqual({ Effect: 'Allow', Action: ['s3:*', 'logs:*'], Resource: '*' });
    const bySid = Object.fromEntries(statements.filter((s) => s.Sid).map((s) => [s.Sid, s]));
    expect(Object.keys(bySid)).toEqual(['UnboundedPrincipals', 'BoundaryPolicy', 'Escapes', 'ProtectedStacks']);
    expect(bySid.UnboundedPrincipals).toEqual({
      Sid: 'UnboundedPrincipals',
      Effect: 'Deny',
      Action: CHANGES_TO_PRINCIPALS,
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': BOUNDARY_ARN } },
    });
    expect(bySid.BoundaryPolicy).toEqual({
      Sid: 'BoundaryPolicy',
      Effect: 'Deny',
      Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'],
      Resource: BOUNDARY_ARN,
    });
    // Denied on every resource, whatever the condition keys say.
    expect(bySid.Escapes).toEqual({
      Sid: 'Escapes',
      Effect: 'Deny',
      Action: [
        ...BOUNDARY_SETTING, ...USER_CREDENTIALS, ...IDENTITY_PROVIDER_CHANGES, ...IDENTITY_CENTER_GRANTS,
        ...ORGANIZATION_AND_ACCOUNT_CHANGES, ...AUDIT_TRAIL_CHANGES,
      ],
      Resource: '*',
    });
    expect(bySid.Escapes.Action).toEqual(expect.arrayContaining(['iam:*PermissionsBoundary', 'iam:CreateAccessKey', 'iam:UpdateSAMLProvider',
      'sso:CreateAccountAssignment', 'organizations:LeaveOrganization', 'account:CloseAccount', 'sts:AssumeRoot', 'cloudtrail:StopLogging']));
    // Every CloudFormation action but reads, on the stack that holds the boundary (by its id, whatever name it is deployed under).
    expect(bySid.ProtectedStacks).toEqual({ Sid: 'ProtectedStacks', Effect: 'Deny', NotAction: STACK_READS, Resource: { Ref: 'AWS::StackId' } });
  });

  test('opt-in settings add nothing by default: no region, trail destination or unbounded-role statement', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack);
    expect(statementsOf(stack).filter((s) => /Region|TrailDestinations|UnboundedRoles|ServiceRole/.test(s.Sid ?? ''))).toEqual([]);
  });

  test('protectedStackNames adds those stacks and stack sets, in every region', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { protectedStackNames: ['SecurityBaseline', 'Audit*'] });
    const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudformation:*:123456789012:${resource}`]] });
    expect(statementsOf(stack).find((s) => s.Sid === 'ProtectedStacks').Resource).toEqual([
      { Ref: 'AWS::StackId' },
      arn('stack/SecurityBaseline/*'), arn('stackset/SecurityBaseline:*'),
      arn('stack/Audit*/*'), arn('stackset/Audit*:*'),
    ]);
  });

  test('in a nested stack, the root stack is protected too', () => {
    const root = new Stack(new App(), 'Root', { env: ENV });
    const nested = new NestedStack(root, 'Platform');
    new PermissionsBoundary(nested, 'Boundary', { services: ['s3'], managedPolicyName: POLICY_NAME });
    const [policy] = Object.values<any>(Template.fromStack(nested).findResources('AWS::IAM::ManagedPolicy'));
    const statement = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'ProtectedStacks');
    expect(statement.Resource).toEqual([
      { Ref: 'AWS::StackId' },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:eu-west-1:123456789012:stack/Root/*']] },
    ]);
  });

  test('auditTrail lets principals below only read the trail\'s bucket, its objects, its log group and its key (and add log events)', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, {
      auditTrail: {
        bucket: s3.Bucket.fromBucketName(stack, 'TrailBucket', 'org-trail-logs'),
        logGroup: logs.LogGroup.fromLogGroupName(stack, 'TrailLogs', 'aws-cloudtrail-logs'),
        encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', 'arn:aws:kms:eu-west-1:123456789012:key/0f3c5e7a-1b2d-4c6e-8f0a-1b2c3d4e5f60'),
      },
    });
    const partitioned = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    expect(statementsOf(stack).find((s) => s.Sid === 'TrailDestinations')).toEqual({
      Sid: 'TrailDestinations',
      Effect: 'Deny',
      NotAction: AUDIT_DESTINATION_ALLOWED,
      Resource: [
        partitioned(':s3:::org-trail-logs'),
        partitioned(':s3:::org-trail-logs/*'),
        partitioned(':logs:eu-west-1:123456789012:log-group:aws-cloudtrail-logs'),
        partitioned(':logs:eu-west-1:123456789012:log-group:aws-cloudtrail-logs:*'),
        'arn:aws:kms:eu-west-1:123456789012:key/0f3c5e7a-1b2d-4c6e-8f0a-1b2c3d4e5f60',
      ],
    });
  });

  test('auditTrail with only a bucket protects only the bucket', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { auditTrail: { bucket: s3.Bucket.fromBucketName(stack, 'TrailBucket', 'org-trail-logs') } });
    expect(statementsOf(stack).find((s) => s.Sid === 'TrailDestinations').Resource).toHaveLength(2);
  });

  test('unboundedRoleNamePatterns denies using those roles and naming them as a stack\'s service role', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { unboundedRoleNamePatterns: ['cdk-*', 'service-role/legacy-*'] });
    const roles = ['cdk-*', 'service-role/legacy-*'].map((pattern) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::*:role/${pattern}`]] }));
    const bySid = Object.fromEntries(statementsOf(stack).filter((s) => s.Sid).map((s) => [s.Sid, s]));
    expect(bySid.UnboundedRoles).toEqual({ Sid: 'UnboundedRoles', Effect: 'Deny', Action: ['sts:AssumeRole', 'iam:PassRole'], Resource: roles });
    // Only operations that name a service role carry cloudformation:RoleArn, so cloudformation:* with ArnLike covers exactly them.
    expect(bySid.StacksWithUnboundedRoles).toEqual({
      Sid: 'StacksWithUnboundedRoles',
      Effect: 'Deny',
      Action: 'cloudformation:*',
      Resource: '*',
      Condition: { ArnLike: { 'cloudformation:RoleArn': roles } },
    });
    expect(bySid.StacksWithoutServiceRole).toBeUndefined();
  });

  test('requireStackServiceRole denies stack updates, change sets, deletions and stack sets that name no service role', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { requireStackServiceRole: true });
    expect(statementsOf(stack).find((s) => s.Sid === 'StacksWithoutServiceRole')).toEqual({
      Sid: 'StacksWithoutServiceRole',
      Effect: 'Deny',
      Resource: '*',
      Action: ['cloudformation:UpdateStack', 'cloudformation:CreateChangeSet', 'cloudformation:DeleteStack', 'cloudformation:CreateStackSet', 'cloudformation:UpdateStackSet'],
      Condition: { Null: { 'cloudformation:RoleArn': 'true' } },
    });
  });

  test('allowedRegions denies everything outside them but the Control Tower region deny exemptions', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { allowedRegions: ['eu-west-1', 'eu-central-1'], statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] })] });
    const region = statementsOf(stack).find((s) => s.Sid === 'OutsideAllowedRegions');
    expect(region).toEqual({
      Sid: 'OutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: PermissionsBoundary.REGION_DENY_EXEMPTIONS,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    });
    expect(statementsOf(stack)).toContainEqual({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' });
  });

  test('the region deny exempts what the library\'s EDGE features and global calls need (Control Tower\'s list)', () => {
    // https://docs.aws.amazon.com/controltower/latest/userguide/primary-region-deny-policy.html
    expect(PermissionsBoundary.REGION_DENY_EXEMPTIONS).toEqual(expect.arrayContaining([
      'acm:*', 'wafv2:*', 'cloudfront:*', 'route53:*', 'iam:*', 'sts:*', 'organizations:*', 's3:ListAllMyBuckets', 'cloudtrail:LookupEvents',
    ]));
    expect(PermissionsBoundary.REGION_DENY_EXEMPTIONS).toHaveLength(86);
  });

  test('regionDenyExemptions adds service prefixes and actions to the exemptions', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { allowedRegions: ['eu-west-1'], regionDenyExemptions: ['bedrock', 'lightsail:Get*', 'acm'] });
    const notActions = statementsOf(stack).find((s) => s.Sid === 'OutsideAllowedRegions').NotAction;
    expect(notActions).toEqual([...PermissionsBoundary.REGION_DENY_EXEMPTIONS, 'bedrock:*']);
  });

  test('the default name is derived from the construct path', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const boundary = new PermissionsBoundary(stack, 'Boundary', { services: ['s3'] });
    expect(boundary.managedPolicyName).toMatch(/^Stack-Boundary-[0-9A-F]{8}$/);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: boundary.managedPolicyName });
  });

  test('written with Resource *, it has zero findings in the six packs: its wildcards are acknowledged as a ceiling', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { services: ['s3', 'iam'], allowAdministrativeActions: true });
    const report = expectCompliant(stack);
    expect(report.acknowledgments.length).toBeGreaterThan(0);
    expect(new Set(report.acknowledgments.map((a) => a.path))).toEqual(new Set(['Stack/Boundary/Resource/Resource']));
    expect(report.acknowledgments[0].reason).toMatch(/^A permissions boundary grants nothing by itself/);
  });

  test('the stack with every construct, bounded, has zero findings in the six packs', () => {
    const app = new App();
    const stack = new Stack(app, 'Bounded', { env: ENV });
    const network = new ThreeTierVpc(stack, 'Network');
    new MultiAzDatabase(stack, 'Database', { vpc: network.vpc });
    new ReplicatedBucket(stack, 'Uploads');
    const api = new SecureRestApi(stack, 'Api');
    api.root.addMethod('GET', new apigw.MockIntegration());
    boundaryIn(stack, { services: ['s3', 'logs', 'kms', 'rds', 'secretsmanager', 'backup'] }).applyTo(stack);
    expectCompliant(stack);
    expect(principals(stack).every(([, , b]) => JSON.stringify(b) === JSON.stringify(BOUNDARY_ARN))).toBe(true);
  });
});

const SERVICES_MESSAGE = (value: string) =>
  `\`services\` must hold service prefixes such as 's3' or 'dynamodb' from the AWS service authorization reference, got: '${value}'.`;
const EXEMPTIONS_MESSAGE = (value: string) => '`regionDenyExemptions` must hold service prefixes (such as \'bedrock\') or actions ' +
  `(such as 's3:GetBucketLocation', which may hold * and ?) from the AWS service authorization reference, got: '${value}'.`;

describe('PermissionsBoundary errors', () => {
  test.each<[string, PermissionsBoundaryProps, string]>([
    ['nothing allowed', {}, 'A PermissionsBoundary needs `statements` or `services` that allow something, got neither: ' +
      'a boundary that allows nothing denies every action to every role it is attached to.'],
    ['an empty list', { services: [], statements: [] }, 'A PermissionsBoundary needs `statements` or `services` that allow something, got neither: ' +
      'a boundary that allows nothing denies every action to every role it is attached to.'],
    ['iam:* in the services preset', { services: ['s3', 'iam'] }, 'A PermissionsBoundary statement allows \'iam:*\', which lets roles below it ' +
      'administer IAM or everything. Name the actions, or set `allowAdministrativeActions: true` if that is the intent.'],
    ['* in a statement', { statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] },
      'A PermissionsBoundary statement allows \'*\', which lets roles below it administer IAM or everything. ' +
      'Name the actions, or set `allowAdministrativeActions: true` if that is the intent.'],
    ['a bad service prefix', { services: ['S3 '] }, SERVICES_MESSAGE('S3 ')],
    ['a service prefix the service reference does not know', { services: ['s4'] }, SERVICES_MESSAGE('s4')],
    ['an action in the services preset', { services: ['s3:GetObject'] }, SERVICES_MESSAGE('s3:GetObject')],
    ['no allowed region', { services: ['s3'], allowedRegions: [] },
      '`allowedRegions` names no region; name at least one (such as \'eu-west-1\'), or leave it out to allow every region.'],
    ['a misspelled region', { services: ['s3'], allowedRegions: ['eu-west1'] }, '`allowedRegions` must hold region names such as \'eu-west-1\', got: \'eu-west1\'.'],
    ['region exemptions without regions', { services: ['s3'], regionDenyExemptions: ['bedrock'] },
      '`regionDenyExemptions` has no effect without `allowedRegions`: nothing is limited to regions to exempt it from.'],
    ['empty region exemptions', { services: ['s3'], allowedRegions: ['eu-west-1'], regionDenyExemptions: [] },
      '`regionDenyExemptions` names nothing; name service prefixes or actions, or leave it out.'],
    ['a region exemption that is no service', { services: ['s3'], allowedRegions: ['eu-west-1'], regionDenyExemptions: ['bedrok'] }, EXEMPTIONS_MESSAGE('bedrok')],
    ['a region exemption that is no action', { services: ['s3'], allowedRegions: ['eu-west-1'], regionDenyExemptions: ['s3:ListEverything'] }, EXEMPTIONS_MESSAGE('s3:ListEverything')],
    ['no protected stack', { services: ['s3'], protectedStackNames: [] },
      '`protectedStackNames` names no stack; the stack that holds the boundary is always protected, so leave it out or name more stacks.'],
    ['a stack name CloudFormation rejects', { services: ['s3'], protectedStackNames: ['1-baseline'] },
      '`protectedStackNames` must hold CloudFormation stack names (a letter, then up to 127 letters, digits or hyphens; * allowed), got: \'1-baseline\'.'],
    ['an audit trail with no destination', { services: ['s3'], auditTrail: {} },
      '`auditTrail` names none of `bucket`, `logGroup` or `encryptionKey`; name the trail\'s destinations, or leave it out.'],
    ['no unbounded role pattern', { services: ['s3'], unboundedRoleNamePatterns: [] },
      '`unboundedRoleNamePatterns` names no role; name patterns such as \'cdk-*\', or leave it out.'],
    ['an unbounded role pattern that matches every role', { services: ['s3'], unboundedRoleNamePatterns: ['*'] },
      '`unboundedRoleNamePatterns` entry \'*\' matches every role, including the ones that carry this boundary, which principals below it ' +
      'must be able to pass to services. Name the unbounded roles, such as \'cdk-*\'.'],
    ['an unbounded role pattern that is no role name', { services: ['s3'], unboundedRoleNamePatterns: ['arn:aws:iam::123456789012:role/cdk-*'] },
      '`unboundedRoleNamePatterns` must hold role name patterns (up to 64 letters, digits, +=,.@_- or * and ?, after an optional path such as ' +
      '\'service-role/\'), got: \'arn:aws:iam::123456789012:role/cdk-*\'.'],
    ['a bad policy name', { services: ['s3'], managedPolicyName: 'no spaces allowed' },
      '`managedPolicyName` must be 1 to 128 letters, digits or +=,.@_- characters, got: \'no spaces allowed\'.'],
  ])('%s', (_case, props, message) => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    expect(() => new PermissionsBoundary(stack, 'Boundary', props)).toThrow(message);
    expect(stack.node.tryFindChild('Boundary')).toBeUndefined();
  });

  test('a Deny statement may name anything, and is kept', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['arn:aws:s3:::secrets/*'] })] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Deny', Action: '*', Resource: 'arn:aws:s3:::secrets/*' }]) },
    });
  });
});

describe('permissionsBoundary on the library\'s constructs', () => {
  test('each construct attaches its own boundary to the roles it creates, which an app-wide boundary then leaves alone', () => {
    const app = new App();
    const stack = new Stack(app, 'Own', { env: ENV });
    const own = new iam.ManagedPolicy(stack, 'TeamBoundary', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });
    const network = new ThreeTierVpc(stack, 'Network', { permissionsBoundary: own });
    new ReplicatedBucket(stack, 'Uploads', { permissionsBoundary: own });
    new MultiAzDatabase(stack, 'Database', { vpc: network.vpc, permissionsBoundary: own });
    new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging', { permissionsBoundary: own });
    const api = new SecureRestApi(stack, 'Api');
    api.root.addMethod('GET', new apigw.MockIntegration());
    boundaryIn(stack).applyTo(app);

    const ownRef = { Ref: stack.getLogicalId(own.node.defaultChild as iam.CfnManagedPolicy) };
    const found = principals(stack);
    expect(found.length).toBeGreaterThanOrEqual(7);
    expect(found.filter(([, , b]) => JSON.stringify(b) !== JSON.stringify(ownRef)).map(([id]) => id)).toEqual([]);
    // The app-wide boundary says why it stayed off each of them.
    const kept = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('has a permissions boundary of its own'));
    expect(kept).toHaveLength(found.length);
  });
});

describe('PermissionsBoundary checks at synth', () => {
  test('allowedRegions that leave out a ReplicatedBucket destination\'s region warn: the replication role is denied there', () => {
    const app = new App();
    const replicaStack = new Stack(app, 'Replica', { env: { ...ENV, region: 'us-east-1' }, crossRegionReferences: true });
    const replica = new ReplicaBucket(replicaStack, 'Replica');
    const stack = new Stack(app, 'Stack', { env: ENV, crossRegionReferences: true });
    new ReplicatedBucket(stack, 'Uploads', { destinations: [{ bucket: replica.bucket, encryptionKey: replica.encryptionKey }] });
    const sameRegion = new ReplicatedBucket(stack, 'Reports');
    expect(sameRegion.destinationRegions).toEqual(['eu-west-1']);
    boundaryIn(new Stack(app, 'Platform', { env: ENV }), { allowedRegions: ['eu-west-1'] }).applyTo(app);
    Annotations.fromStack(stack).hasWarning('/Stack/Uploads', Match.stringLikeRegexp(
      '^`allowedRegions` of Platform/Boundary \\(eu-west-1\\) leaves out us-east-1, where `destinations\\[0\\]` of Stack/Uploads is: ' +
      'the boundary denies its replication role there'));
    // The same-region bucket, and a boundary that allows both regions, say nothing.
    expect(Annotations.fromStack(stack).findWarning('/Stack/Reports', Match.stringLikeRegexp('allowedRegions'))).toEqual([]);
    const allowing = new App();
    const otherReplica = new ReplicaBucket(new Stack(allowing, 'Replica', { env: { ...ENV, region: 'us-east-1' }, crossRegionReferences: true }), 'Replica');
    const allowingStack = new Stack(allowing, 'Stack', { env: ENV, crossRegionReferences: true });
    new ReplicatedBucket(allowingStack, 'Uploads', { destinations: [{ bucket: otherReplica.bucket, encryptionKey: otherReplica.encryptionKey }] });
    boundaryIn(new Stack(allowing, 'Platform', { env: ENV }), { allowedRegions: ['eu-west-1', 'us-east-1'] }).applyTo(allowing);
    expect(Annotations.fromStack(allowingStack).findWarning('*', Match.stringLikeRegexp('leaves out'))).toEqual([]);
  });

  test('a policy over IAM\'s 6,144-character quota for managed policies fails synth, with its estimated size', () => {
    // IAM and AWS STS quotas: "Managed policy size: 6,144 characters", whitespace not counted.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const statements = Array.from({ length: 40 }, (_, i) => new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [`arn:aws:dynamodb:eu-west-1:123456789012:table/orders-${i}`],
    }));
    boundaryIn(stack, { services: undefined, statements });
    expect(() => Template.fromStack(stack)).toThrow(/The PermissionsBoundary policy Stack\/Boundary would hold about \d+ characters without whitespace, over IAM's quota of 6144 for a managed policy\. Shorten `statements` or `services`/);
  });

  test('every opt-in protection with an administrator ceiling fits the quota', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, {
      services: undefined,
      statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
      allowAdministrativeActions: true,
      allowedRegions: ['eu-west-1', 'eu-central-1'],
      unboundedRoleNamePatterns: ['cdk-*', 'AWSCloudFormationStackSet*'],
      requireStackServiceRole: true,
      protectedStackNames: ['SecurityBaseline'],
      auditTrail: {
        bucket: s3.Bucket.fromBucketName(stack, 'TrailBucket', 'org-trail-logs'),
        logGroup: logs.LogGroup.fromLogGroupName(stack, 'TrailLogs', 'aws-cloudtrail-logs'),
        encryptionKey: kms.Key.fromKeyArn(stack, 'TrailKey', 'arn:aws:kms:eu-west-1:123456789012:key/0f3c5e7a-1b2d-4c6e-8f0a-1b2c3d4e5f60'),
      },
    });
    const [policy] = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'));
    // The rendered document in the aws partition, as IAM counts it.
    const rendered = JSON.stringify(policy.Properties.PolicyDocument, (_key, value) => (value?.['Fn::Join']
      ? value['Fn::Join'][1].map((part: any) => (part.Ref === 'AWS::Partition' ? 'aws' : part.Ref ? 'x'.repeat(80) : part)).join('')
      : value));
    expect(rendered.length).toBeLessThan(6144);
  });

  test('a role that carries the boundary but matches unboundedRoleNamePatterns fails synth', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const boundary = boundaryIn(stack, { unboundedRoleNamePatterns: ['cdk-*'] });
    new iam.Role(stack, 'Deployer', { roleName: 'cdk-app-deployer', assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    new iam.Role(stack, 'Worker', { roleName: 'app-worker', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    boundary.applyTo(stack);
    expect(() => Template.fromStack(stack)).toThrow(validationError('Stack/Boundary', '`unboundedRoleNamePatterns` entry \'cdk-*\' matches the role \'cdk-app-deployer\' (Stack/Deployer/Resource), ' +
      'which carries this boundary: principals below the boundary could then neither assume nor pass it. Name only roles without this boundary.'));
  });
});

describe('PermissionsBoundary deploy order', () => {
  /** Every role and user that names `policyName` as its boundary, with the stack it is in and its DependsOn. */
  function boundedPrincipals(stack: Stack, policyName: string): Array<{ id: string; dependsOn: string[] }> {
    return Object.entries<any>(Template.fromStack(stack).toJSON().Resources)
      .filter(([, r]) => (r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User') && JSON.stringify(r.Properties?.PermissionsBoundary ?? '').includes(`policy/${policyName}`))
      .map(([id, r]) => ({ id, dependsOn: [].concat(r.DependsOn ?? []) }));
  }

  test('every role and user in the boundary\'s own stack depends on the policy, so CloudFormation creates the policy first', () => {
    const stack = everythingStack();
    const boundary = boundaryIn(stack);
    boundary.applyTo(stack);
    const policyId = stack.getLogicalId(boundary.policy.node.defaultChild as iam.CfnManagedPolicy);
    const principalsInStack = boundedPrincipals(stack, POLICY_NAME);
    expect(principalsInStack.length).toBeGreaterThanOrEqual(14);
    expect(principalsInStack.filter((p) => !p.dependsOn.includes(policyId)).map((p) => p.id)).toEqual([]);
  });

  test('roles in other stacks keep the stack dependency, and no cross-stack reference', () => {
    const app = new App();
    const boundaryStack = new Stack(app, 'Boundaries', { env: ENV });
    const boundary = boundaryIn(boundaryStack);
    const workload = new Stack(app, 'Workload', { env: ENV });
    new iam.Role(workload, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    boundary.applyTo(app);
    expect(boundedPrincipals(workload, POLICY_NAME)).toEqual([{ id: expect.stringMatching(/^Role/), dependsOn: [] }]);
    expect(workload.dependencies.map((dependency) => dependency.stackName)).toEqual(['Boundaries']);
  });

  test('the reference app\'s network stack: its five roles depend on the boundary policy', () => {
    const app = new App();
    const network = new NetworkStack(app, 'WebAppNetwork', { env: ENV });
    network.boundary.applyTo(app);
    const policyId = network.getLogicalId(network.boundary.policy.node.defaultChild as iam.CfnManagedPolicy);
    const principalsInStack = boundedPrincipals(network, network.boundary.managedPolicyName);
    expect(principalsInStack.map((p) => p.id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'ApiGatewayLoggingCloudWatchRole', 'AuditTrailBucketReplicationRole', 'AuditTrailCloudWatchLogsRole',
      'CustomVpcRestrictDefaultSGCustomResourceProviderRole', 'NetworkFlowLogsRole',
    ]);
    expect(principalsInStack.every((p) => p.dependsOn.includes(policyId))).toBe(true);
  });
});

describe('PermissionsBoundary deny lists against the AWS service authorization reference', () => {
  const expand = (patterns: string[]) => patterns.flatMap((pattern) => (matchingActions(pattern) ?? []).map((a) => `${pattern.split(':')[0]}:${a.name}`));

  test('every action and pattern it denies exists', () => {
    const lists = {
      CHANGES_TO_PRINCIPALS,
      USER_CREDENTIALS,
      ORGANIZATION_AND_ACCOUNT_CHANGES,
      AUDIT_TRAIL_CHANGES,
      OPERATIONS_REUSING_A_STORED_ROLE,
      STACK_READS,
      AUDIT_DESTINATION_ALLOWED,
    };
    const unknown = Object.entries(lists).flatMap(([name, patterns]) => patterns.filter((p: string) => (matchingActions(p) ?? []).length === 0).map((p: string) => `${name}: ${p}`));
    expect(unknown).toEqual([]);
  });

  test('it denies every IAM write that supports iam:PermissionsBoundary: unless the target carries the boundary, or outright for setting and removing boundaries', () => {
    const supporting = Object.values(serviceActions('iam')!)
      .filter((action) => (action.conditionKeys ?? []).includes('iam:PermissionsBoundary') && action.accessLevel !== 'Read')
      .map((action) => `iam:${action.name}`);
    expect([...expand(CHANGES_TO_PRINCIPALS), ...expand(BOUNDARY_SETTING)].sort()).toEqual(supporting.sort());
    expect(expand(BOUNDARY_SETTING).sort()).toEqual([
      'iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary',
    ]);
  });

  test('the user credential actions support no key for the user\'s boundary, so they are denied for every user', () => {
    const withKey = expand(USER_CREDENTIALS).filter((action) => (serviceActions('iam')![action.split(':')[1].toLowerCase()].conditionKeys ?? []).includes('iam:PermissionsBoundary'));
    expect(withKey).toEqual([]);
  });

  test('the patterns match exactly the actions meant', () => {
    expect(expand(['iam:UpdateRole*'])).toEqual(['iam:UpdateRole', 'iam:UpdateRoleDescription']);
    expect(expand(IDENTITY_CENTER_GRANTS).sort()).toEqual([
      'identitystore:CreateGroupMembership', 'sso:AttachCustomerManagedPolicyReferenceToPermissionSet', 'sso:AttachManagedPolicyToPermissionSet',
      'sso:CreateAccountAssignment', 'sso:ProvisionPermissionSet', 'sso:PutInlinePolicyToPermissionSet', 'sso:PutPermissionsBoundaryToPermissionSet',
    ]);
    expect(expand(ORGANIZATION_AND_ACCOUNT_CHANGES.filter((a) => a.startsWith('account:'))).sort()).toEqual([
      'account:AcceptPrimaryEmailUpdate', 'account:CloseAccount', 'account:DeleteAlternateContact', 'account:DisableRegion', 'account:EnableRegion',
      'account:PutAccountName', 'account:PutAlternateContact', 'account:PutContactInformation', 'account:StartPrimaryEmailUpdate',
    ]);
    expect(expand(AUDIT_TRAIL_CHANGES).sort()).toEqual([
      'cloudtrail:DeleteChannel', 'cloudtrail:DeleteDashboard', 'cloudtrail:DeleteEventDataStore', 'cloudtrail:DeleteResourcePolicy',
      'cloudtrail:DeleteServiceLinkedChannel', 'cloudtrail:DeleteTrail', 'cloudtrail:DeregisterOrganizationDelegatedAdmin',
      'cloudtrail:PutEventConfiguration', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors', 'cloudtrail:PutResourcePolicy',
      'cloudtrail:StopEventDataStoreIngestion', 'cloudtrail:StopLogging',
      'cloudtrail:UpdateChannel', 'cloudtrail:UpdateDashboard', 'cloudtrail:UpdateEventDataStore', 'cloudtrail:UpdateServiceLinkedChannel', 'cloudtrail:UpdateTrail',
    ]);
  });

  test('on protected stacks and stack sets, every read stays allowed and every write is denied', () => {
    const reads = new Set(expand(STACK_READS));
    const onStacks = Object.values(serviceActions('cloudformation')!).filter((a) => (a.resourceTypes ?? []).some((r) => r.name === 'stack' || r.name === 'stackset'));
    const misplaced = onStacks.filter((a) => reads.has(`cloudformation:${a.name}`) !== ['Read', 'List'].includes(a.accessLevel)).map((a) => `${a.name} (${a.accessLevel})`);
    expect(misplaced).toEqual([]);
    expect(onStacks.filter((a) => !reads.has(`cloudformation:${a.name}`)).map((a) => a.name)).toEqual(expect.arrayContaining(['UpdateStack', 'DeleteStack', 'ExecuteChangeSet', 'SetStackPolicy', 'CreateStackRefactor', 'UpdateStackSet']));
  });

  test('on the audit trail\'s destinations, only reads, decrypting what was read and adding log events stay allowed', () => {
    const writes = expand(AUDIT_DESTINATION_ALLOWED).filter((action) => {
      const [service, name] = action.split(':');
      return !['Read', 'List'].includes(serviceActions(service)![name.toLowerCase()].accessLevel);
    });
    expect(writes.sort()).toEqual(['kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  });
});

describe('PermissionsBoundary under cdk-nag 2 and cdk-nag 3', () => {
  test.each<[string, Partial<PermissionsBoundaryProps>]>([
    ['the services preset', { services: ['s3', 'logs', 'lambda'] }],
    ['statements on Resource *', { services: undefined, statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage', 'sns:Publish'], resources: ['*'] })] }],
    ['statements with service wildcards on named resources', {
      services: undefined,
      statements: [new iam.PolicyStatement({ actions: ['s3:Get*', 'dynamodb:*'], resources: ['arn:aws:s3:::data/*', 'arn:aws:dynamodb:eu-west-1:123456789012:table/*'] })],
    }],
    ['an administrator ceiling with every opt-in', {
      services: undefined,
      statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
      allowAdministrativeActions: true,
      allowedRegions: ['eu-west-1'],
      unboundedRoleNamePatterns: ['cdk-*'],
      protectedStackNames: ['SecurityBaseline'],
    }],
  ])('%s: zero findings under both majors, every wildcard acknowledged with the ceiling reason', (_case, props) => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, props);
    const report = expectCompliant(stack);
    expect(report.acknowledgments.some((a) => a.ruleId === 'AwsSolutions-IAM5')).toBe(true);
    // cdk-nag 3 names each wildcard as its own finding; every one is acknowledged, with the same reason.
    const v3 = new AwsSolutionsChecksV3().validateScope(stack);
    expect(v3.violations).toEqual([]);
    const acknowledged = stack.node.findChild('Boundary').node.findChild('Resource').node.defaultChild!.node.metadata
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .filter(([id]) => id.startsWith('annotation::AwsSolutions-IAM5['));
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(new Set(acknowledged.map(([, reason]) => reason))).toEqual(new Set([expect.stringMatching(/^A permissions boundary grants nothing by itself/)]));
  });

  test('cdk-nag 3 would report the wildcards without the granular acknowledgments (the parity is not vacuous)', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const policy = new iam.ManagedPolicy(stack, 'Ceiling', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });
    Validations.of(policy.node.defaultChild as iam.CfnManagedPolicy).acknowledge({ id: 'AwsSolutions-IAM5', reason: 'A whole-rule acknowledgment only.' });
    expect(new AwsSolutionsChecksV3().validateScope(stack).violations.map((v) => v.ruleName).sort()).toEqual([
      'AwsSolutions-IAM5[Action::s3:*]', 'AwsSolutions-IAM5[Resource::*]',
    ]);
  });
});
