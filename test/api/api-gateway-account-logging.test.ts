import { Annotations as CoreAnnotations, App, Aspects, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ApiGatewayAccountLogging, LeastPrivilegeChecks, SecureRestApi } from '../../src';
import { expectCompliant } from '../compliance';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const NO_ACCOUNT_LOGGING = 'cdk-paved-road:no-account-logging';

function api(stack: Stack, id = 'Orders'): SecureRestApi {
  const created = new SecureRestApi(stack, id);
  created.root.addMethod('GET', new apigw.MockIntegration());
  return created;
}

/** A log group ARN of ENV as the template writes it (the partition stays a reference). */
function logGroupArn(name: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:eu-west-1:123456789012:log-group:${name}`]] };
}

function stageOf(template: Template): any {
  const stages = Object.values<any>(template.findResources('AWS::ApiGateway::Stage'));
  expect(stages).toHaveLength(1);
  return stages[0];
}

describe('ApiGatewayAccountLogging', () => {
  test('one RETAINed role that API Gateway assumes, with a customer-managed policy for API Gateway\'s log groups only', () => {
    const stack = new Stack(new App(), 'Platform', { env: ENV });
    const logging = new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
    const t = Template.fromStack(stack);
    const roles = Object.entries<any>(t.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    const [roleId, role] = roles[0];
    expect(role.DeletionPolicy).toEqual('Retain');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } },
    ]);
    t.hasResource('AWS::ApiGateway::Account', { Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } }, DeletionPolicy: 'Retain' });
    t.resourceCountIs('AWS::IAM::Policy', 0);
    const executionLogs = logGroupArn('API-Gateway-Execution-Logs_*');
    const accessLogs = logGroupArn('API-Gateway-Access-Logs_*');
    t.hasResource('AWS::IAM::ManagedPolicy', {
      DeletionPolicy: 'Retain',
      Properties: {
        Roles: [{ Ref: roleId }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: executionLogs },
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [executionLogs, accessLogs] },
            { Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' },
          ],
        },
      },
    });
    expect(logging.role.roleArn).toBeDefined();
    expect(JSON.stringify(t.toJSON())).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
  });

  test('more access log group prefixes', () => {
    const stack = new Stack(new App(), 'Platform', { env: ENV });
    new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging', { additionalAccessLogGroupPrefixes: ['/aws/apigateway/'] });
    const statement = Template.fromStack(stack).toJSON().Resources;
    const policy = Object.values<any>(statement).find((r) => r.Type === 'AWS::IAM::ManagedPolicy');
    expect(policy.Properties.PolicyDocument.Statement[1].Resource).toEqual([
      logGroupArn('API-Gateway-Execution-Logs_*'),
      logGroupArn('API-Gateway-Access-Logs_*'),
      logGroupArn('/aws/apigateway/*'),
    ]);
  });

  test('zero findings in the six packs (the log group patterns acknowledged one by one) and none from LeastPrivilegeChecks', () => {
    const stack = new Stack(new App(), 'Platform', { env: ENV });
    new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
    Aspects.of(stack).add(new LeastPrivilegeChecks());
    const report = expectCompliant(stack);
    expect(report.acknowledgments.map((a) => [a.ruleId, a.findingId]).sort()).toEqual([
      ['AwsSolutions-IAM5', 'Resource::*'],
      ['AwsSolutions-IAM5', 'Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:API-Gateway-Access-Logs_*'],
      ['AwsSolutions-IAM5', 'Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:API-Gateway-Execution-Logs_*'],
    ]);
    const messages = (stack.node.root as App).synth().getStackByName(stack.stackName).messages;
    expect(messages.filter((m) => String(m.entry.data).startsWith('LeastPrivilege:'))).toEqual([]);
  });

  test('a permissions boundary for the role', () => {
    const stack = new Stack(new App(), 'Platform', { env: ENV });
    const boundary = iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', 'arn:aws:iam::123456789012:policy/boundary');
    new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging', { permissionsBoundary: boundary });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary' });
  });
});

describe('SecureRestApi and the account setting', () => {
  test('an API finds the setting of its account and region in another stack, even one created after it, and deploys after it', () => {
    const app = new App();
    const apis = new Stack(app, 'Apis', { env: ENV });
    const orders = api(apis);
    const platform = new Stack(app, 'Platform', { env: ENV });
    new ApiGatewayAccountLogging(platform, 'ApiGatewayLogging');
    const t = Template.fromStack(apis);
    t.resourceCountIs('AWS::ApiGateway::Account', 0);
    expect(apis.dependencies).toEqual([platform]);
    Annotations.fromStack(apis).hasNoWarning('*', Match.anyValue());
    expect(orders.deploymentStage.node.dependencies.map((d) => d.node.path)).toContain('Platform/ApiGatewayLogging/Resource');
  });

  test('in the same stack, the stage depends on the AWS::ApiGateway::Account resource', () => {
    const stack = new Stack(new App(), 'Apis', { env: ENV });
    new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
    api(stack);
    const t = Template.fromStack(stack);
    const [accountId] = Object.keys(t.findResources('AWS::ApiGateway::Account'));
    expect(stageOf(t).DependsOn).toEqual(expect.arrayContaining([accountId]));
  });

  test('the README\'s advice holds: APIs spread over stacks share the one setting of their account and region', () => {
    const app = new App();
    const platform = new Stack(app, 'Platform', { env: ENV });
    const logging = new ApiGatewayAccountLogging(platform, 'ApiGatewayLogging');
    const stacks = ['Orders', 'Users', 'Billing'].map((name) => {
      const stack = new Stack(app, `${name}Stack`, { env: ENV });
      api(stack, name);
      return stack;
    });
    const assembly = app.synth();
    const accounts = assembly.stacks.flatMap((s) => Object.values<any>(s.template.Resources).filter((r) => r.Type === 'AWS::ApiGateway::Account'));
    expect(accounts).toHaveLength(1);
    for (const stack of stacks) {
      expect(stack.dependencies).toEqual([platform]);
    }
    expect(ApiGatewayAccountLogging.findInApp(stacks[0])).toBe(logging);
  });

  test('without a setting for its account and region, an API warns, and the warning can be acknowledged', () => {
    const app = new App();
    new ApiGatewayAccountLogging(new Stack(app, 'OtherRegion', { env: { ...ENV, region: 'us-east-1' } }), 'ApiGatewayLogging');
    const stack = new Stack(app, 'Apis', { env: ENV });
    api(stack);
    Annotations.fromStack(stack).hasWarning('/Apis/Orders', Match.stringLikeRegexp(
      `No ApiGatewayAccountLogging in this app for the API's account and region\\. .*\\[ack: ${NO_ACCOUNT_LOGGING}\\]`));
    expect(stack.dependencies).toEqual([]);

    const acknowledged = new Stack(new App(), 'Apis', { env: ENV });
    CoreAnnotations.of(acknowledged).acknowledgeWarning(NO_ACCOUNT_LOGGING, 'The platform team\'s landing zone sets the CloudWatch role.');
    api(acknowledged);
    Annotations.fromStack(acknowledged).hasNoWarning('*', Match.anyValue());
  });

  test('a setting in another CDK stage is not used (stacks of different stages cannot depend on each other)', () => {
    const app = new App();
    new ApiGatewayAccountLogging(new Stack(new Stage(app, 'Platform'), 'Logging', { env: ENV }), 'ApiGatewayLogging');
    const stack = new Stack(new Stage(app, 'Workload'), 'Apis', { env: ENV });
    api(stack);
    expect(ApiGatewayAccountLogging.findInApp(stack)).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Workload/Apis/Orders', Match.stringLikeRegexp('No ApiGatewayAccountLogging'));
  });

  test('an API given its setting uses it', () => {
    const app = new App();
    const logging = new ApiGatewayAccountLogging(new Stack(app, 'Platform', { env: ENV }), 'ApiGatewayLogging');
    const stack = new Stack(app, 'Apis', { env: ENV });
    const orders = new SecureRestApi(stack, 'Orders', { accountLogging: logging });
    orders.root.addMethod('GET', new apigw.MockIntegration());
    expect(orders.deploymentStage.node.dependencies).toContain(logging.account);
    Template.fromStack(stack);
    expect(stack.dependencies).toEqual([Stack.of(logging)]);
  });
});

