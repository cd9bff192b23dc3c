import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { crossRegionReference } from './hidden-roles-fixture';
import {
  ApiDomain, LeastPrivilegeChecks, LeastPrivilegeChecksProps, MultiAzDatabase, PermissionsBoundary, ReplicaBucket, ReplicatedBucket,
  SecureFunction, SecureRestApi, ThreeTierVpc,
} from '../../src';
import { validationError } from '../errors';

const ENV = { account: '123456789012', region: 'eu-west-1' };

/** A role with one customer-managed policy holding `statement`. */
function stackWith(statement: iam.PolicyStatement, props: LeastPrivilegeChecksProps = {}) {
  const app = new App();
  const stack = new Stack(app, 'Checked', { env: ENV });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  new iam.ManagedPolicy(stack, 'Policy', { roles: [role], statements: [statement] });
  Aspects.of(app).add(new LeastPrivilegeChecks(props));
  return { app, stack, role };
}

function leastPrivilegeErrors(stack: Stack): string[] {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('^LeastPrivilege:'))
    .map((m) => `${m.id} ${m.entry.data}`);
}

describe('LeastPrivilegeChecks findings', () => {
  test.each<[string, iam.PolicyStatement, string]>([
    ['Action *', new iam.PolicyStatement({ actions: ['*'], resources: ['arn:aws:s3:::bucket'] }),
      '/Checked/Policy/Resource LeastPrivilege: Action * in {"Action":"*","Effect":"Allow","Resource":"arn:aws:s3:::bucket"}'],
    ['service:*', new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::bucket'] }),
      '/Checked/Policy/Resource LeastPrivilege: Action s3:* in {"Action":"s3:*","Effect":"Allow","Resource":"arn:aws:s3:::bucket"}'],
    ['NotAction', new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['arn:aws:s3:::bucket'] }),
      '/Checked/Policy/Resource LeastPrivilege: Allow with NotAction in {"NotAction":"iam:*","Effect":"Allow","Resource":"arn:aws:s3:::bucket"}'],
    ['Resource * for scopable actions', new iam.PolicyStatement({ actions: ['s3:GetObject', 'ec2:DescribeInstances'], resources: ['*'] }),
      '/Checked/Policy/Resource LeastPrivilege: Resource * for actions that support resource-level permissions: s3:GetObject ' +
      'in {"Action":["s3:GetObject","ec2:DescribeInstances"],"Effect":"Allow","Resource":"*"}'],
    ['iam:PassRole on *', new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] }),
      '/Checked/Policy/Resource LeastPrivilege: iam:PassRole on Resource * in {"Action":"iam:PassRole","Effect":"Allow","Resource":"*"}'],
  ])('%s', (_case, statement, expected) => {
    const { stack } = stackWith(statement);
    expect(leastPrivilegeErrors(stack)).toEqual([expected]);
  });

  test.each([
    ['actions without resource-level permissions', ['ec2:DescribeInstances', 'xray:PutTraceSegments', 'sts:GetCallerIdentity']],
    ['a wildcard that only matches such actions', ['ec2:DescribeNetworkInterface*']],
  ])('Resource * is fine for %s', (_case, actions) => {
    const { stack } = stackWith(new iam.PolicyStatement({ actions, resources: ['*'] }));
    expect(leastPrivilegeErrors(stack)).toEqual([]);
  });

  test('named actions on named resources, and Deny statements, pass', () => {
    const { stack, role } = stackWith(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }));
    role.addManagedPolicy(new iam.ManagedPolicy(stack, 'Denies', {
      statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] })],
    }));
    expect(leastPrivilegeErrors(stack)).toEqual([]);
  });

  test('an inline policy on a role is checked too', () => {
    const app = new App();
    const stack = new Stack(app, 'Checked', { env: ENV });
    new iam.CfnRole(stack, 'L1Role', {
      assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      policies: [{ policyName: 'inline', policyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } }],
    });
    Aspects.of(app).add(new LeastPrivilegeChecks());
    expect(leastPrivilegeErrors(stack)).toEqual([
      '/Checked/L1Role LeastPrivilege: Action dynamodb:* in {"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}',
    ]);
  });

  test('an AWS managed policy attached to a role', () => {
    const app = new App();
    const stack = new Stack(app, 'Checked', { env: ENV });
    new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    Aspects.of(app).add(new LeastPrivilegeChecks());
    expect(leastPrivilegeErrors(stack)).toEqual([
      '/Checked/Role/Resource LeastPrivilege: AWS managed policy service-role/AWSLambdaBasicExecutionRole is attached',
    ]);
  });
});

describe('LeastPrivilegeChecks on roles created after the aspects', () => {
  test('the cross-region reference providers are checked: each has an AWS managed policy', () => {
    const app = new App();
    const { producer, consumer } = crossRegionReference(app, ENV.account);
    Aspects.of(app).add(new LeastPrivilegeChecks());
    app.synth();
    expect([...leastPrivilegeErrors(producer), ...leastPrivilegeErrors(consumer)]).toEqual([
      '/Producer/Custom::CrossRegionExportWriterCustomResourceProvider/Role LeastPrivilege: AWS managed policy service-role/AWSLambdaBasicExecutionRole is attached',
      '/Consumer/Custom::CrossRegionExportReaderCustomResourceProvider/Role LeastPrivilege: AWS managed policy service-role/AWSLambdaBasicExecutionRole is attached',
    ]);
  });
});

