/**
 * IngestPipeline into a SecureTable, and a ScheduledJob, in a ThreeTierVpc
 * with one NAT gateway. Compared offline by `npm test`; deployed, it puts an
 * object under the prefix and expects the item in the table and the
 * completion notice published, and expects the schedule to have run its
 * function.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { allowKeyUse } from './helpers';
import { IngestDestination, IngestPipeline, ScheduledJob, SecureFunction, SecureTable, ThreeTierVpc } from '../src';

/**
 * The processor: each record of the SQS batch is an EventBridge "Object
 * Created" event; it writes one item per object and publishes one notice per
 * batch, and reports the records it could not process (partial batch response).
 */
const PROCESSOR = `
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');
const dynamodb = new DynamoDBClient({});
const sns = new SNSClient({});
exports.handler = async (event) => {
  const batchItemFailures = [];
  let written = 0;
  for (const record of event.Records) {
    try {
      const { detail } = JSON.parse(record.body);
      await dynamodb.send(new PutItemCommand({
        TableName: process.env.TABLE_NAME,
        Item: { pk: { S: detail.object.key }, size: { N: String(detail.object.size ?? 0) } },
      }));
      written += 1;
    } catch (error) {
      console.error(JSON.stringify({ messageId: record.messageId, error: String(error) }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  if (written > 0) {
    await sns.send(new PublishCommand({ TopicArn: process.env.COMPLETION_TOPIC_ARN, Message: JSON.stringify({ written }) }));
  }
  return { batchItemFailures };
};
`;

const app = new App();
// A SecureTable needs a region: a global table names each replica's key by region.
const env = { region: 'us-east-1' };
const stack = new Stack(app, 'IngestPipelineTable', { env });
const network = new ThreeTierVpc(stack, 'Network', { natGateways: 1 });
const table = new SecureTable(stack, 'Items', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
const processor = new SecureFunction(stack, 'Processor', { vpc: network.vpc, code: lambda.Code.fromInline(PROCESSOR), handler: 'index.handler' });
const pipeline = new IngestPipeline(stack, 'Ingest', { prefix: 'incoming/', suffixes: ['.json'], processor, destination: IngestDestination.table(table) });
const purge = new SecureFunction(stack, 'Purge', {
  vpc: network.vpc,
  code: lambda.Code.fromInline('exports.handler = async () => ({ purged: 0 });'),
  handler: 'index.handler',
});
new ScheduledJob(stack, 'Every5Minutes', { function: purge, schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)) });

// The assertions use the stack's bucket and table, so they live in the same environment.
const integ = new IntegTest(app, 'IngestPipelineTableInteg', {
  testCases: [stack],
  diffAssets: true,
  assertionStack: new Stack(app, 'IngestPipelineTableAssertions', { env }),
});
const WAIT = { totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) };

// An object under the prefix becomes an item, and the processor publishes its notice (SNS counts it).
const key = 'incoming/integ-order.json';
const put = integ.assertions.awsApiCall('S3', 'putObject', { Bucket: pipeline.bucket!.bucket.bucketName, Key: key, Body: '{"order":1}' });
allowKeyUse(put);
const item = integ.assertions.awsApiCall('DynamoDB', 'getItem', { TableName: table.tableName, Key: { pk: { S: key } } })
  .expect(ExpectedResult.objectLike({ Item: { pk: { S: key } } }))
  .waitForAssertions(WAIT);
allowKeyUse(item, 'dynamodb');
const published = integ.assertions.awsApiCall('CloudWatch', 'getMetricStatistics', {
  Namespace: 'AWS/SNS',
  MetricName: 'NumberOfMessagesPublished',
  Dimensions: [{ Name: 'TopicName', Value: pipeline.completionTopic.topicName }],
  StartTime: '2026-01-01T00:00:00Z',
  EndTime: '2100-01-01T00:00:00Z',
  Period: 86400,
  Statistics: ['Sum'],
}).expect(ExpectedResult.objectLike({ Datapoints: Match.arrayWith([Match.objectLike({ Unit: 'Count' })]) })).waitForAssertions(WAIT);
put.next(item).next(published);

// The schedule runs its function: Lambda counts the invocation (a datapoint exists only once it has run).
integ.assertions.awsApiCall('CloudWatch', 'getMetricStatistics', {
  Namespace: 'AWS/Lambda',
  MetricName: 'Invocations',
  Dimensions: [{ Name: 'FunctionName', Value: purge.functionName }],
  StartTime: '2026-01-01T00:00:00Z',
  EndTime: '2100-01-01T00:00:00Z',
  Period: 86400,
  Statistics: ['Sum'],
}).expect(ExpectedResult.objectLike({ Datapoints: Match.arrayWith([Match.objectLike({ Unit: 'Count' })]) })).waitForAssertions(WAIT);
