/**
 * Documented defaults that no cdk-nag rule checks, pinned value by value. A
 * sample of small deliberate source changes (an alarm's OK action dropped,
 * evaluation periods 3 -> 1, a threshold x10, the ACL rule numbering, the log
 * bucket's expiry, RETAIN removed on the account logging resources, an access
 * log field removed, TLS-only turned off on the alarm topic) went unnoticed by
 * the rest of the suite; each fails a test here. (cdk-nag's SNS TLS rule skips
 * KMS-encrypted topics, so only this suite can catch the last one.)
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  ApiGatewayAccountLogging, DatabaseEngine, EventFanout, IngestPipeline, MultiAzDatabase, ReplicaBucket, ReplicatedBucket, ScheduledJob,
  SecureFunction, SecureRestApi, SecureTable, ThreeTierVpc, Workflow, WorkflowTrigger,
} from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const MIB = 1024 * 1024;

function databaseTemplate(engine?: DatabaseEngine): Template {
  const stack = new Stack(new App(), 'Data', { env: ENV });
  const network = new ThreeTierVpc(stack, 'Network');
  new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, engine });
  return Template.fromStack(stack);
}

function replicationTemplate(): Template {
  const app = new App();
  const replica = new ReplicaBucket(new Stack(app, 'Replica', { env: { ...ENV, region: 'eu-central-1' } }), 'Replica');
  const stack = new Stack(app, 'Storage', { env: ENV, crossRegionReferences: true });
  new ReplicatedBucket(stack, 'Uploads', { destinations: [{ bucket: replica.bucket }] });
  return Template.fromStack(stack);
}

/** The alarms of the construct with id `owner` as `id: [metric, statistic, threshold, operator, periods x seconds]`. */
function alarmShapes(template: Template, owner: string): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries<any>(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.startsWith(owner)).map(([id, alarm]) => [
    id.replace(/[0-9A-F]{8}$/, ''),
    [alarm.Properties.MetricName, alarm.Properties.Statistic, alarm.Properties.Threshold, alarm.Properties.ComparisonOperator,
      `${alarm.Properties.EvaluationPeriods} x ${alarm.Properties.Period}`, alarm.Properties.TreatMissingData],
  ]));
}

/** Every alarm of the construct with id `owner` notifies its `AlarmTopic` when it fires and when it recovers. */
function expectActionsOnBothTransitions(template: Template, owner: string): void {
  const topic = Object.keys(template.findResources('AWS::SNS::Topic')).find((id) => id.startsWith(`${owner}AlarmTopic`));
  expect(topic).toBeDefined();
  const alarms = Object.entries<any>(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.startsWith(owner)).map(([, alarm]) => alarm);
  expect(alarms.length).toBeGreaterThan(0);
  for (const alarm of alarms) {
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    expect(alarm.Properties.OKActions).toEqual([{ Ref: topic }]);
  }
}

/** The alarm topic is TLS-only: its policy denies every publish and subscribe that is not over TLS. */
function expectTlsOnlyTopic(template: Template, topicPrefix: string): void {
  const topic = Object.keys(template.findResources('AWS::SNS::Topic')).find((id) => id.startsWith(topicPrefix));
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    Topics: [{ Ref: topic }],
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]),
    },
  });
}

describe('MultiAzDatabase alarms (README: CPU, freeable memory, connections, replica lag or free storage, each for 15 minutes)', () => {
  test('Aurora: thresholds, statistics and three 5-minute periods', () => {
    expect(alarmShapes(databaseTemplate(), 'Orders')).toEqual({
      OrdersCpuAlarm: ['CPUUtilization', 'Average', 80, 'GreaterThanThreshold', '3 x 300', 'notBreaching'],
      OrdersFreeableMemoryAlarm: ['FreeableMemory', 'Minimum', 256 * MIB, 'LessThanThreshold', '3 x 300', 'notBreaching'],
      OrdersConnectionsAlarm: ['DatabaseConnections', 'Maximum', 500, 'GreaterThanThreshold', '3 x 300', 'notBreaching'],
      OrdersReplicaLagAlarm: ['AuroraReplicaLagMaximum', 'Maximum', 1000, 'GreaterThanThreshold', '3 x 300', 'notBreaching'],
    });
  });

  test('an RDS instance: free storage instead of replica lag', () => {
    expect(alarmShapes(databaseTemplate(DatabaseEngine.mysql()), 'Orders')).toEqual(expect.objectContaining({
      OrdersFreeStorageAlarm: ['FreeStorageSpace', 'Minimum', 10 * 1024 * MIB, 'LessThanThreshold', '3 x 300', 'notBreaching'],
    }));
  });

  test('each alarm notifies the topic when it fires and when it recovers; the topic is TLS-only', () => {
    const template = databaseTemplate();
    expectActionsOnBothTransitions(template, 'Orders');
    expectTlsOnlyTopic(template, 'OrdersAlarmTopic');
  });
});