describe('LeastPrivilegeChecks exceptions', () => {
  const wildcard = () => new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: ['*'] });
  const finding = 'Resource * for actions that support resource-level permissions: ec2:CreateNetworkInterface';

  test('an exception with the path, the exact finding and a reason accepts it', () => {
    const { app, stack } = stackWith(wildcard(), {
      exceptions: [{ path: 'Checked/Policy/Resource', finding, reason: 'Lambda creates the network interfaces of a function in a VPC.' }],
    });
    expect(leastPrivilegeErrors(stack)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  test('an exception at another path does not, and is reported as unused', () => {
    const { app, stack } = stackWith(wildcard(), {
      exceptions: [{ path: 'Checked/Other/Resource', finding, reason: 'Lambda creates the network interfaces of a function in a VPC.' }],
    });
    expect(() => app.synth()).toThrow(validationError('', `LeastPrivilege: the exception for '${finding}' at Checked/Other/Resource matches no finding; remove it.`));
    const messages = app.synth({ force: true, skipValidation: true }).getStackByName(stack.stackName).messages;
    expect(messages.map((m) => m.entry.data)).toEqual([expect.stringMatching(`^LeastPrivilege: ${finding.replace('*', '\\*')} in `)]);
  });

  test('a wildcard that matches an action with resource-level permissions is reported', () => {
    const { stack } = stackWith(new iam.PolicyStatement({ actions: ['logs:Describe*'], resources: ['*'] }));
    expect(leastPrivilegeErrors(stack)).toEqual([expect.stringContaining('LeastPrivilege: Resource * for actions that support resource-level permissions: logs:Describe*')]);
  });

  test('an exception that matches no finding fails synth', () => {
    const { app } = stackWith(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }), {
      exceptions: [{ path: 'Checked/Policy/Resource', finding: 'Action s3:*', reason: 'Left over from an older version of the policy.' }],
    });
    expect(() => app.synth()).toThrow(validationError('', "LeastPrivilege: the exception for 'Action s3:*' at Checked/Policy/Resource matches no finding; remove it."));
  });

  test('an exception needs a reason', () => {
    expect(() => new LeastPrivilegeChecks({ exceptions: [{ path: 'A/B', finding: 'Action *', reason: 'because' }] })).toThrow(new Error(
      "The LeastPrivilegeChecks exception for 'Action *' at A/B needs a reason of at least 10 characters, got: 'because'."),
    );
  });
});

describe('LeastPrivilegeChecks on the library', () => {
  test('every construct, bounded, passes with no exceptions; the boundary itself is a ceiling, not a finding', () => {
    const app = new App();
    const stack = new Stack(app, 'Library', { env: ENV });
    const network = new ThreeTierVpc(stack, 'Network');
    new ReplicatedBucket(stack, 'Uploads');
    new ReplicaBucket(stack, 'Replica');
    const database = new MultiAzDatabase(stack, 'Database', { vpc: network.vpc });
    const api = new SecureRestApi(stack, 'Api');
    const method = api.root.addMethod('GET', new apigw.MockIntegration());
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    new ApiDomain(stack, 'ApiDomain', { domainName: 'api.example.com', hostedZone: zone }).addRestApi('orders', api);
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantExecute(caller, method);
    database.grantConnect(caller, 'orders_app');
    new PermissionsBoundary(stack, 'Boundary', { services: ['s3', 'logs'] }).applyTo(app);
    Aspects.of(app).add(new LeastPrivilegeChecks());
    expect(leastPrivilegeErrors(stack)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  test('the permissions inventory lists each role with its boundary and statements', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Inventory', { env: ENV });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new iam.ManagedPolicy(stack, 'ReadPolicy', {
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] })],
    });
    new PermissionsBoundary(stack, 'Boundary', { services: ['s3'], managedPolicyName: 'boundary' }).applyTo(stack);
    Aspects.of(app).add(new LeastPrivilegeChecks({ inventoryFileName: 'permissions-inventory.json' }));
    app.synth();
    const inventory = JSON.parse(fs.readFileSync(path.join(outdir, 'permissions-inventory.json'), 'utf8'));
    expect(inventory).toEqual([{
      path: 'Inventory/Reader/Resource',
      stack: 'Inventory',
      type: 'AWS::IAM::Role',
      logicalId: stack.getLogicalId(role.node.defaultChild as iam.CfnRole),
      permissionsBoundary: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:policy/boundary']] },
      managedPolicyArns: [],
      statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
    }]);
  });
});

describe('the one exception the library makes itself: the SecureFunction networking policy', () => {
  function sharedPolicyWith(extra: iam.PolicyStatement): string[] {
    const app = new App();
    const stack = new Stack(app, 'Functions', { env: { account: '111111111111', region: 'eu-west-1' } });
    const network = new ThreeTierVpc(stack, 'Network', { alarms: { enabled: false } });
    new SecureFunction(stack, 'Fn', { vpc: network.vpc, code: lambda.Code.fromInline('exports.handler = async () => {};'), handler: 'index.handler' });
    (stack.node.findChild('PavedRoadFunctionNetworkingPolicy') as iam.ManagedPolicy).addStatements(extra);
    Aspects.of(app).add(new LeastPrivilegeChecks());
    return leastPrivilegeErrors(stack);
  }

  test('accepts Resource * for the network-interface actions it names, and for nothing else in the same policy', () => {
    expect(sharedPolicyWith(new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: ['*'] }))).toEqual([]);
    expect(sharedPolicyWith(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }))).toEqual([
      expect.stringMatching(/^\/Functions\/PavedRoadFunctionNetworkingPolicy\/Resource LeastPrivilege: Resource \* for actions that support resource-level permissions: s3:GetObject in /),
    ]);
  });
});
