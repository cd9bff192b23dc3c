import { Duration, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SecureFunction } from '../compute/secure-function';
import { acknowledgeNagRules } from '../core/acknowledge';

/** Lambda's limits for SQS batches (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html). */
const MAX_BATCH_WITHOUT_WINDOW = 10;
const MAX_BATCH = 10_000;
const MAX_BATCHING_WINDOW = Duration.minutes(5);
/** An event source mapping's maximum concurrency: 2 to 1,000 (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html). */
const MAX_CONCURRENCY_RANGE = [2, 1000];

/** How a SecureFunction consumes a queue. */
export interface QueueConsumerSettings {
  readonly batchSize?: number;
  readonly maxBatchingWindow?: Duration;
  /**
   * A FIFO queue: batches of at most 10 and no batching window ("Lambda
   * event source mappings" parameters, FIFO queues).
   */
  readonly fifo?: boolean;
}

/**
 * Checks how `consumer` would consume a queue, before anything is created,
 * and returns the batch size. `role` names the function in messages, such as
 * `processor`.
 */
export function planQueueConsumer(role: string, consumer: SecureFunction, settings: QueueConsumerSettings): { batchSize: number } {
  const window = settings.maxBatchingWindow;
  if (window && !window.isUnresolved() && window.toSeconds() > MAX_BATCHING_WINDOW.toSeconds()) {
    throw new Error(`\`maxBatchingWindow\` must be at most 5 minutes (300 seconds), got: ${window.toSeconds()} seconds.`);
  }
  const hasWindow = window !== undefined && (window.isUnresolved() || window.toSeconds() > 0);
  if (settings.fifo && hasWindow) {
    throw new Error(`\`maxBatchingWindow\` must be left out for a FIFO queue, which Lambda hands over as soon as messages are there, got: ${window!.toHumanString()}.`);
  }
  const batchSize = settings.batchSize ?? MAX_BATCH_WITHOUT_WINDOW;
  const most = hasWindow ? MAX_BATCH : MAX_BATCH_WITHOUT_WINDOW;
  if (!Token.isUnresolved(batchSize) && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > most)) {
    const withWindow = hasWindow || settings.fifo ? '' : ' (up to 10000 with a `maxBatchingWindow`)';
    throw new Error(`\`batchSize\` must be a whole number from 1 to ${most}${withWindow}, got: ${batchSize}.`);
  }
  if (consumer.reservedConcurrency < MAX_CONCURRENCY_RANGE[0]) {
    throw new Error(`The ${role}'s \`reservedConcurrentExecutions\` must be at least ${MAX_CONCURRENCY_RANGE[0]} for an SQS event source, ` +
      `whose maximum concurrency is at least 2, got: ${consumer.reservedConcurrency}.`);
  }
  return { batchSize };
}

/**
 * Hands the messages of `queue` to `consumer` in batches with partial batch
 * responses, at most as many at once as the function may run, once the
 * function's role may consume the queue (grant it first, with
 * `queue.grantConsumeMessages`). Call `planQueueConsumer` first.
 */
export function connectQueueConsumer(scope: Construct, id: string, queue: sqs.IQueue, consumer: SecureFunction, props: {
  readonly batchSize: number;
  readonly maxBatchingWindow?: Duration;
}): lambda.EventSourceMapping {
  const mapping = new lambda.EventSourceMapping(scope, id, {
    target: consumer,
    eventSourceArn: queue.queueArn,
    batchSize: props.batchSize,
    maxBatchingWindow: props.maxBatchingWindow,
    reportBatchItemFailures: true,
    // The mapping never invokes more copies than the function may run, so it does not throttle itself
    // ("Configuring maximum concurrency for Amazon SQS event sources", Lambda Developer Guide).
    maxConcurrency: Math.min(consumer.reservedConcurrency, MAX_CONCURRENCY_RANGE[1]),
  });
  // Lambda checks the role's SQS permissions when it creates the mapping.
  const permissions = consumer._permissionsPolicy;
  if (permissions) {
    mapping.node.addDependency(permissions);
  }
  acknowledgeNagRules(mapping.node.defaultChild as lambda.CfnEventSourceMapping, {
    id: 'Serverless-LambdaEventSourceMappingDestination',
    reason: 'Lambda offers on-failure destinations for stream and Kafka sources, not for SQS: a message the processor fails goes back ' +
      'to the queue, and after maxReceiveCount receives its redrive policy moves it to the dead-letter queue, which alarms.',
  });
  return mapping;
}
