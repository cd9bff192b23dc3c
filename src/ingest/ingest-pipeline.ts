import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { IngestDestination } from './ingest-destination';
import { IngestSource } from './ingest-source';
import { SecureFunction } from '../compute/secure-function';
import { AlarmOptions } from '../core/alarm-options';
import { allowEventBridgeRulesToUse, createRotatingKey } from '../core/encryption';
import { PavedRoadOptions } from '../core/paved-road-options';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { AlarmSpec, createAlarmSet, deadLetterAlarmSpec, validateAlarmOptions } from '../private/alarm-set';
import { allowServiceToSend, createDeadLetterQueue, createEncryptedQueue, DeadLetterQueueOwner, validateMaxReceiveCount } from '../private/encrypted-queue';
import { graphWidgets, queueGraphs } from '../private/monitoring-widgets';
import { connectQueueConsumer, planQueueConsumer } from '../private/queue-consumer';
import { ReplicatedBucket } from '../storage/replicated-bucket';

/**
 * Properties of an `IngestPipeline`.
 */
export interface IngestPipelineProps extends PavedRoadOptions {
  /**
   * The bucket objects are uploaded to.
   *
   * @default - a new `ReplicatedBucket` (child `Source`) with its defaults
   */
  readonly source?: IngestSource;

  /**
   * The key prefix of the objects to process, such as `incoming/`: 1 to 1,024
   * bytes of UTF-8, without a leading '/' or control characters.
   */
  readonly prefix: string;

  /**
   * Process only keys that end with one of these, such as `.csv`.
   *
   * @default - every key under `prefix`
   */
  readonly suffixes?: string[];

  /** The function that processes each batch of new objects. */
  readonly processor: SecureFunction;

  /**
   * Where the processor writes.
   *
   * @default - nowhere but the completion topic
   */
  readonly destination?: IngestDestination;

  /**
   * The topic the processor publishes a completion notice to (its ARN is in
   * `COMPLETION_TOPIC_ARN`).
   *
   * @default - a new topic encrypted with `encryptionKey`, TLS-only
   */
  readonly completionTopic?: sns.ITopic;

  /**
   * Messages per batch: 1 to 10, or up to 10,000 with a `maxBatchingWindow`.
   *
   * @default 10
   */
  readonly batchSize?: number;

  /**
   * How long Lambda gathers messages before it invokes the processor: up to
   * 5 minutes.
   *
   * @default - none; a batch is sent as soon as messages are there
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * How often a message is received before it goes to the dead-letter
   * queue: 1 to 1,000.
   *
   * @default 3
   */
  readonly maxReceiveCount?: number;

  /**
   * The queue's visibility timeout: at least the processor's timeout, at most 12 hours.
   *
   * @default - six times the processor's timeout, as AWS recommends
   */
  readonly visibilityTimeout?: Duration;

  /**
   * The key of the queues and the created completion topic. EventBridge
   * and SNS publishers must be able to use a given key.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The pipeline's alarms, over 5-minute periods: `DeadLetters` (at least 1
   * message in the dead-letter queue), `OldestMessageAge` (the oldest message
   * waiting more than 900 seconds) and `EventDeliveryFailures` (at least 1
   * event EventBridge could not deliver to the queue). The processor's own
   * alarms (`Errors`, `Throttles`, `DeadLetters`) watch the function.
   *
   * @default - all three on, notifying a new KMS-encrypted, TLS-only topic
   */
  readonly alarms?: AlarmOptions;
}

/** SQS's longest visibility timeout (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html). */
const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);
/** S3 object keys are at most 1,024 bytes of UTF-8 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). */
const MAX_KEY_BYTES = 1024;
const ALARM_PERIOD = Duration.minutes(5);
const ALARM_NAMES = ['DeadLetters', 'OldestMessageAge', 'EventDeliveryFailures'];

/**
 * S3 → EventBridge → SQS → Lambda → a database or table → SNS: each object
 * created under `prefix` in the source bucket becomes an event that an
 * EventBridge rule sends to an encrypted, TLS-only queue; Lambda polls the
 * queue and hands the processor batches, reporting failed messages one by
 * one (partial batch responses); a message that fails `maxReceiveCount`
 * times goes to the dead-letter queue. The processor may read exactly the
 * objects under the prefix, write to the destination and publish to the
 * completion topic, and nothing else.
 *
 * S3 sends events to EventBridge from the bucket's own notification
 * configuration, not through aws-cdk-lib's notification custom resource.
 */
export class IngestPipeline extends Construct implements IMonitored {
  /** The bucket objects are uploaded to: the given source's, or the one the pipeline created. */
  public readonly sourceBucket: s3.IBucket;

  /** The `ReplicatedBucket` the pipeline created, when no `source` was given. */
  public readonly bucket?: ReplicatedBucket;

