import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IngestDestination, IngestPipeline, IngestPipelineProps, IngestSource, MultiAzDatabase, SecureTable, ThreeTierVpc } from '../../src';
import { expectPavedRoad, secureFunction, serverlessStack } from '../serverless-fixture';

function build(props: Partial<IngestPipelineProps> = {}) {
  const { app, stack, network } = serverlessStack();
  const processor = secureFunction(stack, 'Processor', network);
  const pipeline = new IngestPipeline(stack, 'Ingest', { prefix: 'incoming/', processor, ...props });
  return { app, stack, network, processor, pipeline, template: Template.fromStack(stack) };
}

describe('IngestPipeline into a MultiAzDatabase', () => {
  const { app, stack, network } = serverlessStack();
  const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc });
  const processor = secureFunction(stack, 'Processor', network, { timeout: Duration.seconds(20) });
  const pipeline = new IngestPipeline(stack, 'Ingest', {
    prefix: 'incoming/', suffixes: ['.csv', '.json'], processor, destination: IngestDestination.database(database, 'orders_app'),
  });
  const template = Template.fromStack(stack);

  test('an EventBridge rule for objects created under the prefix with the suffixes, in this bucket only', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': {
          bucket: { name: [{ Ref: Match.stringLikeRegexp('^IngestSource') }] },
          object: { key: [{ wildcard: 'incoming/*.csv' }, { wildcard: 'incoming/*.json' }] },
        },
      },
      Targets: [Match.objectLike({
        DeadLetterConfig: Match.anyValue(), RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })],
    });
  });

  test('the source bucket sends its events to EventBridge from its own configuration (no notifications custom resource)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  test('the queue hides a message six times the processor timeout and moves it to the dead-letter queue after 3 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 120,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestDeadLetterQueue'), 'Arn'] }, maxReceiveCount: 3 },
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestKey'), 'Arn'] },
    });
  });

  test('partial batch responses, batches of 10, and at most the processor\'s reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 50 },
    });
  });

  test('the processor may connect as the application user through the proxy, and its group may reach the proxy', () => {
    expect(JSON.stringify(template.toJSON())).toContain('/orders_app');
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5433, ToPort: 5433, Description: 'Connects to Workload/Orders' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Workload/Processor',
      Environment: { Variables: Match.objectLike({ SOURCE_PREFIX: 'incoming/', DB_USER: 'orders_app', DB_PORT: '5433' }) },
    });
  });

  test('alarms on the dead-letter queues and the oldest message, beside the processor\'s', () => {
    expect(pipeline.alarms).toHaveLength(6);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 900, ComparisonOperator: 'GreaterThanThreshold' });
  });

  test('zero cdk-nag findings, LeastPrivilegeChecks clean and a boundary on every role', () => {
    expectPavedRoad(app, stack);
  });
});

describe('IngestPipeline into a SecureTable, with a given bucket and topic', () => {
  test('writes on the table, reads under the prefix, publishes to the given topic', () => {
    const { app, stack, network } = serverlessStack();
    const table = new SecureTable(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const bucket = new s3.Bucket(stack, 'Uploads', { enforceSSL: true });
    const topic = new sns.Topic(stack, 'Done', { enforceSSL: true });
    const processor = secureFunction(stack, 'Processor', network);
    new IngestPipeline(stack, 'Ingest', {
      prefix: 'raw/',
      processor,
      source: IngestSource.fromBucket(bucket),
      completionTopic: topic,
      destination: IngestDestination.table(table),
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(30),
      maxReceiveCount: 5,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 100, MaximumBatchingWindowInSeconds: 30 });
    const json = JSON.stringify(template.toJSON());
    expect(json).toContain('"dynamodb:PutItem"');
    expect(json).toContain('/raw/*');
    // The given topic is used: no completion topic is created.
    expect(template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: Match.stringLikeRegexp('^Completion') } })).toEqual({});
    template.resourceCountIs('AWS::IAM::Policy', 0);
    void app;
  });

  test('an imported bucket warns that its owner must turn on EventBridge notifications', () => {
    const { stack, network } = serverlessStack();
    const processor = secureFunction(stack, 'Processor', network);
    new IngestPipeline(stack, 'Ingest', { prefix: 'raw/', processor, source: IngestSource.fromBucket(s3.Bucket.fromBucketName(stack, 'Theirs', 'their-bucket')) });
    Annotations.fromStack(stack).hasWarning('/Workload/Ingest', Match.stringLikeRegexp('^The source bucket Workload/Theirs is imported'));
  });
});

