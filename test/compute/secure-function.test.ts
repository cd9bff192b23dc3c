import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Profile } from '../../src';
import { expectPavedRoad, secureFunction, serverlessStack } from '../serverless-fixture';

function only(template: Template, type: string, properties: Record<string, unknown>): any {
  const found = Object.values(template.findResources(type, { Properties: properties }));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('SecureFunction defaults', () => {
  const { app, stack, network } = serverlessStack();
  const fn = secureFunction(stack, 'Fn', network);
  const template = Template.fromStack(stack);
  const resource = only(template, 'AWS::Lambda::Function', { Description: 'Workload/Fn' });

  test('explicit memory (256 MiB) and timeout (30 s), arm64, the newest Node.js runtime, JSON logs and active tracing', () => {
    expect(resource.Properties).toEqual(expect.objectContaining({
      MemorySize: 256,
      Timeout: 30,
      Architectures: ['arm64'],
      Runtime: expect.stringMatching(/^nodejs\d+\.x$/),
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN', LogGroup: { Ref: expect.stringMatching(/^FnLogs/) } },
    }));
    const newest = Math.max(...lambda.Runtime.ALL.filter((r) => /^nodejs\d+\.x$/.test(r.name)).map((r) => Number(/\d+/.exec(r.name)![0])));
    expect(resource.Properties.Runtime).toEqual(`nodejs${newest}.x`);
  });

  test('reserves 50 concurrent executions in the PRODUCTION profile', () => {
    expect(resource.Properties.ReservedConcurrentExecutions).toEqual(50);
    expect(fn.reservedConcurrency).toEqual(50);
  });

  test('runs in the application subnets behind its own security group, with no inbound and no outbound rule', () => {
    const subnets = resource.Properties.VpcConfig.SubnetIds.map((s: any) => s.Ref);
    expect(subnets).toHaveLength(3);
    subnets.forEach((id: string) => expect(id).toMatch(/^NetworkApplicationSubnet/));
    const group = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Workload/Fn: no inbound') } });
    const [groupResource] = Object.values<any>(group);
    expect(groupResource.Properties.SecurityGroupIngress).toBeUndefined();
    // aws-cdk-lib's placeholder rule that matches no traffic, which it writes when a group allows nothing out.
    expect(groupResource.Properties.SecurityGroupEgress).toEqual([{ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 }]);
  });

  test('a KMS-encrypted, TLS-only dead-letter queue that keeps events 14 days', () => {
    expect(resource.Properties.DeadLetterConfig.TargetArn['Fn::GetAtt'][0]).toMatch(/^FnDeadLetterQueue/);
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnKey'), 'Arn'] },
      MessageRetentionPeriod: 1209600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('a pre-created log group encrypted with the function key, kept a year and retained', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
  });

  test('the role has customer-managed policies only: its own, and the stack\'s shared networking policy', () => {
    const role = only(template, 'AWS::IAM::Role', { Description: 'Workload/Fn' });
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: expect.stringMatching(/^PavedRoadFunctionNetworkingPolicy/) }]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const own = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('^The permissions of') } });
    const statements = (Object.values<any>(own)[0]).Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['kms:GenerateDataKey', 'kms:Decrypt'],
      'sqs:SendMessage',
    ]);
  });

  test('the function is created after both of its policies (Lambda checks the network-interface permissions)', () => {
    expect(resource.DependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^PavedRoadFunctionNetworkingPolicy/), expect.stringMatching(/^FnServiceRolePermissions/),
    ]));
  });

  test('three alarms (Errors, Throttles, DeadLetters) notify an encrypted topic', () => {
    expect(fn.alarms).toHaveLength(3);
    expect(fn.alarmTopic).toBeDefined();
    const ownAlarms = template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmDescription: Match.stringLikeRegexp('^Workload/Fn: ') } });
    expect(Object.keys(ownAlarms)).toHaveLength(3);
    for (const metric of ['Errors', 'Throttles', 'ApproximateNumberOfMessagesVisible']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric, Threshold: 1, EvaluationPeriods: 1, Period: 300 });
    }
  });

  test('zero cdk-nag findings, LeastPrivilegeChecks clean and a boundary on every role', () => {
    expectPavedRoad(app, stack);
  });
});

