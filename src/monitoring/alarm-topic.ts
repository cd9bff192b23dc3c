import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { IMonitored } from './monitored';
import { createRotatingKey } from '../core/encryption';
import { allowTopicToUseKey, createDeadLetterQueue, DeadLetterQueueOwner } from '../private/encrypted-queue';
import { graphWidgets } from '../private/monitoring-widgets';

/**
 * Properties of an `AlarmTopic`.
 */
export interface AlarmTopicProps {
  /**
   * The topic's display name (at most 100 characters; a longer one is cut).
   *
   * @default 'Alarms of <construct path>'
   */
  readonly displayName?: string;

  /**
   * Email addresses to notify. Each address receives a confirmation message
   * from SNS and is notified once it confirms.
   *
   * @default - none
   */
  readonly emailAddresses?: string[];

  /**
   * HTTPS endpoints to notify (for an incident tool's webhook). Each must
   * confirm the subscription by visiting the URL SNS sends it.
   *
   * @default - none
   */
  readonly httpsEndpoints?: string[];
}

/** Which `AlarmTopic` each scope given to `AlarmTopic.setFor` uses. */
const TOPICS_BY_SCOPE = new WeakMap<IConstruct, AlarmTopic>();

/**
 * The SNS topic CloudWatch alarms notify: encrypted with its own rotating KMS
 * key, TLS-only, and one that CloudWatch can actually publish to.
 *
 * A topic policy replaces SNS's default policy, so the topic lets
 * `cloudwatch.amazonaws.com` publish, and its key lets it encrypt, for alarms
 * of this account and region only (`aws:SourceAccount`, `aws:SourceArn`;
 * "Enable compatibility between event sources from AWS services and encrypted
 * topics", Amazon SNS Developer Guide). Without the key statement an alarm
 * fires and nobody hears.
 *
 * One per app is the norm: `AlarmTopic.setFor(app, topic)` makes every
 * construct of the library under `app` notify it, unless a construct is given
 * another topic in its `alarms.topic`.
 */
export class AlarmTopic extends sns.Topic implements IMonitored {
  /**
   * Makes every construct of the library added under `scope` (an app, a stage
   * or a stack) notify `topic` with its alarms, unless given another in
   * `alarms.topic`. Constructs in another account or region than the topic
   * keep their own topic: CloudWatch alarms notify topics of their own region.
   * Call it before adding constructs; ones already added keep their topic.
   */
  public static setFor(scope: IConstruct, topic: AlarmTopic): void {
    const existing = TOPICS_BY_SCOPE.get(scope);
    if (existing && existing !== topic) {
      throw new Error(`\`AlarmTopic.setFor\` was already called for '${scope.node.path || '<app>'}' with ${existing.node.path}; got ${topic.node.path}. Set one topic per scope.`);
    }
    TOPICS_BY_SCOPE.set(scope, topic);
  }

  /**
   * The topic set with `setFor` on `scope` or the nearest scope above it, if it
   * is in the same account and region as `scope`'s stack.
   */
  public static of(scope: IConstruct): AlarmTopic | undefined {
    for (const ancestor of [...scope.node.scopes].reverse()) {
      const topic = TOPICS_BY_SCOPE.get(ancestor);
      if (topic) {
        // Above any stack (an app or a stage) there is no environment to compare.
        const stack = [...scope.node.scopes].reverse().find(Stack.isStack);
        if (!stack) {
          return topic;
        }
        const topicStack = Stack.of(topic);
        return topicStack.account === stack.account && topicStack.region === stack.region ? topic : undefined;
      }
    }
    return undefined;
  }

  /** The key that encrypts the topic's messages. */
  public readonly encryptionKey: kms.IKey;

