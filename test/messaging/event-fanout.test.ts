import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EventFanout, EventFanoutProps, FanoutSubscriberOptions, IngestPipeline } from '../../src';
import { ENV, expectPavedRoad, secureFunction, serverlessStack } from '../serverless-fixture';

const PARTNER = '222222222222';
const attributeFilter = { kind: sns.SubscriptionFilter.stringFilter({ allowlist: ['order'] }) };

function fanoutOf(props: EventFanoutProps = {}) {
  const { app, stack, network } = serverlessStack();
  const fanout = new EventFanout(stack, 'Orders', props);
  return { app, stack, network, fanout };
}

/** The resources of `type` whose logical id starts with `prefix`. */
function resources(template: Template, type: string, prefix: string): any[] {
  return Object.entries<any>(template.findResources(type)).filter(([id]) => id.startsWith(prefix)).map(([, resource]) => resource);
}

describe('EventFanout with two subscribers, the defaults', () => {
  const { app, stack, network, fanout } = fanoutOf();
  const billing = fanout.addSubscriber('Billing', { filterPolicy: attributeFilter });
  const email = fanout.addSubscriber('Email', { filterPolicyWithMessageBody: { status: sns.FilterOrPolicy.filter(sns.SubscriptionFilter.stringFilter({ allowlist: ['PAID', 'FAILED'] })) } });
  const biller = secureFunction(stack, 'Biller', network);
  billing.addConsumer(biller);
  const publisher = secureFunction(stack, 'Publisher', network);
  fanout.grantPublish(publisher);
  const template = Template.fromStack(stack);
  const topicArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:eu-west-1:111111111111:Workload-Orders-21883753']] };

  test('a standard topic with a fixed name, encrypted with the fan-out key, TLS-only', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'Workload-Orders-21883753',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersKey'), 'Arn'] },
      FifoTopic: Match.absent(),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('each subscription: raw delivery, its filter in its scope, and its own dead-letter queue for undeliverable messages', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      FilterPolicy: { kind: ['order'] },
      FilterPolicyScope: Match.absent(),
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersBillingQueue'), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersBillingDeliveryDeadLetterQueue'), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      FilterPolicy: { status: ['PAID', 'FAILED'] },
      FilterPolicyScope: 'MessageBody',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersEmailDeliveryDeadLetterQueue'), 'Arn'] } },
    });
    expect(fanout.subscribers).toEqual([billing, email]);
  });

  test('each queue: the fan-out key, 14 days, 3 minutes hidden, and its dead-letter queue after 3 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersKey'), 'Arn'] },
      MessageRetentionPeriod: 1_209_600,
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersBillingDeadLetterQueue'), 'Arn'] }, maxReceiveCount: 3 },
    });
    expect(resources(template, 'AWS::SQS::Queue', 'Orders')).toHaveLength(6);
  });

  test('only this topic may send to a subscriber\'s queue and to its delivery dead-letter queue', () => {
    for (const queue of ['OrdersBillingQueue', 'OrdersBillingDeliveryDeadLetterQueue']) {
      const policies = resources(template, 'AWS::SQS::QueuePolicy', '').filter((policy) => JSON.stringify(policy.Properties.Queues).includes(queue));
      expect(policies).toHaveLength(1);
      expect(policies[0].Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': { Ref: expect.stringMatching(/^OrdersTopic/) } } },
      }));
    }
  });

  test('SNS may use the fan-out key for this topic only, named by its ARN', () => {
    const [key] = resources(template, 'AWS::KMS::Key', 'OrdersKey');
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
    });
  });

  test('the subscription is created after the queue admits the topic', () => {
    const [subscription] = resources(template, 'AWS::SNS::Subscription', 'OrdersBillingSubscription');
    expect(subscription.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^OrdersBillingQueuePolicy/)]));
  });

  test('the consumer gets batches of 10 with partial batch responses, at most its reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersBillingQueue'), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 50 },
    });
  });

  test('a publisher may publish to the topic and have SNS use its key, through SNS only', () => {
    const statements = resources(template, 'AWS::IAM::ManagedPolicy', 'PublisherServiceRolePermissions')[0].Properties.PolicyDocument.Statement;
    expect(statements).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: expect.stringMatching(/^OrdersTopic/) } },
      {
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersKey/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' } },
      },
    ]));
  });

  test('three alarms per subscriber on one fan-out alarm topic, and the consumer\'s alarms', () => {
    expect(billing.alarms).toHaveLength(6);
    expect(email.alarms).toHaveLength(3);
    expect(fanout.alarms).toHaveLength(9);
    expect(fanout.alarmTopic).toBe(billing.alarmTopic);
    expect(email.alarmTopic).toBe(billing.alarmTopic);
    expect(resources(template, 'AWS::SNS::Topic', 'OrdersAlarmTopic')).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersEmailDeliveryDeadLetterQueue'), 'QueueName'] } }],
    });
  });

  test('zero cdk-nag findings, LeastPrivilegeChecks clean and a boundary on every role', () => {
    expectPavedRoad(app, stack);
  });
});