describe('ApiGatewayAccountLogging errors', () => {
  test('a second setting for the same account and region is an error naming the first', () => {
    const app = new App();
    new ApiGatewayAccountLogging(new Stack(app, 'Platform', { env: ENV }), 'ApiGatewayLogging');
    const second = new Stack(app, 'Team', { env: ENV });
    expect(() => new ApiGatewayAccountLogging(second, 'ApiGatewayLogging')).toThrow(new Error(
      'Platform/ApiGatewayLogging already sets API Gateway\'s CloudWatch role for account 123456789012 in eu-west-1; an account ' +
      'and region have one such setting, and a second would replace the first\'s role. Create one ApiGatewayAccountLogging per ' +
      'account and region and let every SecureRestApi use it.'),
    );
    expect(second.node.tryFindChild('ApiGatewayLogging')).toBeUndefined();
    // Another region is another setting.
    expect(() => new ApiGatewayAccountLogging(new Stack(app, 'UsEast1', { env: { ...ENV, region: 'us-east-1' } }), 'ApiGatewayLogging')).not.toThrow();
  });

  test('two in environment-agnostic stacks warn: they may share an account and region', () => {
    const app = new App();
    new ApiGatewayAccountLogging(new Stack(app, 'First'), 'ApiGatewayLogging');
    const second = new Stack(app, 'Second');
    new ApiGatewayAccountLogging(second, 'ApiGatewayLogging');
    Annotations.fromStack(second).hasWarning('/Second/ApiGatewayLogging', Match.stringLikeRegexp(
      'First/ApiGatewayLogging may already set API Gateway\'s CloudWatch role for the same account and region'));
  });

  test('an access log group prefix that is not a log group name', () => {
    const stack = new Stack(new App(), 'Platform', { env: ENV });
    expect(() => new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging', { additionalAccessLogGroupPrefixes: ['api logs*'] })).toThrow(new Error(
      '`additionalAccessLogGroupPrefixes` must be log group name prefixes of 1 to 511 letters, digits, \'.\', \'-\', \'_\', \'/\' or \'#\', got: \'api logs*\'.'),
    );
    expect(stack.node.tryFindChild('ApiGatewayLogging')).toBeUndefined();
  });

  test('a SecureRestApi given the setting of another account or region', () => {
    const app = new App();
    const logging = new ApiGatewayAccountLogging(new Stack(app, 'Platform', { env: { ...ENV, region: 'us-east-1' } }), 'ApiGatewayLogging');
    const stack = new Stack(app, 'Apis', { env: ENV });
    expect(() => new SecureRestApi(stack, 'Orders', { accountLogging: logging })).toThrow(new Error(
      '`accountLogging` must be the setting of this API\'s account and region (123456789012, eu-west-1), got: Platform/ApiGatewayLogging for 123456789012, us-east-1.'),
    );
    expect(stack.node.tryFindChild('Orders')).toBeUndefined();
  });
});