describe('IngestPipeline refuses bad input, before anything is created', () => {
  const cases: Array<[string, Partial<IngestPipelineProps>, string]> = [
    ['an empty prefix', { prefix: '' }, '`prefix` must be part of an S3 object key: 1 to 1024 bytes of UTF-8 without control characters and without a leading \'/\', such as \'incoming/\', got: "".'],
    ['a leading slash', { prefix: '/incoming/' }, '`prefix` must be part of an S3 object key: 1 to 1024 bytes of UTF-8 without control characters and without a leading \'/\', such as \'incoming/\', got: "/incoming/".'],
    ['a control character', { prefix: 'in\ncoming/' }, '`prefix` must be part of an S3 object key: 1 to 1024 bytes of UTF-8 without control characters and without a leading \'/\', such as \'incoming/\', got: "in\\ncoming/".'],
    ['no suffix', { suffixes: [] }, '`suffixes` must name at least one suffix, or be left out to process every key under `prefix`, got: [].'],
    ['maxReceiveCount 0', { maxReceiveCount: 0 }, '`maxReceiveCount` must be a whole number from 1 to 1000, got: 0.'],
    ['a visibility timeout below the function timeout', { visibilityTimeout: Duration.seconds(10) },
      '`visibilityTimeout` must be at least the processor\'s timeout (30 seconds), and AWS recommends six times it, got: 10 seconds. ' +
      'Lambda refuses an event source mapping whose function may run longer than the queue hides a message.'],
    ['a batch of 11 without a window', { batchSize: 11 }, '`batchSize` must be a whole number from 1 to 10 (up to 10000 with a `maxBatchingWindow`), got: 11.'],
    ['a window over 5 minutes', { maxBatchingWindow: Duration.minutes(6) }, '`maxBatchingWindow` must be at most 5 minutes (300 seconds), got: 360 seconds.'],
    ['an unknown alarm', { alarms: { overrides: { Errors: { enabled: false } } } },
      '`alarms.overrides` names an alarm this construct does not have: \'Errors\'. Its alarms are: \'DeadLetters\', \'OldestMessageAge\', \'EventDeliveryFailures\'.'],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const { stack, network } = serverlessStack();
    const processor = secureFunction(stack, 'Processor', network);
    const before = stack.node.findAll().length;
    expect(() => new IngestPipeline(stack, 'Ingest', { prefix: 'incoming/', processor, ...props })).toThrow(new Error(message));
    expect(stack.node.findAll().length).toEqual(before);
  });

  test('a processor outside the database\'s VPC', () => {
    const { stack, network } = serverlessStack();
    const other = new ThreeTierVpc(stack, 'Other');
    const database = new MultiAzDatabase(stack, 'Orders', { vpc: other.vpc });
    const processor = secureFunction(stack, 'Processor', network);
    expect(() => new IngestPipeline(stack, 'Ingest', { prefix: 'incoming/', processor, destination: IngestDestination.database(database, 'app') }))
      .toThrow(new Error('`processor` must run in the database\'s VPC (Workload/Other/Resource) to connect to Workload/Orders, got a function in Workload/Network/Resource.'));
  });

  test('a processor with 1 reserved execution', () => {
    const { stack, network } = serverlessStack();
    const processor = secureFunction(stack, 'Processor', network, { reservedConcurrentExecutions: 1 });
    expect(() => new IngestPipeline(stack, 'Ingest', { prefix: 'incoming/', processor }))
      .toThrow(new Error('The processor\'s `reservedConcurrentExecutions` must be at least 2 for an SQS event source, whose maximum concurrency is at least 2, got: 1.'));
  });
});

test('the defaults build a new ReplicatedBucket source and a completion topic on the pipeline key', () => {
  const { pipeline, template } = build();
  expect(pipeline.bucket).toBeDefined();
  template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestKey'), 'Arn'] } });
  template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 180 });
});
