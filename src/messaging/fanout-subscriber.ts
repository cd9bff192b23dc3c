import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventFanout } from './event-fanout';
import { SecureFunction } from '../compute/secure-function';
import { AlarmOptions } from '../core/alarm-options';
import { createRotatingKey } from '../core/encryption';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { AlarmSpec, createAlarmSet, deadLetterAlarmSpec, validateAlarmOptions } from '../private/alarm-set';
import { allowServiceToSend, allowTopicToUseKey, createDeadLetterQueue, createEncryptedQueue, DeadLetterQueueOwner, validateMaxReceiveCount } from '../private/encrypted-queue';
import { validateFilterPolicy } from '../private/filter-policy';
import { graphWidgets, queueGraphs } from '../private/monitoring-widgets';
import { connectQueueConsumer, planQueueConsumer } from '../private/queue-consumer';
import { addStackDependency } from '../private/renamed-apis';

/**
 * How a subscriber of an `EventFanout` receives messages.
 */
export interface FanoutSubscriberOptions {
  /**
   * Deliver only messages whose attributes match, such as
   * `{ kind: sns.SubscriptionFilter.stringFilter({ allowlist: ['order'] }) }`:
   * at most 5 attributes and 150 combinations of values.
   *
   * @default - every message, unless `filterPolicyWithMessageBody` is given
   */
  readonly filterPolicy?: { [attribute: string]: sns.SubscriptionFilter };

  /**
   * Deliver only messages whose JSON body matches: at most 5 top-level keys
   * and 150 combinations of values. Give this or `filterPolicy`, not both.
   *
   * @default - every message, unless `filterPolicy` is given
   */
  readonly filterPolicyWithMessageBody?: { [key: string]: sns.FilterOrPolicy };

  /**
   * Deliver the message as published, without SNS's JSON envelope.
   *
   * @default true
   */
  readonly rawMessageDelivery?: boolean;

  /**
   * How often a message is received before it goes to the dead-letter
   * queue: 1 to 1,000.
   *
   * @default 3
   */
  readonly maxReceiveCount?: number;

  /**
   * The queue's visibility timeout: at least the timeout of every consumer,
   * at most 12 hours.
   *
   * @default Duration.minutes(3): six times a SecureFunction's default timeout, as AWS recommends
   */
  readonly visibilityTimeout?: Duration;

  /**
   * The account of a subscriber in another account. Its queues are created
   * in `stack`, a stack of that account, whose queue and key policies admit
   * exactly this topic, and the topic lets that account subscribe SQS
   * queues; the subscription is created in that stack too, so that it needs
   * no confirmation.
   *
   * @default - the topic's account
   */
  readonly account?: string;

  /**
   * The stack to create the subscriber in: required for a subscriber in
   * another account (a stack of `account`), optional otherwise.
   *
   * @default - inside the fan-out
   */
  readonly stack?: Stack;

  /**
   * The key of the subscriber's queues. A given key must let
   * `sns.amazonaws.com` use it for this topic.
   *
   * @default - the fan-out's key; a new customer-managed key with rotation on in another account
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The subscriber's alarms, over 5-minute periods: `DeadLetters` (at least
   * 1 message in the dead-letter queue), `DeliveryFailures` (at least 1
   * message SNS could not deliver, in the subscription's dead-letter queue)
   * and `OldestMessageAge` (the oldest message waiting more than 900 seconds).
   *
   * @default - the fan-out's `alarms`; all three on, notifying the fan-out's alarm topic (a new one in another stack)
   */
  readonly alarms?: AlarmOptions;
}

/**
 * How a `SecureFunction` consumes a subscriber's queue.
 */
export interface FanoutConsumerOptions {
  /**
   * Messages per batch: 1 to 10, or up to 10,000 with a `maxBatchingWindow`
   * (standard queues only).
   *
   * @default 10
   */
  readonly batchSize?: number;