describe('a FIFO EventFanout', () => {
  const { app, stack, network, fanout } = fanoutOf({ fifo: true, contentBasedDeduplication: true });
  const billing = fanout.addSubscriber('Billing');
  billing.addConsumer(secureFunction(stack, 'Biller', network), { batchSize: 5 });
  const template = Template.fromStack(stack);

  test('a FIFO topic whose name ends in .fifo, with content-based deduplication', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'Workload-Orders-21883753.fifo', FifoTopic: true, ContentBasedDeduplication: true });
  });

  test('the queue and both dead-letter queues are FIFO queues', () => {
    const queues = resources(template, 'AWS::SQS::Queue', 'OrdersBilling');
    expect(queues).toHaveLength(3);
    for (const queue of queues) {
      expect(queue.Properties.FifoQueue).toBe(true);
    }
  });

  test('the consumer takes batches of 5 without a batching window', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 5, MaximumBatchingWindowInSeconds: Match.absent() });
  });

  test('zero cdk-nag findings, LeastPrivilegeChecks clean and a boundary on every role', () => {
    expectPavedRoad(app, stack);
  });
});

describe('an EventFanout of an IngestPipeline\'s completion topic', () => {
  test('subscribes to the pipeline topic with queues on a key of the fan-out\'s own', () => {
    const { app, stack, network } = serverlessStack();
    const pipeline = new IngestPipeline(stack, 'Ingest', { prefix: 'incoming/', processor: secureFunction(stack, 'Processor', network) });
    const fanout = new EventFanout(stack, 'Done', { topic: pipeline.completionTopic });
    fanout.addSubscriber('Audit');
    const template = Template.fromStack(stack);
    expect(fanout.topic).toBe(pipeline.completionTopic);
    expect(fanout.fifo).toBe(false);
    template.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: { Ref: Match.stringLikeRegexp('^IngestCompletionTopic') } });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DoneKey'), 'Arn'] } });
    const [key] = resources(template, 'AWS::KMS::Key', 'DoneKey');
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
      Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': { Ref: expect.stringMatching(/^IngestCompletionTopic/) } } },
    }));
    expectPavedRoad(app, stack);
  });

  test('refuses the pipeline key for the queues: its policy cannot name the topic that uses it', () => {
    const { stack, network } = serverlessStack();
    const pipeline = new IngestPipeline(stack, 'Ingest', { prefix: 'incoming/', processor: secureFunction(stack, 'Processor', network) });
    const fanout = new EventFanout(stack, 'Done', { topic: pipeline.completionTopic, encryptionKey: pipeline.encryptionKey });
    const before = stack.node.findAll().length;
    expect(() => fanout.addSubscriber('Audit')).toThrow(new Error(
      'The subscribers\' key is the key of the given topic Workload/Ingest/CompletionTopic, whose policy cannot name the topic (a dependency cycle): ' +
      'leave `encryptionKey` out for a key of the fan-out\'s own, or give another key.'));
    expect(stack.node.findAll().length).toEqual(before);
  });
});