  /**
   * Where SNS puts notifications it could not deliver to a subscriber (the
   * subscriptions' redrive policy), when the topic has subscriptions.
   */
  public readonly deliveryDeadLetterQueue?: sqs.IQueue;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    validateSubscriptions(props);
    const displayName = props.displayName ?? `Alarms of ${[scope.node.path, id].filter(Boolean).join('/')}`;
    const stack = Stack.of(scope);
    const fromThisAccountsAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    // The key is the topic's sibling (`<id>Key`), so it exists before the topic that names it.
    const key = createRotatingKey(scope, `${id}Key`, `Encrypts the SNS topic for: ${displayName}`);
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: fromThisAccountsAlarms,
    }));
    super(scope, id, { displayName: fitDisplayName(displayName), masterKey: key, enforceSSL: true });
    this.encryptionKey = key;
    this.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topicArn],
      conditions: fromThisAccountsAlarms,
    }));
    const emails = props.emailAddresses ?? [];
    const urls = props.httpsEndpoints ?? [];
    if (emails.length + urls.length === 0) {
      return;
    }
    // A notification SNS gives up on (an endpoint down through every retry) waits here rather than vanishing. The queue
    // has a key of its own: the topic's key cannot name the topic, whose ARN is known only once it exists with that key
    // ("Configuring an Amazon SNS dead-letter queue", Amazon SNS Developer Guide).
    const deadLetterKey = createRotatingKey(this, 'DeliveryDeadLetterKey', `Encrypts the notifications ${this.node.path} could not deliver`);
    allowTopicToUseKey(deadLetterKey, this.topicArn);
    const deadLetterQueue = createDeadLetterQueue(this, 'DeliveryDeadLetterQueue', { encryptionKey: deadLetterKey, namedBy: DeadLetterQueueOwner.SNS_SUBSCRIPTION });
    this.deliveryDeadLetterQueue = deadLetterQueue;
    for (const address of emails) {
      this.addSubscription(new subscriptions.EmailSubscription(address, { deadLetterQueue }));
    }
    for (const url of urls) {
      this.addSubscription(new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS, deadLetterQueue }));
    }
  }

  /** An alarm topic has no alarms of its own: they would notify the topic whose delivery failed. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [];
  }

  /** Notifications published and notifications SNS failed to deliver, and those waiting in the dead-letter queue. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const failed = [this.metricNumberOfNotificationsFailed({ statistic: cloudwatch.Stats.SUM })];
    if (this.deliveryDeadLetterQueue) {
      failed.push(this.deliveryDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, label: 'Waiting in the dead-letter queue' }));
    }
    return graphWidgets(this, [
      { title: 'Alarm notifications', left: [this.metricNumberOfMessagesPublished({ statistic: cloudwatch.Stats.SUM })] },
      { title: 'Failed deliveries', left: failed },
    ]);
  }
}

/** SNS display names are at most 100 characters (CreateTopic, DisplayName attribute); long construct paths are cut. */
const MAX_DISPLAY_NAME_LENGTH = 100;

function fitDisplayName(displayName: string): string {
  return displayName.length <= MAX_DISPLAY_NAME_LENGTH ? displayName : `${displayName.slice(0, MAX_DISPLAY_NAME_LENGTH - 3)}...`;
}

/**
 * A plain check of an address's shape (one `@`, a local part, a domain with a
 * dot, no spaces), enough to catch a typo at synth; SNS's confirmation message
 * is what proves the address.
 */
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validateSubscriptions(props: AlarmTopicProps): void {
  for (const address of props.emailAddresses ?? []) {
    if (Token.isUnresolved(address)) {
      continue;
    }
    if (!EMAIL_ADDRESS.test(address)) {
      throw new Error(`\`emailAddresses\` holds an address that is not an email address: '${address}'. Give addresses like 'oncall@example.com'.`);
    }
  }
  for (const url of props.httpsEndpoints ?? []) {
    if (Token.isUnresolved(url)) {
      continue;
    }
    if (!isHttpsUrl(url)) {
      throw new Error(`\`httpsEndpoints\` holds an endpoint that is not an https:// URL: '${url}'. Give URLs like 'https://events.example.com/alarms'.`);
    }
  }
}

function isHttpsUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '';
  } catch {
    return false;
  }
}