  /**
   * How long Lambda gathers messages before it invokes the function: up to
   * 5 minutes; not for FIFO queues.
   *
   * @default - none; a batch is sent as soon as messages are there
   */
  readonly maxBatchingWindow?: Duration;
}

/**
 * Properties of a `FanoutSubscriber`.
 */
export interface FanoutSubscriberProps extends FanoutSubscriberOptions {
  /** The fan-out to subscribe to. */
  readonly fanout: EventFanout;
}

/** SQS's longest visibility timeout (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html). */
const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);
const DEFAULT_VISIBILITY_TIMEOUT = Duration.minutes(3);
const ALARM_PERIOD = Duration.minutes(5);
/** The names of a subscriber's alarms, for `alarms.overrides`. */
export const SUBSCRIBER_ALARM_NAMES = ['DeadLetters', 'DeliveryFailures', 'OldestMessageAge'];

/**
 * One subscriber of an `EventFanout`: an encrypted, TLS-only queue (FIFO on
 * a FIFO topic) subscribed to the topic, a dead-letter queue for messages
 * its consumers fail, a second one for messages SNS could not deliver to the
 * queue, and alarms on both and on the oldest message. Create it with
 * `EventFanout.addSubscriber()`.
 *
 * The two dead-letter queues are kept apart: a message the consumers failed
 * can be moved back to the queue (SQS dead-letter queue redrive), while one
 * SNS could not deliver never reached it and is a delivery problem (a key or
 * queue policy) to fix first.
 */
export class FanoutSubscriber extends Construct implements IMonitored {
  /** The queue the topic delivers to. */
  public readonly queue: sqs.IQueue;

  /** Where messages go after `maxReceiveCount` failed receives. */
  public readonly deadLetterQueue: sqs.IQueue;

  /** Where SNS puts messages it could not deliver to the queue (the subscription's redrive policy). */
  public readonly deliveryDeadLetterQueue: sqs.IQueue;

  /** The subscription. */
  public readonly subscription: sns.Subscription;

  /** The key of the queues. */
  public readonly encryptionKey: kms.IKey;

  /** The topic the alarms notify, when any alarm is on. */
  public readonly alarmTopic?: sns.ITopic;