describe('a subscriber in another account', () => {
  const { app, stack, fanout } = fanoutOf();
  const partnerStack = new Stack(app, 'Partner', { env: { account: PARTNER, region: ENV.region } });
  const partner = fanout.addSubscriber('Partner', { account: PARTNER, stack: partnerStack, filterPolicy: attributeFilter });
  const topicTemplate = Template.fromStack(stack);
  const partnerTemplate = Template.fromStack(partnerStack);
  const topicArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:eu-west-1:111111111111:Workload-Orders-21883753']] };

  test('the topic lets that account subscribe its SQS queues of the region, and nothing else', () => {
    topicTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: `AllowSubscriptionsFrom${PARTNER}`,
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${PARTNER}:root`]] } },
          Action: 'sns:Subscribe',
          Resource: { Ref: Match.stringLikeRegexp('^OrdersTopic') },
          Condition: {
            StringEquals: { 'sns:Protocol': 'sqs' },
            ArnLike: { 'sns:Endpoint': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sqs:eu-west-1:${PARTNER}:*`]] } },
          },
        }]),
      },
    });
  });

  test('the queues, their key and the subscription are in the partner stack, which the queue owner creates (no confirmation)', () => {
    partnerTemplate.resourceCountIs('AWS::SQS::Queue', 3);
    partnerTemplate.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: topicArn, Region: Match.absent(), FilterPolicy: { kind: ['order'] } });
    partnerTemplate.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersPartnerKey'), 'Arn'] } });
    const [key] = resources(partnerTemplate, 'AWS::KMS::Key', 'OrdersPartnerKey');
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
      Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
    }));
    expect(partnerStack.dependencies).toContain(stack);
    expect(partner.alarmTopic).not.toBe(fanout.alarmTopic);
    partnerTemplate.resourceCountIs('AWS::CloudWatch::Alarm', 3);
  });

  test('zero cdk-nag findings in both stacks', () => {
    expectPavedRoad(app, stack, partnerStack);
  });
});

