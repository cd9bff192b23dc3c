import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNagRules } from '../core/acknowledge';

/** How long SQS keeps a message at most: 14 days (SQS Developer Guide, "Amazon SQS message quotas"). */
export const MAX_MESSAGE_RETENTION = Duration.days(14);

/**
 * A standard queue encrypted with `encryptionKey` and TLS-only, keeping its
 * messages 14 days.
 */
export function createEncryptedQueue(scope: Construct, id: string, props: {
  readonly encryptionKey: kms.IKey;
  readonly visibilityTimeout?: Duration;
  readonly deadLetterQueue?: sqs.DeadLetterQueue;
  readonly redriveAllowPolicy?: sqs.RedriveAllowPolicy;
}): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.encryptionKey,
    enforceSSL: true,
    retentionPeriod: MAX_MESSAGE_RETENTION,
    visibilityTimeout: props.visibilityTimeout,
    deadLetterQueue: props.deadLetterQueue,
    redriveAllowPolicy: props.redriveAllowPolicy,
  });
}

/**
 * A dead-letter queue: encrypted, TLS-only, kept 14 days, and marked as one
 * with a redrive allow policy (AWS Control Tower CT.SQS.PR.1). It has no
 * dead-letter queue of its own, which the Serverless pack asks of every
 * queue, and a queue that is not another queue's or a function's
 * dead-letter queue (an EventBridge rule's or a schedule's) is not one for
 * AwsSolutions-SQS3: both are acknowledged.
 */
export function createDeadLetterQueue(scope: Construct, id: string, props: {
  readonly encryptionKey: kms.IKey;
  /** Whether SQS or Lambda names it as a dead-letter queue (a redrive policy or a function's DeadLetterConfig). */
  readonly namedByRedrivePolicy: boolean;
}): sqs.Queue {
  const queue = createEncryptedQueue(scope, id, {
    encryptionKey: props.encryptionKey,
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
  });
  const cfn = queue.node.defaultChild as sqs.CfnQueue;
  acknowledgeNagRules(cfn, { id: 'Serverless-SQSRedrivePolicy', reason: DEAD_LETTER_QUEUE_REASON });
  if (!props.namedByRedrivePolicy) {
    acknowledgeNagRules(cfn, { id: 'AwsSolutions-SQS3', reason: NAMED_BY_TARGET_REASON });
  }
  return queue;
}

const DEAD_LETTER_QUEUE_REASON = 'This queue is a dead-letter queue; a redrive policy of its own would need another queue, and so on without end.';
const NAMED_BY_TARGET_REASON = 'This queue is the dead-letter queue of an EventBridge rule target or an EventBridge Scheduler schedule, ' +
  'which names it in its own DeadLetterConfig, where the rule does not look.';
