import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { AwsSolutionsChecks as AwsSolutionsChecksV3 } from 'cdk-nag-v3';
import { addFeaturesWithHiddenRoles, crossRegionReference } from './hidden-roles-fixture';
import { NetworkStack } from '../../examples/three-tier-web-app/lib/network-stack';
import { ApiDomain, MultiAzDatabase, PermissionsBoundary, PermissionsBoundaryProps, ReplicaBucket, ReplicatedBucket, SecureRestApi, ThreeTierVpc } from '../../src';
import { expectCompliant } from '../compliance';

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
      'CustomCDKBucketDeployment', 'CustomVpcRestrictDefaultSG', 'PavedRoadApiGatewayAccount', 'Operator']) {
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

  test('the allowed services, then the deny statements that make it escape-proof, scoped', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: POLICY_NAME });
    const statements = statementsOf(stack);
    expect(statements[0]).toEqual({ Effect: 'Allow', Action: ['s3:*', 'logs:*'], Resource: '*' });
    const bySid = Object.fromEntries(statements.filter((s) => s.Sid).map((s) => [s.Sid, s]));
    expect(bySid.DenyPrincipalsWithoutThisBoundary).toEqual({
      Sid: 'DenyPrincipalsWithoutThisBoundary',
      Effect: 'Deny',
      Action: ['iam:CreateRole', 'iam:CreateUser', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': BOUNDARY_ARN } },
    });
    expect(bySid.DenyBoundaryRemoval).toEqual(expect.objectContaining({
      Effect: 'Deny', Action: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'], Resource: '*',
    }));
    expect(bySid.DenyChangesToThisBoundary).toEqual(expect.objectContaining({
      Effect: 'Deny',
      Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'],
      Resource: BOUNDARY_ARN,
    }));
    expect(bySid.DenyOrganizationAndAccountChanges.Action).toEqual(expect.arrayContaining([
      'organizations:LeaveOrganization', 'account:CloseAccount', 'account:PutAlternateContact',
    ]));
    expect(bySid.DenyAuditTrailChanges.Action).toEqual(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors']);
    expect(bySid.DenyOutsideAllowedRegions).toBeUndefined();
  });

  test('allowedRegions denies everything but global services outside them', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    boundaryIn(stack, { allowedRegions: ['eu-west-1', 'eu-central-1'], statements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] })] });
    const region = statementsOf(stack).find((s) => s.Sid === 'DenyOutsideAllowedRegions');
    expect(region).toEqual(expect.objectContaining({
      Effect: 'Deny',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    }));
    expect(region.NotAction).toEqual(expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*', 'cloudfront:*', 'route53:*']));
    expect(statementsOf(stack)).toContainEqual({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' });
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
    ['a bad service prefix', { services: ['S3 '] }, '`services` must hold service prefixes such as \'s3\' or \'dynamodb\', got: \'S3 \'.'],
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
    const api = new SecureRestApi(stack, 'Api', { permissionsBoundary: own });
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

  test('the reference app\'s network stack: both of its roles depend on the boundary policy', () => {
    const app = new App();
    const network = new NetworkStack(app, 'WebAppNetwork', { env: ENV });
    network.boundary.applyTo(app);
    const policyId = network.getLogicalId(network.boundary.policy.node.defaultChild as iam.CfnManagedPolicy);
    const principalsInStack = boundedPrincipals(network, network.boundary.managedPolicyName);
    expect(principalsInStack).toHaveLength(2);
    expect(principalsInStack.every((p) => p.dependsOn.includes(policyId))).toBe(true);
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