describe('ReplicatedBucket replication alarms (README: latency past the 15-minute replication time, and any failed operation)', () => {
  test('thresholds, statistics and one 5-minute period', () => {
    expect(alarmShapes(replicationTemplate(), 'Uploads')).toEqual({
      UploadsReplicationLatencyAlarm0: ['ReplicationLatency', 'Maximum', 900, 'GreaterThanThreshold', '1 x 300', 'notBreaching'],
      UploadsReplicationFailuresAlarm0: ['OperationsFailedReplication', 'Sum', 0, 'GreaterThanThreshold', '1 x 300', 'notBreaching'],
    });
  });

  test('each alarm notifies the topic when it fires and when it recovers; the topic is TLS-only', () => {
    const template = replicationTemplate();
    expectActionsOnBothTransitions(template, 'Uploads');
    expectTlsOnlyTopic(template, 'UploadsAlarmTopic');
  });
});

describe('ThreeTierVpc alarms (README: NAT gateway port allocation errors and dropped packets, flow log delivery)', () => {
  test('per NAT gateway and for the flow log group: thresholds, statistics and periods', () => {
    const stack = new Stack(new App(), 'Network', { env: ENV });
    new ThreeTierVpc(stack, 'Network', { natGateways: 2 });
    const template = Template.fromStack(stack);
    expect(alarmShapes(template, 'Network')).toEqual({
      NetworkNatGateway1PortAllocationErrorsAlarm: ['ErrorPortAllocation', 'Sum', 0, 'GreaterThanThreshold', '1 x 300', 'notBreaching'],
      NetworkNatGateway1PacketsDroppedAlarm: ['PacketsDropCount', 'Sum', 100, 'GreaterThanThreshold', '3 x 300', 'notBreaching'],
      NetworkNatGateway2PortAllocationErrorsAlarm: ['ErrorPortAllocation', 'Sum', 0, 'GreaterThanThreshold', '1 x 300', 'notBreaching'],
      NetworkNatGateway2PacketsDroppedAlarm: ['PacketsDropCount', 'Sum', 100, 'GreaterThanThreshold', '3 x 300', 'notBreaching'],
      NetworkFlowLogDeliveryAlarm: ['IncomingLogEvents', 'Sum', 1, 'LessThanThreshold', '6 x 3600', 'breaching'],
    });
    expectActionsOnBothTransitions(template, 'Network');
    expectTlsOnlyTopic(template, 'NetworkAlarmTopic');
  });
});

