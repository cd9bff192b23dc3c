/**
 * A FIFO EventFanout with two subscribers that filter on the `status`
 * attribute. Compared offline by `npm test`; deployed, it publishes one PAID
 * order and expects it in the Billing queue (whose filter matches) and the
 * Refunds queue to stay empty (whose filter does not).
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { allowKeyUse } from './helpers';
import { EventFanout } from '../src';

const app = new App();
const stack = new Stack(app, 'EventFanoutFifo');
const fanout = new EventFanout(stack, 'OrderEvents', { fifo: true, contentBasedDeduplication: true });
const status = (value: string) => ({ status: sns.SubscriptionFilter.stringFilter({ allowlist: [value] }) });
const billing = fanout.addSubscriber('Billing', { filterPolicy: status('PAID') });
const refunds = fanout.addSubscriber('Refunds', { filterPolicy: status('REFUNDED') });

const integ = new IntegTest(app, 'EventFanoutFifoInteg', { testCases: [stack], diffAssets: true });
const WAIT = { totalTimeout: Duration.minutes(5), interval: Duration.seconds(15) };

// One PAID order in message group order-1; SNS encrypts it with the fan-out key on the publisher's behalf.
const publish = integ.assertions.awsApiCall('SNS', 'publish', {
  TopicArn: fanout.topic.topicArn,
  Message: '{"orderId":"order-1","status":"PAID"}',
  MessageGroupId: 'order-1',
  MessageAttributes: { status: { DataType: 'String', StringValue: 'PAID' } },
});
allowKeyUse(publish, 'sns');

// The Billing queue gets it, in raw form with its attribute.
const received = integ.assertions.awsApiCall('SQS', 'receiveMessage', {
  QueueUrl: billing.queue.queueUrl,
  MessageAttributeNames: ['All'],
  WaitTimeSeconds: 10,
}).expect(ExpectedResult.objectLike({
  Messages: Match.arrayWith([Match.objectLike({ Body: '{"orderId":"order-1","status":"PAID"}', MessageAttributes: { status: Match.objectLike({ StringValue: 'PAID' }) } })]),
})).waitForAssertions(WAIT);
allowKeyUse(received, 'sqs');

// The Refunds queue holds nothing, visible or in flight, and neither subscription dead-lettered the message.
const empty = (queueUrl: string) => integ.assertions.awsApiCall('SQS', 'getQueueAttributes', {
  QueueUrl: queueUrl,
  AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
}).expect(ExpectedResult.objectLike({ Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } }));
publish.next(received)
  .next(empty(refunds.queue.queueUrl))
  .next(empty(billing.deliveryDeadLetterQueue.queueUrl))
  .next(empty(refunds.deliveryDeadLetterQueue.queueUrl));