  private readonly ownAlarms: cloudwatch.IAlarm[];
  private readonly consumerAlarms: cloudwatch.IAlarm[] = [];
  private readonly fifo: boolean;
  private readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: FanoutSubscriberProps) {
    const { fanout } = props;
    const plan = planSubscriber(scope, props);
    super(scope, id);
    this.fifo = fanout.fifo;
    this.visibilityTimeout = plan.visibilityTimeout;
    const topic = fanout.topic;

    this.encryptionKey = props.encryptionKey ?? (plan.sameAccount
      ? fanout.encryptionKey
      : createRotatingKey(this, 'Key', `Encrypts the queues of ${this.node.path}`));
    const deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue', {
      encryptionKey: this.encryptionKey, namedBy: DeadLetterQueueOwner.REDRIVE_POLICY, fifo: this.fifo,
    });
    const queue = createEncryptedQueue(this, 'Queue', {
      encryptionKey: this.encryptionKey,
      visibilityTimeout: plan.visibilityTimeout,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: plan.maxReceiveCount },
      fifo: this.fifo,
    });
    // "FIFO topic subscriptions use FIFO queues" as their dead-letter queues (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html).
    const deliveryDeadLetterQueue = createDeadLetterQueue(this, 'DeliveryDeadLetterQueue', {
      encryptionKey: this.encryptionKey, namedBy: DeadLetterQueueOwner.SNS_SUBSCRIPTION, fifo: this.fifo,
    });
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
    this.deliveryDeadLetterQueue = deliveryDeadLetterQueue;

    // Only this topic may send to the queue; the subscription adds the same statement to its dead-letter queue
    // ("Sending Amazon SNS messages to an Amazon SQS queue", "Configuring an Amazon SNS dead-letter queue").
    const queuePolicy = allowServiceToSend(queue, 'AllowTheTopicToSend', 'sns.amazonaws.com', topic.topicArn);
    allowTopicToUseKey(this.encryptionKey, plan.topicArnForKey ?? fanout._topicArnFor(this.encryptionKey));

    const topicStack = Stack.of(fanout);
    const here = Stack.of(this);
    this.subscription = new sns.Subscription(this, 'Subscription', {
      topic,
      protocol: sns.SubscriptionProtocol.SQS,
      endpoint: queue.queueArn,
      rawMessageDelivery: props.rawMessageDelivery ?? true,
      filterPolicy: props.filterPolicy,
      filterPolicyWithMessageBody: props.filterPolicyWithMessageBody,
      deadLetterQueue: deliveryDeadLetterQueue,
      region: here.region !== topicStack.region ? topicStack.region : undefined,
    });
    // SNS delivers as soon as the subscription exists, so the queue must admit it first.
    if (queuePolicy.policyDependable) {
      this.subscription.node.addDependency(queuePolicy.policyDependable);
    }
    if (!plan.sameAccount) {
      fanout._allowSubscriptionsFrom(plan.account!, here);
    }
    if (here !== topicStack) {
      addStackDependency(here, topicStack, `${this.node.path} subscribes to ${fanout.node.path}`);
    }

    if (fanout._permissionsBoundary) {
      attachConstructBoundary(this, fanout._permissionsBoundary);
    }
    const alarmSet = createAlarmSet(this, plan.alarms, this.alarmSpecs(), {
      enabledByDefault: true,
      defaultTopic: () => (plan.sameStack ? fanout._defaultAlarmTopic() : new AlarmTopic(this, 'AlarmTopic', { displayName: `Fan-out subscriber alarms of ${this.node.path}` })),
    });
    this.alarmTopic = alarmSet.topic;
    this.ownAlarms = alarmSet.alarms;
  }

  /** The subscriber's alarms and those of its consumers. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.ownAlarms, ...this.consumerAlarms];
  }

  /** Lets `grantee` receive, delete and decrypt the queue's messages. */
  public grantConsume(grantee: iam.IGrantable): iam.Grant {
    return this.queue.grantConsumeMessages(grantee);
  }

  /**
   * Has Lambda hand the queue's messages to `consumer` in batches, with
   * partial batch responses (the function returns the ids of the messages it
   * failed, which alone are received again), at most as many batches at once
   * as the function's reserved concurrency.
   */
  public addConsumer(consumer: SecureFunction, options: FanoutConsumerOptions = {}): lambda.IEventSourceMapping {
    const functionTimeout = consumer.timeout ?? Duration.seconds(3);
    if (!this.visibilityTimeout.isUnresolved() && this.visibilityTimeout.toSeconds() < functionTimeout.toSeconds()) {
      throw new Error(`The consumer's timeout (${functionTimeout.toSeconds()} seconds) must be at most the \`visibilityTimeout\` of ${this.node.path} ` +
        `(${this.visibilityTimeout.toSeconds()} seconds); set \`visibilityTimeout\` on addSubscriber() to six times the consumer's timeout, as AWS recommends.`);
    }
    const { batchSize } = planQueueConsumer('consumer', consumer, { ...options, fifo: this.fifo });
    const id = `Consumer${this.node.children.filter((child) => child instanceof lambda.EventSourceMapping).length || ''}`;
    this.queue.grantConsumeMessages(consumer);
    const mapping = connectQueueConsumer(this, id, this.queue, consumer, { batchSize, maxBatchingWindow: options.maxBatchingWindow });
    this.consumerAlarms.push(...consumer.alarms);
    return mapping;
  }

  private alarmSpecs(): AlarmSpec[] {
    return [
      deadLetterAlarmSpec('DeadLetters', 'DeadLettersAlarm', this.deadLetterQueue, 'message(s) the consumers failed, in the dead-letter queue'),
      deadLetterAlarmSpec('DeliveryFailures', 'DeliveryFailuresAlarm', this.deliveryDeadLetterQueue,
        'message(s) SNS could not deliver to the queue, in the subscription\'s dead-letter queue'),
      {
        name: 'OldestMessageAge',
        id: 'OldestMessageAgeAlarm',
        metric: this.queue.metricApproximateAgeOfOldestMessage({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 900,
        evaluationPeriods: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        describe: (threshold, window) => `the oldest message waited more than ${threshold} seconds within ${window}: the consumers fall behind`,
      },
    ];
  }

  /** The queue's backlog and oldest message, and the messages its consumers failed or SNS could not deliver. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    return graphWidgets(this, queueGraphs(this.queue, [
      { label: 'Failed by consumers', queue: this.deadLetterQueue },
      { label: 'Not delivered by SNS', queue: this.deliveryDeadLetterQueue },
    ]));
  }
}

interface SubscriberPlan {
  readonly sameAccount: boolean;
  readonly sameStack: boolean;
  readonly account?: string;
  readonly maxReceiveCount: number;
  readonly visibilityTimeout: Duration;
  readonly alarms?: AlarmOptions;
  /** The topic's ARN as the given or the fan-out's key may name it; a new key names it later. */
  readonly topicArnForKey?: string;
}

/** Checks a subscriber's options before anything is created. */
function planSubscriber(scope: Construct, props: FanoutSubscriberProps): SubscriberPlan {
  const { fanout } = props;
  validateFilterPolicy('options', props);
  const maxReceiveCount = validateMaxReceiveCount(props.maxReceiveCount);
  const visibilityTimeout = props.visibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT;
  const seconds = visibilityTimeout.isUnresolved() ? 1 : visibilityTimeout.toSeconds();
  if (seconds < 1 || seconds > MAX_VISIBILITY_TIMEOUT.toSeconds()) {
    throw new Error(`\`visibilityTimeout\` must be from 1 second to 12 hours (43200 seconds), got: ${visibilityTimeout.toSeconds()} seconds.`);
  }
  const topicStack = Stack.of(fanout);
  const here = Stack.of(scope);
  const account = props.account;
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new Error(`\`account\` must be an AWS account id of 12 digits, got: '${account}'.`);
  }
  const sameAccount = account === undefined || account === topicStack.account;
  if (!sameAccount) {
    if (!props.stack || Stack.of(props.stack).account !== account) {
      throw new Error(`A subscriber in account ${account} needs \`stack\`, a stack of that account to create its queues and subscription in, ` +
        `got: ${props.stack ? `${props.stack.node.path} in account ${Token.isUnresolved(props.stack.account) ? 'unknown (env-agnostic)' : props.stack.account}` : 'none'}.`);
    }
    if (!(fanout.topic instanceof sns.Topic)) {
      throw new Error(`A subscriber in account ${account} needs a topic this app creates, whose policy can let that account subscribe, ` +
        `got the imported topic ${fanout.topic.node.path}.`);
    }
  } else if (props.stack && Stack.of(props.stack).account !== topicStack.account) {
    throw new Error(`\`stack\` ${props.stack.node.path} is in account ${props.stack.account}, not the topic's (${topicStack.account}): ` +
      `set \`account\` to ${props.stack.account} for a subscriber in another account.`);
  }
  const alarms = props.alarms ?? fanout._alarmOptions;
  validateAlarmOptions('alarms', alarms, SUBSCRIBER_ALARM_NAMES, () => ALARM_PERIOD);
  const sharedKey = props.encryptionKey ?? (sameAccount ? fanout.encryptionKey : undefined);
  return {
    topicArnForKey: sharedKey ? fanout._topicArnFor(sharedKey) : undefined,
    sameAccount,
    sameStack: here === topicStack,
    account,
    maxReceiveCount,
    visibilityTimeout,
    // A topic in the fan-out's account cannot be named across accounts; a subscriber elsewhere alarms to its own.
    alarms: sameAccount || props.alarms ? alarms : { ...alarms, topic: undefined },
  };
}