describe('EventFanout refuses bad input, before anything is created', () => {
  const fanoutCases: Array<[string, (stack: Stack) => EventFanoutProps, string]> = [
    ['fifo on a standard topic', (stack) => ({ topic: new sns.Topic(stack, 'Std'), fifo: true }),
      '`fifo` is true, but `topic` Workload/Std is a standard topic: a FIFO fan-out delivers to FIFO queues, which only a FIFO topic (name ending in .fifo) ' +
      'can feed. Give a FIFO topic, or leave `fifo` out to follow the topic.'],
    ['a standard fan-out on a FIFO topic', (stack) => ({ topic: new sns.Topic(stack, 'Fifo', { fifo: true }), fifo: false }),
      '`fifo` is false, but `topic` Workload/Fifo is a FIFO topic: its subscribers get FIFO queues. Leave `fifo` out to follow the topic.'],
    ['content-based deduplication on a standard topic', () => ({ contentBasedDeduplication: true }),
      '`contentBasedDeduplication` is for FIFO topics: set `fifo` to true, or leave `contentBasedDeduplication` out, got: true with a standard topic.'],
    ['content-based deduplication with a given topic', (stack) => ({ topic: new sns.Topic(stack, 'Fifo', { fifo: true }), contentBasedDeduplication: true }),
      '`contentBasedDeduplication` applies to a topic the fan-out creates; set it on the given `topic` Workload/Fifo instead, got: true.'],
    ['an unknown alarm', () => ({ alarms: { overrides: { Errors: { enabled: false } } } }),
      '`alarms.overrides` names an alarm this construct does not have: \'Errors\'. Its alarms are: \'DeadLetters\', \'DeliveryFailures\', \'OldestMessageAge\'.'],
  ];
  test.each(fanoutCases)('%s', (_name, props, message) => {
    const { stack } = serverlessStack();
    const given = props(stack);
    const before = stack.node.findAll().length;
    expect(() => new EventFanout(stack, 'Orders', given)).toThrow(new Error(message));
    expect(stack.node.findAll().length).toEqual(before);
  });

  const manyValues = sns.SubscriptionFilter.stringFilter({ allowlist: ['a', 'b', 'c', 'd', 'e', 'f'] });
  const subscriberCases: Array<[string, FanoutSubscriberOptions, string]> = [
    ['both filter scopes', { filterPolicy: attributeFilter, filterPolicyWithMessageBody: { kind: sns.FilterOrPolicy.filter(manyValues) } },
      '`options.filterPolicy` and `options.filterPolicyWithMessageBody` filter on message attributes and on the message body: SNS applies one scope per subscription, so give one of them.'],
    ['six attributes', { filterPolicy: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => [key, manyValues])) },
      '`options.filterPolicy` may have at most 5 top-level keys (SNS filter policy constraints), got 6: a, b, c, d, e, f.'],
    ['216 combinations', { filterPolicy: { a: manyValues, b: manyValues, c: manyValues } },
      '`options.filterPolicy` may combine at most 150 values (the product of the number of values of every key, SNS filter policy constraints), got: 216.'],
    ['216 nested combinations in the body', {
      filterPolicyWithMessageBody: {
        order: sns.FilterOrPolicy.policy({ a: sns.FilterOrPolicy.filter(manyValues), b: sns.FilterOrPolicy.filter(manyValues) }),
        c: sns.FilterOrPolicy.filter(manyValues),
      },
    }, '`options.filterPolicyWithMessageBody` may combine at most 150 values (the product of the number of values of every key, SNS filter policy constraints), got: 216.'],
    ['an empty filter policy', { filterPolicy: {} }, '`options.filterPolicy` must filter on at least one key, or be left out to deliver every message, got: {}.'],
    ['a key without values', { filterPolicy: { kind: new sns.SubscriptionFilter([]) } }, '`options.filterPolicy` must match at least one value for \'kind\', got: [].'],
    ['an unknown operator', { filterPolicy: { kind: new sns.SubscriptionFilter([{ startsWith: 'ord' }]) } },
      '`options.filterPolicy` has a value for \'kind\' that SNS does not accept: {"startsWith":"ord"}. A value is a string, a number, null, or an object with one of the operators ' +
      'prefix, suffix, anything-but, numeric, exists, equals-ignore-case, cidr.'],
    ['a policy over 256 KB', { filterPolicy: { kind: new sns.SubscriptionFilter(['x'.repeat(300 * 1024)]) } },
      '`options.filterPolicy` may be at most 256 KB (262144 bytes) of JSON, got: 307213 bytes.'],
    ['maxReceiveCount 0', { maxReceiveCount: 0 }, '`maxReceiveCount` must be a whole number from 1 to 1000, got: 0.'],
    ['a visibility timeout over 12 hours', { visibilityTimeout: Duration.hours(13) }, '`visibilityTimeout` must be from 1 second to 12 hours (43200 seconds), got: 46800 seconds.'],
    ['an account id of 11 digits', { account: '22222222222' }, '`account` must be an AWS account id of 12 digits, got: \'22222222222\'.'],
    ['another account without a stack', { account: PARTNER }, `A subscriber in account ${PARTNER} needs \`stack\`, a stack of that account to create its queues and subscription in, got: none.`],
    ['an unknown alarm', { alarms: { overrides: { Throttles: { enabled: false } } } },
      '`alarms.overrides` names an alarm this construct does not have: \'Throttles\'. Its alarms are: \'DeadLetters\', \'DeliveryFailures\', \'OldestMessageAge\'.'],
  ];
  test.each(subscriberCases)('%s', (_name, options, message) => {
    const { stack, fanout } = fanoutOf();
    const before = stack.node.findAll().length;
    expect(() => fanout.addSubscriber('Billing', options)).toThrow(new Error(message));
    expect(stack.node.findAll().length).toEqual(before);
    expect(fanout.subscribers).toEqual([]);
  });

  test('another account with a stack of a third account', () => {
    const { app, fanout } = fanoutOf();
    const third = new Stack(app, 'Third', { env: { account: '333333333333', region: ENV.region } });
    expect(() => fanout.addSubscriber('Partner', { account: PARTNER, stack: third })).toThrow(new Error(
      `A subscriber in account ${PARTNER} needs \`stack\`, a stack of that account to create its queues and subscription in, got: Third in account 333333333333.`));
  });

  test('a stack of another account without `account`', () => {
    const { app, fanout } = fanoutOf();
    const partner = new Stack(app, 'Partner', { env: { account: PARTNER, region: ENV.region } });
    expect(() => fanout.addSubscriber('Partner', { stack: partner })).toThrow(new Error(
      `\`stack\` Partner is in account ${PARTNER}, not the topic's (111111111111): set \`account\` to ${PARTNER} for a subscriber in another account.`));
  });

  test('another account on an imported topic, whose policy the app cannot change', () => {
    const { app, stack } = serverlessStack();
    const fanout = new EventFanout(stack, 'Orders', { topic: sns.Topic.fromTopicArn(stack, 'Theirs', 'arn:aws:sns:eu-west-1:111111111111:theirs') });
    const partner = new Stack(app, 'Partner', { env: { account: PARTNER, region: ENV.region } });
    expect(() => fanout.addSubscriber('Partner', { account: PARTNER, stack: partner })).toThrow(new Error(
      `A subscriber in account ${PARTNER} needs a topic this app creates, whose policy can let that account subscribe, got the imported topic Workload/Theirs.`));
  });

  const consumerCases: Array<[string, Partial<FanoutSubscriberOptions>, boolean, object, string]> = [
    ['a consumer that outlasts the visibility timeout', { visibilityTimeout: Duration.seconds(20) }, false, {},
      'The consumer\'s timeout (30 seconds) must be at most the `visibilityTimeout` of Workload/Orders/Billing (20 seconds); set `visibilityTimeout` on addSubscriber() ' +
      'to six times the consumer\'s timeout, as AWS recommends.'],
    ['a batching window on a FIFO queue', {}, true, { maxBatchingWindow: Duration.seconds(10) },
      '`maxBatchingWindow` must be left out for a FIFO queue, which Lambda hands over as soon as messages are there, got: 10 seconds.'],
    ['a batch of 11 from a FIFO queue', {}, true, { batchSize: 11 }, '`batchSize` must be a whole number from 1 to 10, got: 11.'],
    ['a batch of 11 without a window', {}, false, { batchSize: 11 }, '`batchSize` must be a whole number from 1 to 10 (up to 10000 with a `maxBatchingWindow`), got: 11.'],
  ];
  test.each(consumerCases)('%s', (_name, options, fifo, consumerOptions, message) => {
    const { stack, network, fanout } = fanoutOf({ fifo });
    const subscriber = fanout.addSubscriber('Billing', options);
    const consumer = secureFunction(stack, 'Biller', network);
    const before = stack.node.findAll().length;
    expect(() => subscriber.addConsumer(consumer, consumerOptions)).toThrow(new Error(message));
    expect(stack.node.findAll().length).toEqual(before);
  });

  test('a consumer with 1 reserved execution', () => {
    const { stack, network, fanout } = fanoutOf();
    const subscriber = fanout.addSubscriber('Billing');
    expect(() => subscriber.addConsumer(secureFunction(stack, 'Biller', network, { reservedConcurrentExecutions: 1 }))).toThrow(new Error(
      'The consumer\'s `reservedConcurrentExecutions` must be at least 2 for an SQS event source, whose maximum concurrency is at least 2, got: 1.'));
  });
});

test('a given key and alarm settings reach every subscriber; alarms off leaves no alarm topic', () => {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: ENV });
  const fanout = new EventFanout(stack, 'Orders', { alarms: { enabled: false } });
  const subscriber = fanout.addSubscriber('Billing', { rawMessageDelivery: false, maxReceiveCount: 10, visibilityTimeout: Duration.minutes(10) });
  const template = Template.fromStack(stack);
  expect(subscriber.alarms).toEqual([]);
  expect(fanout.alarmTopic).toBeUndefined();
  template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  template.hasResourceProperties('AWS::SNS::Subscription', { RawMessageDelivery: false });
  template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 600, RedrivePolicy: Match.objectLike({ maxReceiveCount: 10 }) });
});
