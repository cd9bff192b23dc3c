import { ArnFormat, Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FanoutSubscriber, FanoutSubscriberOptions, SUBSCRIBER_ALARM_NAMES } from './fanout-subscriber';
import { AlarmOptions } from '../core/alarm-options';
import { createRotatingKey } from '../core/encryption';
import { PavedRoadOptions } from '../core/paved-road-options';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { validateAlarmOptions } from '../private/alarm-set';
import { graphWidgets, inSameEnvironment } from '../private/monitoring-widgets';

/**
 * Properties of an `EventFanout`.
 */
export interface EventFanoutProps extends PavedRoadOptions {
  /**
   * The topic to fan out, such as `IngestPipeline.completionTopic`.
   *
   * @default - a new topic encrypted with `encryptionKey`, TLS-only
   */
  readonly topic?: sns.ITopic;

  /**
   * A FIFO fan-out: a FIFO topic (its name ends in `.fifo`) delivering to
   * FIFO queues, in order within each message group. Publishers must give
   * every message a message group id, and a deduplication id unless
   * `contentBasedDeduplication` is on. A given `topic` must agree.
   *
   * @default - the given topic's type; false for a new topic
   */
  readonly fifo?: boolean;

  /**
   * For a new FIFO topic: SNS derives the deduplication id from the message
   * body (SHA-256), so publishers need not give one; the same body published
   * twice within 5 minutes is delivered once.
   *
   * @default false
   */
  readonly contentBasedDeduplication?: boolean;

  /**
   * The key of the created topic and of the subscribers' queues in this
   * account. A given key must let `sns.amazonaws.com` use it for this topic.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The alarms of every subscriber (see `FanoutSubscriberOptions.alarms`):
   * `DeadLetters`, `DeliveryFailures` and `OldestMessageAge`.
   *
   * @default - all three on for each subscriber, notifying one new KMS-encrypted, TLS-only topic of the fan-out
   */
  readonly alarms?: AlarmOptions;
}

/**
 * SNS → many SQS queues: one message, many consumers. Each subscriber
 * (`addSubscriber`) gets its own encrypted, TLS-only queue with a filter
 * policy, a dead-letter queue for the messages its consumers fail, and a
 * second one for messages SNS could not deliver, so that nothing is lost
 * silently; SNS may send to the queues and use their key for this topic
 * only (`aws:SourceArn`). A FIFO fan-out keeps order per message group.
 */
export class EventFanout extends Construct implements IMonitored {
  /** The topic that publishers send to. */
  public readonly topic: sns.ITopic;

  /** Whether the topic and the queues are FIFO. */
  public readonly fifo: boolean;

  /** The key of the created topic and of the subscribers' queues in this account. */
  public readonly encryptionKey: kms.IKey;

  /** @internal */
  public readonly _alarmOptions?: AlarmOptions;

  /** @internal */
  public readonly _permissionsBoundary?: iam.IManagedPolicy;

  private readonly subscriberList: FanoutSubscriber[] = [];
  private readonly createdTopicName?: string;
  private defaultAlarmTopic?: sns.ITopic;

  constructor(scope: Construct, id: string, props: EventFanoutProps = {}) {
    const fifo = planFanout(props);
    super(scope, id);
    this.fifo = fifo;
    this._alarmOptions = props.alarms;
    this._permissionsBoundary = props.permissionsBoundary;
    this.encryptionKey = props.encryptionKey ?? createRotatingKey(this, 'Key', `Encrypts the topic and queues of ${this.node.path}`);
    if (props.topic) {
      this.topic = props.topic;
    } else {
      // The name is set, so that the key policy and a subscriber in another account can name the topic's ARN
      // before the topic exists (the topic uses the key). A type change changes the name, which lets
      // CloudFormation replace the topic. Names are 1 to 256 letters, digits, hyphens and underscores,
      // and a FIFO topic's end in .fifo (CreateTopic, https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
      const suffix = fifo ? '.fifo' : '';
      this.createdTopicName = `${Names.uniqueResourceName(this, { maxLength: 256 - suffix.length, separator: '-' })}${suffix}`;
      this.topic = new sns.Topic(this, 'Topic', {
        topicName: this.createdTopicName,
        displayName: `Fan-out of ${this.node.path}`.slice(0, 100),
        masterKey: this.encryptionKey,
        enforceSSL: true,
        fifo: fifo || undefined,
        contentBasedDeduplication: props.contentBasedDeduplication,
      });
    }
  }