describe('SecureFunction options', () => {
  test('DEVELOPMENT reserves 5; explicit props win', () => {
    const { stack, network } = serverlessStack();
    secureFunction(stack, 'Dev', network, { profile: Profile.DEVELOPMENT });
    secureFunction(stack, 'Sized', network, { memorySize: 1024, timeout: Duration.minutes(2), reservedConcurrentExecutions: 7 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Description: 'Workload/Dev', ReservedConcurrentExecutions: 5 });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: 'Workload/Sized', ReservedConcurrentExecutions: 7, MemorySize: 1024, Timeout: 120 });
  });

  test('two functions share one networking policy, acknowledged once', () => {
    const { app, stack, network } = serverlessStack();
    secureFunction(stack, 'One', network);
    secureFunction(stack, 'Two', network, { logs: { retention: logs.RetentionDays.THREE_MONTHS }, alarms: { enabled: false } });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('^Network interfaces') } }))).toHaveLength(1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    expectPavedRoad(app, stack);
  });

  test('grants to the function land in customer-managed policies', () => {
    const { app, stack, network } = serverlessStack();
    const fn = secureFunction(stack, 'Fn', network);
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    bucket.grantRead(fn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('a.txt')] }));
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
    void app;
  });

  test('more than 900 reserved executions warns that the default quota cannot hold them', () => {
    const { stack, network } = serverlessStack();
    secureFunction(stack, 'Big', network, { reservedConcurrentExecutions: 901 });
    Annotations.fromStack(stack).hasWarning('/Workload/Big', Match.stringLikeRegexp('^`reservedConcurrentExecutions` is 901: an account with Lambda\'s default quota'));
  });
});

describe('SecureFunction refuses bad input, before anything is created', () => {
  const cases: Array<[string, (network: any) => any, string]> = [
    ['memory below 128 MiB', () => ({ memorySize: 64 }), '`memorySize` must be a whole number of MiB from 128 to 10240, got: 64.'],
    ['a timeout over 15 minutes', () => ({ timeout: Duration.minutes(16) }), '`timeout` must be whole seconds from 1 to 900 (15 minutes), got: 16 minutes.'],
    ['no reserved concurrency', () => ({ reservedConcurrentExecutions: 0 }),
      '`reservedConcurrentExecutions` must be a whole number of at least 1, got: 0. 0 would stop every invocation; leave it out for the profile\'s default.'],
    ['infinite log retention', () => ({ logs: { retention: logs.RetentionDays.INFINITE } }),
      '`logs.retention` must be a finite period, got: INFINITE. Logs kept forever grow without bound and outlive their purpose.'],
    ['an unknown alarm', () => ({ alarms: { overrides: { Latency: { enabled: false } } } }),
      '`alarms.overrides` names an alarm this construct does not have: \'Latency\'. Its alarms are: \'Errors\', \'Throttles\', \'DeadLetters\'.'],
    ['the public tier', (network) => ({ vpcSubnets: network.publicSubnets }),
      '`vpcSubnets` must select the application tier, private subnets with a route out (PRIVATE_WITH_EGRESS, ThreeTierVpc.applicationSubnets), ' +
      'got 3 public subnet(s): Workload/Network/Resource/PublicSubnet1, Workload/Network/Resource/PublicSubnet2, Workload/Network/Resource/PublicSubnet3.'],
    ['the data tier', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }),
      '`vpcSubnets` must select the application tier, private subnets with a route out (PRIVATE_WITH_EGRESS, ThreeTierVpc.applicationSubnets), ' +
      'got 3 isolated subnet(s): Workload/Network/Resource/DataSubnet1, Workload/Network/Resource/DataSubnet2, Workload/Network/Resource/DataSubnet3.'],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const { stack, network } = serverlessStack();
    const before = stack.node.findAll().length;
    expect(() => secureFunction(stack, 'Fn', network, props(network))).toThrow(new Error(message));
    expect(stack.node.findAll().length).toEqual(before);
    expect(Stack.of(network).node.tryFindChild('Fn')).toBeUndefined();
  });
});
