import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNagRules } from '../core/acknowledge';

/** How long SQS keeps a message at most: 14 days (SQS Developer Guide, "Amazon SQS message quotas"). */
export const MAX_MESSAGE_RETENTION = Duration.days(14);

/** SQS's redrive policy limit (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html). */
const MAX_RECEIVE_COUNT = 1000;

/** `maxReceiveCount`, 3 by default: how often a message is received before it goes to the dead-letter queue, 1 to 1,000. */
export function validateMaxReceiveCount(maxReceiveCount: number = 3): number {
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > MAX_RECEIVE_COUNT) {
    throw new Error(`\`maxReceiveCount\` must be a whole number from 1 to ${MAX_RECEIVE_COUNT}, got: ${maxReceiveCount}.`);
  }
  return maxReceiveCount;
}

/**
 * A queue encrypted with `encryptionKey` and TLS-only, keeping its messages
 * 14 days; a FIFO queue when `fifo` is set.
 */
export function createEncryptedQueue(scope: Construct, id: string, props: {
  readonly encryptionKey: kms.IKey;
  readonly visibilityTimeout?: Duration;
  readonly deadLetterQueue?: sqs.DeadLetterQueue;
  readonly redriveAllowPolicy?: sqs.RedriveAllowPolicy;
  /** @default false */
  readonly fifo?: boolean;
}): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.encryptionKey,
    enforceSSL: true,
    retentionPeriod: MAX_MESSAGE_RETENTION,
    visibilityTimeout: props.visibilityTimeout,
    deadLetterQueue: props.deadLetterQueue,
    redriveAllowPolicy: props.redriveAllowPolicy,
    fifo: props.fifo || undefined,
  });
}

/**
 * Lets `service` (such as `events.amazonaws.com`) send to `queue` on behalf
 * of the one resource `sourceArn` (a rule, a topic) and nothing else, which
 * guards against the confused deputy.
 */
export function allowServiceToSend(queue: sqs.IQueue, sid: string, service: string, sourceArn: string): iam.AddToResourcePolicyResult {
  return queue.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal(service)],
    actions: ['sqs:SendMessage'],
    resources: [queue.queueArn],
    conditions: { ArnEquals: { 'aws:SourceArn': sourceArn } },
  }));
}

/** What names a dead-letter queue as one, which decides whether AwsSolutions-SQS3 can see it. */
export enum DeadLetterQueueOwner {
  /** Another queue's redrive policy or a function's DeadLetterConfig: the rule sees it. */
  REDRIVE_POLICY = 'redrive-policy',
  /** An EventBridge rule target's or an EventBridge Scheduler schedule's DeadLetterConfig. */
  EVENT_TARGET = 'event-target',
  /** An SNS subscription's RedrivePolicy. */
  SNS_SUBSCRIPTION = 'sns-subscription',
}

/**
 * A dead-letter queue: encrypted, TLS-only, kept 14 days, and marked as one
 * with a redrive allow policy (AWS Control Tower CT.SQS.PR.1). It has no
 * dead-letter queue of its own, which the Serverless pack asks of every
 * queue, and a queue that is not another queue's or a function's
 * dead-letter queue (an EventBridge rule's, a schedule's or an SNS
 * subscription's) is not one for AwsSolutions-SQS3: both are acknowledged.
 */
export function createDeadLetterQueue(scope: Construct, id: string, props: {
  readonly encryptionKey: kms.IKey;
  readonly namedBy: DeadLetterQueueOwner;
  /** @default false */
  readonly fifo?: boolean;
}): sqs.Queue {
  const queue = createEncryptedQueue(scope, id, {
    encryptionKey: props.encryptionKey,
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    fifo: props.fifo,
  });
  const cfn = queue.node.defaultChild as sqs.CfnQueue;
  acknowledgeNagRules(cfn, { id: 'Serverless-SQSRedrivePolicy', reason: DEAD_LETTER_QUEUE_REASON });
  const namedElsewhere = NAMED_ELSEWHERE_REASONS[props.namedBy];
  if (namedElsewhere) {
    acknowledgeNagRules(cfn, { id: 'AwsSolutions-SQS3', reason: namedElsewhere });
  }
  return queue;
}

const DEAD_LETTER_QUEUE_REASON = 'This queue is a dead-letter queue; a redrive policy of its own would need another queue, and so on without end.';
const NAMED_ELSEWHERE_REASONS: Record<DeadLetterQueueOwner, string | undefined> = {
  [DeadLetterQueueOwner.REDRIVE_POLICY]: undefined,
  [DeadLetterQueueOwner.EVENT_TARGET]: 'This queue is the dead-letter queue of an EventBridge rule target or an EventBridge Scheduler schedule, ' +
    'which names it in its own DeadLetterConfig, where the rule does not look.',
  [DeadLetterQueueOwner.SNS_SUBSCRIPTION]: 'This queue is the dead-letter queue of an SNS subscription, which names it in the subscription\'s ' +
    'own RedrivePolicy, where the rule does not look.',
};

/**
 * SNS encrypts what it delivers to the queue and to the subscription's
 * dead-letter queue with their key, so the key policy must let it, for this
 * topic only ("Enable compatibility between event sources from AWS services
 * and encrypted queues", SQS Developer Guide; "Configuring an Amazon SNS
 * dead-letter queue").
 */
export function allowTopicToUseKey(key: kms.IKey, topicArn: string): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { ArnEquals: { 'aws:SourceArn': topicArn } },
  }));
}