describe('SecureRestApi alarms (README: 5XX share, p99 latency, requests the web ACL blocked)', () => {
  test('thresholds, statistics and periods', () => {
    const stack = new Stack(new App(), 'Api', { env: ENV });
    new ApiGatewayAccountLogging(stack, 'AccountLogging');
    const api = new SecureRestApi(stack, 'Orders');
    api.root.addMethod('GET', new apigw.MockIntegration());
    const template = Template.fromStack(stack);
    expect(alarmShapes(template, 'Orders')).toEqual({
      OrdersServerErrorsAlarm: ['5XXError', 'Average', 0.05, 'GreaterThanThreshold', '3 x 300', 'notBreaching'],
      OrdersLatencyAlarm: ['Latency', undefined, 2500, 'GreaterThanThreshold', '3 x 300', 'notBreaching'],
      OrdersWafBlockedRequestsAlarm: ['BlockedRequests', 'Sum', 1000, 'GreaterThanThreshold', '1 x 300', 'notBreaching'],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Latency', ExtendedStatistic: 'p99' });
    expectActionsOnBothTransitions(template, 'Orders');
    expectTlsOnlyTopic(template, 'OrdersAlarmTopic');
  });
});

describe('ThreeTierVpc network ACL entries are numbered 100, 110, ... in order, leaving room for rules of your own', () => {
  test.each(['PublicNetworkAcl', 'ApplicationNetworkAcl', 'DataNetworkAcl'])('%s', (acl) => {
    const stack = new Stack(new App(), 'Network', { env: ENV });
    new ThreeTierVpc(stack, 'Network');
    const template = Template.fromStack(stack).toJSON().Resources;
    // Each entry's construct id (Ingress1, Ingress2, ...) gives the order; the template gives the rule number.
    const entries = stack.node.findAll().filter((c): c is ec2.CfnNetworkAclEntry => c instanceof ec2.CfnNetworkAclEntry && c.node.path.includes(`/${acl}/`));
    for (const direction of ['Ingress', 'Egress']) {
      const numbers = entries
        .map((entry) => [/\/(Ingress|Egress)(\d+)\//.exec(entry.node.path)!, template[stack.resolve(entry.logicalId)].Properties.RuleNumber] as const)
        .filter(([match]) => match[1] === direction)
        .map(([match, ruleNumber]) => [Number(match[2]), ruleNumber])
        .sort((a, b) => a[0] - b[0]);
      expect(numbers.length).toBeGreaterThan(1);
      expect(numbers.map(([, ruleNumber]) => ruleNumber)).toEqual(numbers.map((_, index) => 100 + index * 10));
    }
  });
});

describe('the access-log bucket (README: versioned, SSE-S3, noncurrent versions expire after 90 days, RETAIN)', () => {
  test('its lifecycle rule and removal policy', () => {
    const stack = new Stack(new App(), 'Storage', { env: ENV });
    new ReplicatedBucket(stack, 'Uploads');
    const template = Template.fromStack(stack);
    const [logBucket] = Object.entries<any>(template.findResources('AWS::S3::Bucket')).filter(([id]) => id.startsWith('UploadsAccessLogBucket'));
    expect(logBucket[1].DeletionPolicy).toBe('Retain');
    expect(logBucket[1].UpdateReplacePolicy).toBe('Retain');
    expect(logBucket[1].Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(logBucket[1].Properties.LifecycleConfiguration.Rules).toEqual([{
      Id: 'NoncurrentLogVersions',
      Status: 'Enabled',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    }]);
  });
});

describe('ApiGatewayAccountLogging is RETAIN (README: the setting is account-wide and outlives the stack)', () => {
  test('the role, its policy and the account setting are kept when the stack is deleted or replaced', () => {
    const stack = new Stack(new App(), 'Platform', { env: ENV });
    new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
    const template = Template.fromStack(stack);
    for (const type of ['AWS::IAM::Role', 'AWS::IAM::ManagedPolicy', 'AWS::ApiGateway::Account']) {
      const resources = Object.values<any>(template.findResources(type));
      expect(resources).toHaveLength(1);
      expect([type, resources[0].DeletionPolicy, resources[0].UpdateReplacePolicy]).toEqual([type, 'Retain', 'Retain']);
    }
  });
});

describe('SecureRestApi access logs (README: one JSON object per request)', () => {
  test('every field, each a quoted JSON string', () => {
    const stack = new Stack(new App(), 'Api', { env: ENV });
    new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
    new SecureRestApi(stack, 'Orders').root.addMethod('GET', new apigw.MockIntegration());
    const [stage] = Object.values<any>(Template.fromStack(stack).findResources('AWS::ApiGateway::Stage'));
    const format = JSON.parse(stage.Properties.AccessLogSetting.Format);
    // The fields the README names: request id, source IP, caller, user ARN, principal, method, path, status,
    // latency, integration latency, WAF status, X-Ray trace id; and the rest of what the library logs.
    expect(format).toEqual({
      requestId: '$context.requestId',
      extendedRequestId: '$context.extendedRequestId',
      requestTime: '$context.requestTime',
      sourceIp: '$context.identity.sourceIp',
      userAgent: '$context.identity.userAgent',
      caller: '$context.identity.caller',
      user: '$context.identity.user',
      userArn: '$context.identity.userArn',
      principalId: '$context.authorizer.principalId',
      domainName: '$context.domainName',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      path: '$context.path',
      protocol: '$context.protocol',
      status: '$context.status',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      integrationStatus: '$context.integrationStatus',
      errorType: '$context.error.responseType',
      authorizerError: '$context.authorizer.error',
      wafStatus: '$context.waf.status',
      xrayTraceId: '$context.xrayTraceId',
    });
  });
});

/** A stack with one of each serverless construct at its defaults. */
function serverlessTemplate(): Template {
  const stack = new Stack(new App(), 'Serverless', { env: ENV });
  const network = new ThreeTierVpc(stack, 'Network');
  const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
  const processor = new SecureFunction(stack, 'Processor', { vpc: network.vpc, code, handler: 'index.handler' });
  new IngestPipeline(stack, 'Ingest', { prefix: 'incoming/', processor });
  new ScheduledJob(stack, 'Job', {
    function: new SecureFunction(stack, 'Purge', { vpc: network.vpc, code, handler: 'index.handler' }),
    schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
  });
  new SecureTable(stack, 'Items', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  return Template.fromStack(stack);
}

describe('the serverless constructs\' alarms (README: errors, throttles, dead letters, the oldest message)', () => {
  const template = serverlessTemplate();

  test('SecureFunction: errors, throttles and dead letters, each at least 1 in one 5-minute period', () => {
    expect(alarmShapes(template, 'Processor')).toEqual({
      ProcessorErrorsAlarm: ['Errors', 'Sum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      ProcessorThrottlesAlarm: ['Throttles', 'Sum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      ProcessorDeadLettersAlarm: ['ApproximateNumberOfMessagesVisible', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
    });
  });

  test('IngestPipeline: its dead-letter queues, and a message waiting more than 900 seconds', () => {
    expect(alarmShapes(template, 'Ingest')).toEqual({
      IngestDeadLettersAlarm: ['ApproximateNumberOfMessagesVisible', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      IngestOldestMessageAgeAlarm: ['ApproximateAgeOfOldestMessage', 'Maximum', 900, 'GreaterThanThreshold', '1 x 300', 'notBreaching'],
      IngestEventDeliveryFailuresAlarm: ['ApproximateNumberOfMessagesVisible', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
    });
  });

  test('ScheduledJob: a run EventBridge Scheduler could not deliver', () => {
    expect(alarmShapes(template, 'Job')).toEqual({
      JobDeadLettersAlarm: ['ApproximateNumberOfMessagesVisible', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
    });
  });

  test.each(['Processor', 'Ingest', 'Job'])('%s: each alarm notifies the topic when it fires and when it recovers; the topic is TLS-only', (owner) => {
    expectActionsOnBothTransitions(template, owner);
    expectTlsOnlyTopic(template, `${owner}AlarmTopic`);
  });
});

describe('the serverless constructs\' other defaults (README and each prop\'s @default)', () => {
  const template = serverlessTemplate();

  test('IngestPipeline: every key under the prefix, no batching window, a completion topic that is TLS-only', () => {
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ detail: Match.objectLike({ object: { key: [{ prefix: 'incoming/' }] } }) }) });
    const [mapping] = Object.values<any>(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mapping.Properties.MaximumBatchingWindowInSeconds).toBeUndefined();
    expectTlsOnlyTopic(template, 'IngestCompletionTopic');
  });

  test('IngestPipeline: the queues are encrypted with the pipeline key and keep messages 14 days', () => {
    const queues = Object.entries<any>(template.findResources('AWS::SQS::Queue')).filter(([id]) => id.startsWith('Ingest'));
    expect(queues).toHaveLength(3);
    for (const [, queue] of queues) {
      expect(queue.Properties).toEqual(expect.objectContaining({ KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^IngestKey/), 'Arn'] }, MessageRetentionPeriod: 1209600 }));
    }
  });

  test('ScheduledJob: described by its path, flexible window off, enabled', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Description: 'Serverless/Job', FlexibleTimeWindow: { Mode: 'OFF' }, State: 'ENABLED' });
  });

  test('SecureTable: a name CloudFormation generates, no expiry attribute, RETAIN on the key and the vault', () => {
    const [table] = Object.values<any>(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(table.Properties.TableName).toBeUndefined();
    expect(table.Properties.TimeToLiveSpecification).toBeUndefined();
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
  });
});

/** A stack with an EventFanout of one subscriber and a Workflow with a schedule, at their defaults. */
function messagingTemplate(): Template {
  const stack = new Stack(new App(), 'Messaging', { env: ENV });
  new EventFanout(stack, 'Fanout').addSubscriber('Billing');
  new Workflow(stack, 'Flow', {
    definition: new sfn.Pass(stack, 'Start'),
    triggers: [WorkflowTrigger.schedule(scheduler.ScheduleExpression.rate(Duration.days(1))), WorkflowTrigger.eventPattern({ source: ['shop'] })],
  });
  return Template.fromStack(stack);
}

describe('EventFanout and Workflow defaults (README and each prop\'s @default)', () => {
  const template = messagingTemplate();

  test('EventFanout: dead letters, delivery failures and a message waiting more than 900 seconds, per subscriber', () => {
    expect(alarmShapes(template, 'Fanout')).toEqual({
      FanoutBillingDeadLettersAlarm: ['ApproximateNumberOfMessagesVisible', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      FanoutBillingDeliveryFailuresAlarm: ['ApproximateNumberOfMessagesVisible', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      FanoutBillingOldestMessageAgeAlarm: ['ApproximateAgeOfOldestMessage', 'Maximum', 900, 'GreaterThanThreshold', '1 x 300', 'notBreaching'],
    });
  });

  test('Workflow: failed, timed-out, throttled and aborted executions, and each trigger\'s dead letters', () => {
    expect(alarmShapes(template, 'Flow')).toEqual({
      FlowFailedAlarm: ['ExecutionsFailed', 'Sum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      FlowTimedOutAlarm: ['ExecutionsTimedOut', 'Sum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      FlowThrottledAlarm: ['ExecutionThrottled', 'Sum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      FlowAbortedAlarm: ['ExecutionsAborted', 'Sum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      FlowScheduleTriggerDeadLettersAlarm: ['ApproximateNumberOfMessagesVisible', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
      FlowRuleTriggerDeadLettersAlarm: ['ApproximateNumberOfMessagesVisible', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', '1 x 300', 'notBreaching'],
    });
  });

  test.each(['Fanout', 'Flow'])('%s: each alarm notifies the topic when it fires and when it recovers; the topic is TLS-only', (owner) => {
    expectActionsOnBothTransitions(template, owner);
    expectTlsOnlyTopic(template, `${owner}AlarmTopic`);
  });

  test('EventFanout: a standard topic that is TLS-only; raw delivery; queues on the fan-out key, kept 14 days, hidden 3 minutes, 3 receives', () => {
    expectTlsOnlyTopic(template, 'FanoutTopic');
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: Match.stringLikeRegexp('^Messaging-Fanout-'), FifoTopic: Match.absent(), ContentBasedDeduplication: Match.absent() });
    template.hasResourceProperties('AWS::SNS::Subscription', { RawMessageDelivery: true, FilterPolicy: Match.absent() });
    const queues = Object.entries<any>(template.findResources('AWS::SQS::Queue')).filter(([id]) => id.startsWith('Fanout'));
    expect(queues).toHaveLength(3);
    for (const [, queue] of queues) {
      expect(queue.Properties).toEqual(expect.objectContaining({ KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^FanoutKey/), 'Arn'] }, MessageRetentionPeriod: 1209600 }));
    }
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 180, RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
  });

  test('Workflow: STANDARD, an hour, every event without payloads, traced, its data on a rotating key reused 300 seconds, logs kept a year', () => {
    const [machine] = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine.Properties).toEqual(expect.objectContaining({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: expect.objectContaining({ Level: 'ALL', IncludeExecutionData: false }),
      EncryptionConfiguration: expect.objectContaining({ Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsDataKeyReusePeriodSeconds: 300 }),
    }));
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('\\"TimeoutSeconds\\":3600');
    template.hasResourceProperties('AWS::KMS::Key', { Description: 'Encrypts the state machine, logs and dead-letter queues of Messaging/Flow', EnableKeyRotation: true });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.anyValue(), RetentionInDays: 365, KmsKeyId: Match.anyValue() }, DeletionPolicy: 'Retain' });
  });

  test('Workflow: a schedule retries 3 times within an hour with input {}; a rule 185 times within a day', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Description: 'Messaging/Flow/ScheduleTrigger',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: Match.objectLike({ Input: '{}', RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Starts Messaging/Flow',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 } })],
    });
  });
});