  /** The queue the rule fills and the processor drains. */
  public readonly queue: sqs.IQueue;

  /** Where messages go after `maxReceiveCount` failed receives. */
  public readonly deadLetterQueue: sqs.IQueue;

  /** Where EventBridge puts events it could not deliver to the queue. */
  public readonly eventDeadLetterQueue: sqs.IQueue;

  /** The EventBridge rule that matches the objects. */
  public readonly rule: events.IRule;

  /** The completion topic. */
  public readonly completionTopic: sns.ITopic;

  /** The key of the queues (and of the created completion topic). */
  public readonly encryptionKey: kms.IKey;

  /** The event source mapping that hands batches to the processor. */
  public readonly eventSourceMapping: lambda.IEventSourceMapping;

  /** The topic the pipeline's alarms notify, when any alarm is on. */
  public readonly alarmTopic?: sns.ITopic;

  /** The pipeline's alarms and the processor's. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    const plan = planPipeline(props);
    props.destination?._validate(props.processor);
    super(scope, id);
    const { processor } = props;

    this.encryptionKey = props.encryptionKey ?? createRotatingKey(this, 'Key', `Encrypts the queues and completion topic of ${this.node.path}`);
    this.bucket = props.source ? undefined : new ReplicatedBucket(this, 'Source', { profile: props.profile });
    const source = props.source ?? IngestSource.fromReplicatedBucket(this.bucket!);
    this.sourceBucket = source.bucket;

    const deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue', {
      encryptionKey: this.encryptionKey,
      namedBy: DeadLetterQueueOwner.REDRIVE_POLICY,
    });
    const queue = createEncryptedQueue(this, 'Queue', {
      encryptionKey: this.encryptionKey,
      visibilityTimeout: plan.visibilityTimeout,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: plan.maxReceiveCount },
    });
    const eventDeadLetterQueue = createDeadLetterQueue(this, 'EventDeadLetterQueue', {
      encryptionKey: this.encryptionKey,
      namedBy: DeadLetterQueueOwner.EVENT_TARGET,
    });
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
    this.eventDeadLetterQueue = eventDeadLetterQueue;

    const rule = new events.Rule(this, 'Rule', {
      description: `New objects under ${props.prefix} for ${this.node.path}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [source.bucket.bucketName] }, object: { key: keyPatterns(props.prefix, props.suffixes) } },
      },
    });
    // EventBridge retries a failed delivery for up to a day, then puts the event in its own dead-letter queue.
    rule.addTarget({
      bind: () => ({
        arn: queue.queueArn,
        deadLetterConfig: { arn: eventDeadLetterQueue.queueArn },
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: Duration.hours(24).toSeconds() },
      }),
    });
    // Only this rule may send to the two queues ("Amazon SQS permissions", Amazon EventBridge User Guide).
    for (const target of [queue, eventDeadLetterQueue]) {
      allowServiceToSend(target, 'AllowThePipelineRuleToSend', 'events.amazonaws.com', rule.ruleArn);
    }
    this.rule = rule;
    allowEventBridgeRulesToUse(this.encryptionKey);

    this.completionTopic = props.completionTopic ?? new sns.Topic(this, 'CompletionTopic', {
      displayName: `Completion notices of ${this.node.path}`.slice(0, 100),
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });

    // What the processor may do: read the objects, consume the queue, publish, and write to the destination.
    source._bind(this, processor, props.prefix);
    queue.grantConsumeMessages(processor);
    processor.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.completionTopic.topicArn] }));
    if (this.completionTopic.masterKey) {
      // SNS encrypts the notice with the topic's key on the publisher's behalf ("Encryption at rest", Amazon SNS Developer Guide).
      processor.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.completionTopic.masterKey.keyArn] }));
    }
    // S3, SNS and the SQS poller's calls are Lambda's; the handler reaches S3 and SNS over HTTPS.
    processor.connections.allowToAnyIpv4(ec2.Port.tcp(443), 'AWS APIs (S3, SNS) over HTTPS');
    processor.addEnvironment('SOURCE_BUCKET', source.bucket.bucketName);
    processor.addEnvironment('SOURCE_PREFIX', props.prefix);
    processor.addEnvironment('COMPLETION_TOPIC_ARN', this.completionTopic.topicArn);
    props.destination?._bind(processor);

    const mapping = connectQueueConsumer(this, 'EventSourceMapping', queue, processor, {
      batchSize: plan.batchSize,
      maxBatchingWindow: props.maxBatchingWindow,
    });
    this.eventSourceMapping = mapping;

    if (props.permissionsBoundary) {
      attachConstructBoundary(this, props.permissionsBoundary);
    }
    const alarmSet = createAlarmSet(this, props.alarms, this.alarmSpecs(), {
      enabledByDefault: true,
      defaultTopic: () => new AlarmTopic(this, 'AlarmTopic', { displayName: `Ingest pipeline alarms of ${this.node.path}` }),
    });
    this.alarmTopic = alarmSet.topic;
    this.alarms = [...alarmSet.alarms, ...processor.alarms];
  }

  private alarmSpecs(): AlarmSpec[] {
    const period = ALARM_PERIOD;
    return [
      deadLetterAlarmSpec('DeadLetters', 'DeadLettersAlarm', this.deadLetterQueue, 'message(s) the processor failed, in the dead-letter queue'),
      {
        name: 'OldestMessageAge',
        id: 'OldestMessageAgeAlarm',
        metric: this.queue.metricApproximateAgeOfOldestMessage({ period, statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 900,
        evaluationPeriods: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        describe: (threshold, window) => `the oldest message waited more than ${threshold} seconds within ${window}: the processor falls behind`,
      },
      deadLetterAlarmSpec('EventDeliveryFailures', 'EventDeliveryFailuresAlarm', this.eventDeadLetterQueue, 'event(s) EventBridge could not deliver to the queue, in the rule\'s dead-letter queue'),
    ];
  }

  /** The queue's backlog and oldest message, and the dead letters of the processor and of the rule. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    return graphWidgets(this, queueGraphs(this.queue, [
      { label: 'Failed by the processor', queue: this.deadLetterQueue },
      { label: 'Not delivered by the rule', queue: this.eventDeadLetterQueue },
    ]));
  }
}

interface PipelinePlan {
  readonly visibilityTimeout: Duration;
  readonly maxReceiveCount: number;
  readonly batchSize: number;
}

/** Checks the props before anything is created. */
function planPipeline(props: IngestPipelineProps): PipelinePlan {
  validateKeyPart('prefix', props.prefix);
  if (props.suffixes !== undefined && props.suffixes.length === 0) {
    throw new Error('`suffixes` must name at least one suffix, or be left out to process every key under `prefix`, got: [].');
  }
  props.suffixes?.forEach((suffix, index) => validateKeyPart(`suffixes[${index}]`, suffix));
  validateAlarmOptions('alarms', props.alarms, ALARM_NAMES, () => ALARM_PERIOD);

  const functionTimeout = props.processor.timeout ?? Duration.seconds(3);
  const recommended = Math.min(functionTimeout.toSeconds() * 6, MAX_VISIBILITY_TIMEOUT.toSeconds());
  const visibilityTimeout = props.visibilityTimeout ?? Duration.seconds(recommended);
  if (!visibilityTimeout.isUnresolved()) {
    if (visibilityTimeout.toSeconds() < functionTimeout.toSeconds()) {
      throw new Error(`\`visibilityTimeout\` must be at least the processor's timeout (${functionTimeout.toSeconds()} seconds), and AWS recommends six ` +
        `times it, got: ${visibilityTimeout.toSeconds()} seconds. Lambda refuses an event source mapping whose function may run longer than the queue hides a message.`);
    }
    if (visibilityTimeout.toSeconds() > MAX_VISIBILITY_TIMEOUT.toSeconds()) {
      throw new Error(`\`visibilityTimeout\` must be at most 12 hours (43200 seconds), got: ${visibilityTimeout.toSeconds()} seconds.`);
    }
  }
  const maxReceiveCount = validateMaxReceiveCount(props.maxReceiveCount);
  const { batchSize } = planQueueConsumer('processor', props.processor, { batchSize: props.batchSize, maxBatchingWindow: props.maxBatchingWindow });
  return {
    visibilityTimeout,
    maxReceiveCount,
    batchSize,
  };
}

/** A key prefix or suffix: 1 to 1,024 bytes of UTF-8, no control characters, a prefix not starting with '/'. */
function validateKeyPart(prop: string, value: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f]/.test(value);
  if (bytes < 1 || bytes > MAX_KEY_BYTES || control || (prop === 'prefix' && value.startsWith('/'))) {
    throw new Error(`\`${prop}\` must be part of an S3 object key: 1 to ${MAX_KEY_BYTES} bytes of UTF-8 without control characters` +
      `${prop === 'prefix' ? ' and without a leading \'/\', such as \'incoming/\'' : ', such as \'.csv\''}, got: ${JSON.stringify(value)}.`);
  }
}

/**
 * The rule's key filter: a prefix match, or with suffixes one wildcard per
 * suffix, with `*` and `\` in the key escaped ("Wildcard matching", Amazon
 * EventBridge User Guide: event-patterns-content-based-filtering).
 */
function keyPatterns(prefix: string, suffixes: string[] | undefined): any[] {
  if (!suffixes) {
    return [{ prefix }];
  }
  const escape = (text: string) => text.replace(/[\\*]/g, (c) => `\\${c}`);
  return suffixes.map((suffix) => ({ wildcard: `${escape(prefix)}*${escape(suffix)}` }));
}