  /**
   * The topic's ARN as a key policy of `key` may name it: built from the name
   * of a created topic, which uses the fan-out's key (naming the topic
   * itself would be a dependency cycle).
   *
   * @internal
   */
  public _topicArnFor(key: kms.IKey): string {
    if (this.createdTopicName) {
      return Stack.of(this).formatArn({ service: 'sns', resource: this.createdTopicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    }
    if (key === this.topic.masterKey) {
      throw new Error(`The subscribers' key is the key of the given topic ${this.topic.node.path}, whose policy cannot name the topic (a dependency cycle): ` +
        'leave `encryptionKey` out for a key of the fan-out\'s own, or give another key.');
    }
    return this.topic.topicArn;
  }

  /** The subscribers, in the order they were added. */
  public get subscribers(): FanoutSubscriber[] {
    return [...this.subscriberList];
  }

  /** The alarms of every subscriber and of their consumers. */
  public get alarms(): cloudwatch.IAlarm[] {
    return this.subscriberList.flatMap((subscriber) => subscriber.alarms);
  }

  /**
   * The topic the subscribers in the fan-out's stack alarm to, once one
   * alarms to it (a subscriber in another stack has its own, unless given one).
   */
  public get alarmTopic(): sns.ITopic | undefined {
    const stack = Stack.of(this);
    return this.subscriberList.find((subscriber) => Stack.of(subscriber) === stack && subscriber.alarmTopic)?.alarmTopic;
  }

  /**
   * Adds a subscriber: a queue subscribed to the topic with `options`, and
   * its dead-letter queues and alarms.
   */
  public addSubscriber(id: string, options: FanoutSubscriberOptions = {}): FanoutSubscriber {
    const subscriber = options.stack
      ? new FanoutSubscriber(options.stack, `${this.node.id}${id}`, { ...options, fanout: this })
      : new FanoutSubscriber(this, id, { ...options, fanout: this });
    this.subscriberList.push(subscriber);
    return subscriber;
  }

  /**
   * Lets `grantee` publish to the topic, and have SNS encrypt with the
   * topic's key ("Encryption at rest", Amazon SNS Developer Guide: a
   * publisher needs `kms:GenerateDataKey` and `kms:Decrypt`), through SNS
   * only: the key also encrypts the subscribers' queues, which a publisher
   * may not read.
   */
  public grantPublish(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [this.topic.topicArn] });
    const key = this.topic.masterKey;
    if (!key) {
      return grant;
    }
    return grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resourceArns: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sns.${Stack.of(this.topic).region}.amazonaws.com` } },
    }));
  }

  /**
   * The fan-out's alarm topic, created on first use.
   *
   * @internal
   */
  public _defaultAlarmTopic(): sns.ITopic {
    this.defaultAlarmTopic ??= new AlarmTopic(this, 'AlarmTopic', { displayName: `Fan-out alarms of ${this.node.path}` });
    return this.defaultAlarmTopic;
  }

  /**
   * Lets `account` subscribe its SQS queues of `stack`'s region to the topic
   * (the queue owner subscribes, so no confirmation is needed: "Sending
   * Amazon SNS messages to an Amazon SQS queue in a different account").
   *
   * @internal
   */
  public _allowSubscriptionsFrom(account: string, stack: Stack): void {
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowSubscriptionsFrom${account}`,
      principals: [new iam.AccountPrincipal(account)],
      actions: ['sns:Subscribe'],
      resources: [this.topic.topicArn],
      conditions: {
        StringEquals: { 'sns:Protocol': 'sqs' },
        ArnLike: { 'sns:Endpoint': Stack.of(this).formatArn({ service: 'sqs', account, region: stack.region, resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
      },
    }));
  }

  /**
   * Messages published to the topic and deliveries that failed, and the
   * backlog of each subscriber in the fan-out's account and region.
   */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const sum = { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) };
    const local = this.subscriberList.filter((subscriber) => inSameEnvironment(this, subscriber));
    return graphWidgets(this, [
      { title: 'Messages', left: [this.topic.metricNumberOfMessagesPublished(sum), this.topic.metricNumberOfNotificationsFailed(sum)] },
      {
        title: 'Subscriber backlogs',
        left: local.map((subscriber) => subscriber.queue.metricApproximateNumberOfMessagesVisible({
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(5),
          label: subscriber.node.id,
        })),
      },
    ]);
  }
}

const FANOUT_ALARM_PERIOD = Duration.minutes(5);

/** Checks the props before anything is created; returns whether the fan-out is FIFO. */
function planFanout(props: EventFanoutProps): boolean {
  validateAlarmOptions('alarms', props.alarms, SUBSCRIBER_ALARM_NAMES, () => FANOUT_ALARM_PERIOD);
  const topic = props.topic;
  if (topic && props.fifo !== undefined && props.fifo !== topic.fifo) {
    throw new Error(props.fifo
      ? `\`fifo\` is true, but \`topic\` ${topic.node.path} is a standard topic: a FIFO fan-out delivers to FIFO queues, which only a FIFO topic (name ending in .fifo) ` +
        'can feed. Give a FIFO topic, or leave `fifo` out to follow the topic.'
      : `\`fifo\` is false, but \`topic\` ${topic.node.path} is a FIFO topic: its subscribers get FIFO queues. Leave \`fifo\` out to follow the topic.`);
  }
  const fifo = props.fifo ?? topic?.fifo ?? false;
  if (props.contentBasedDeduplication !== undefined && topic) {
    throw new Error(`\`contentBasedDeduplication\` applies to a topic the fan-out creates; set it on the given \`topic\` ${topic.node.path} instead, ` +
      `got: ${props.contentBasedDeduplication}.`);
  }
  if (props.contentBasedDeduplication && !fifo) {
    throw new Error('`contentBasedDeduplication` is for FIFO topics: set `fifo` to true, or leave `contentBasedDeduplication` out, got: true with a standard topic.');
  }
  return fifo;
}
