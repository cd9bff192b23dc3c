/**
 * Each serverless, messaging and orchestration construct with every prop set (keys, topics and a source
 * that are compliant themselves, the DEVELOPMENT profile, a boundary of its
 * own): zero open findings in all six packs under both cdk-nag majors,
 * LeastPrivilegeChecks clean, and a boundary on every role.
 */
import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import {
  ApiAuthorization, EventFanout, IngestDestination, IngestPipeline, IngestSource, MultiAzDatabase, PermissionsBoundary, Profile, ReplicatedBucket,
  ScheduledJob, SecureFunction, SecureRestApi, SecureTable, Workflow, WorkflowTrigger,
} from '../src';
import { expectPavedRoad, serverlessStack } from './serverless-fixture';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../src/core/encryption';
import { AlarmTopic } from '../src/monitoring/alarm-topic';
import { newestNodeRuntime } from '../src/private/runtime';

test('SecureFunction, IngestPipeline, SecureTable and ScheduledJob with every prop set', () => {
  const { app, stack, network } = serverlessStack();
  const ownBoundary = new PermissionsBoundary(stack, 'OwnBoundary', { services: ['s3', 'sqs', 'kms', 'logs', 'xray', 'ec2', 'sns', 'dynamodb', 'rds-db', 'backup'] });
  const shared = { profile: Profile.DEVELOPMENT, permissionsBoundary: ownBoundary.policy };
  const key = createRotatingKey(stack, 'AppKey', 'The application key');
  allowCloudWatchLogsToUse(key);
  const topic = new AlarmTopic(stack, 'OnCall', { displayName: 'On call' });
  const alarms = { topic, overrides: { Errors: { threshold: 5, evaluationPeriods: 3 } } };
  const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
  const functionProps = {
    ...shared,
    vpc: network.vpc,
    vpcSubnets: network.applicationSubnets,
    code,
    handler: 'index.handler',
    // The newest Node.js runtime of the installed aws-cdk-lib: a fixed one would be a finding on a newer release.
    runtime: newestNodeRuntime(),
    architecture: lambda.Architecture.X86_64,
    description: 'Parses uploaded orders',
    environment: { STAGE: 'test' },
    memorySize: 1024,
    timeout: Duration.minutes(2),
    reservedConcurrentExecutions: 10,
    encryptionKey: key,
    logs: { retention: logs.RetentionDays.TWO_YEARS, encryptionKey: key },
    alarms,
  };
  const processor = new SecureFunction(stack, 'Processor', functionProps);
  const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, profile: Profile.DEVELOPMENT });
  const source = new ReplicatedBucket(stack, 'Uploads', shared);
  const completion = new AlarmTopic(stack, 'Completion', { displayName: 'Completion notices' });
  new IngestPipeline(stack, 'Ingest', {
    ...shared,
    source: IngestSource.fromReplicatedBucket(source),
    prefix: 'incoming/',
    suffixes: ['.csv', '.json'],
    processor,
    destination: IngestDestination.database(database, 'orders_app'),
    completionTopic: completion,
    batchSize: 100,
    maxBatchingWindow: Duration.seconds(30),
    maxReceiveCount: 5,
    visibilityTimeout: Duration.minutes(15),
    encryptionKey: new kms.Key(stack, 'QueueKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN }),
    alarms: { topic, overrides: { OldestMessageAge: { threshold: 600 } } },
  });
  const table = new SecureTable(stack, 'Items', {
    ...shared,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    tableName: 'items-maximal',
    timeToLiveAttribute: 'expiresAt',
    billing: dynamodb.Billing.onDemand({ maxReadRequestUnits: 500, maxWriteRequestUnits: 500 }),
    contributorInsights: true,
    encryptionKey: key,
    awsBackup: true,
  });
  table.grantReadWriteData(processor);
  new ScheduledJob(stack, 'Nightly', {
    ...shared,
    function: new SecureFunction(stack, 'Purge', { ...functionProps, description: 'Purges old records' }),
    schedule: scheduler.ScheduleExpression.cron({ hour: '3', minute: '0', timeZone: TimeZone.EUROPE_PARIS }),
    description: 'Nightly purge',
    retryAttempts: 10,
    maxEventAge: Duration.hours(6),
    encryptionKey: key,
    alarms: { topic },
  });
  new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

  expectPavedRoad(app, stack);
  // The props reached the template.
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Lambda::Function', { Description: 'Parses uploaded orders', MemorySize: 1024, Timeout: 120, ReservedConcurrentExecutions: 10 });
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 100, MaximumBatchingWindowInSeconds: 30, ScalingConfig: { MaximumConcurrency: 10 } });
  template.hasResourceProperties('AWS::Scheduler::Schedule', { Description: 'Nightly purge', Target: { RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 } } });
  template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'items-maximal', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
});

test('EventFanout and Workflow with every prop set', () => {
  const { app, stack, network } = serverlessStack();
  const ownBoundary = new PermissionsBoundary(stack, 'OwnBoundary', {
    services: ['sqs', 'sns', 'kms', 'logs', 'xray', 'ec2'],
    statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction', 'states:StartExecution'], resources: ['*'] })],
  });
  const shared = { profile: Profile.DEVELOPMENT, permissionsBoundary: ownBoundary.policy };
  const key = createRotatingKey(stack, 'AppKey', 'The application key');
  allowCloudWatchLogsToUse(key);
  const topic = new AlarmTopic(stack, 'OnCall', { displayName: 'On call' });
  const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
  const consumer = new SecureFunction(stack, 'Consumer', { ...shared, vpc: network.vpc, code, handler: 'index.handler', timeout: Duration.minutes(1) });

  const fanout = new EventFanout(stack, 'Orders', {
    ...shared,
    fifo: true,
    contentBasedDeduplication: true,
    encryptionKey: key,
    alarms: { topic, overrides: { OldestMessageAge: { threshold: 300, evaluationPeriods: 2 } } },
  });
  const subscriber = fanout.addSubscriber('Billing', {
    filterPolicyWithMessageBody: { status: sns.FilterOrPolicy.filter(sns.SubscriptionFilter.stringFilter({ allowlist: ['PAID'] })) },
    rawMessageDelivery: false,
    maxReceiveCount: 5,
    visibilityTimeout: Duration.minutes(6),
    encryptionKey: key,
    alarms: { topic, overrides: { DeliveryFailures: { threshold: 2 } } },
  });
  subscriber.addConsumer(consumer, { batchSize: 5 });
  subscriber.grantConsume(consumer);

  const api = new SecureRestApi(stack, 'Api', { authorization: ApiAuthorization.iam() });
  const workflow = new Workflow(stack, 'Checkout', {
    ...shared,
    definition: sfn.DefinitionBody.fromChainable(new tasks.LambdaInvoke(stack, 'Bill', { lambdaFunction: consumer })),
    type: sfn.StateMachineType.EXPRESS,
    timeout: Duration.minutes(2),
    includeExecutionData: true,
    executionDataReason: 'Payloads hold order ids only',
    encryptionKey: key,
    logs: { retention: logs.RetentionDays.TWO_YEARS, encryptionKey: key },
    triggers: [
      WorkflowTrigger.schedule(scheduler.ScheduleExpression.cron({ hour: '2', minute: '0', timeZone: TimeZone.EUROPE_PARIS }), {
        description: 'Nightly checkout', retryAttempts: 5, maxEventAge: Duration.hours(2), input: '{"nightly": true}',
      }),
      WorkflowTrigger.eventPattern({ source: ['shop.orders'] }, { description: 'On new orders', retryAttempts: 10, maxEventAge: Duration.hours(3) }),
      WorkflowTrigger.api(api, '/checkout'),
    ],
    alarms: { topic, overrides: { Aborted: { enabled: false } } },
  });
  fanout.grantPublish(workflow.role);
  workflow.grantStartExecution(consumer);

  expectPavedRoad(app, stack);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::SNS::Subscription', { RawMessageDelivery: false, FilterPolicyScope: 'MessageBody' });
  template.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, VisibilityTimeout: 360, RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) });
  template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
    StateMachineType: 'EXPRESS', LoggingConfiguration: Match.objectLike({ IncludeExecutionData: true }), EncryptionConfiguration: Match.objectLike({ KmsKeyId: Match.anyValue() }),
  });
  template.hasResourceProperties('AWS::Scheduler::Schedule', { Description: 'Nightly checkout', Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 7200 } }) });
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  expect(workflow.alarms).toHaveLength(5);
  expect(fanout.alarmTopic).toBe(topic);
});
