import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';

/** Whether two constructs' stacks are in the same account and region (both environment-agnostic counts as the same). */
export function inSameEnvironment(a: IConstruct, b: IConstruct): boolean {
  const [first, second] = [Stack.of(a), Stack.of(b)];
  return first.account === second.account && first.region === second.region;
}

/** One graph of a construct's dashboard section. */
export interface GraphSpec {
  readonly title: string;
  readonly left: cloudwatch.IMetric[];
  readonly right?: cloudwatch.IMetric[];
  /** The left axis's label, such as `Count` or `Milliseconds`. */
  readonly leftLabel?: string;
}

/** Graphs take a third of the 24-column dashboard grid, so three sit in a row. */
export const GRAPH_WIDTH = 8;
export const GRAPH_HEIGHT = 6;

/**
 * The graph widgets of a construct's dashboard section, one per spec, each a
 * third of the grid wide. Every metric carries the region of `owner`'s
 * stack, so that a dashboard in another region shows the right data. Not the
 * account: a metric's `accountId` asks CloudWatch for cross-account
 * observability, which needs a link between the accounts
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Unified-Cross-Account.html),
 * and a dashboard shows its own account's metrics without it.
 */
export function graphWidgets(owner: IConstruct, graphs: GraphSpec[]): cloudwatch.IWidget[] {
  const region = Stack.of(owner).region;
  const located = (metrics: cloudwatch.IMetric[] | undefined) => metrics?.map((metric) =>
    (metric instanceof cloudwatch.Metric ? metric.with({ region }) : metric));
  return graphs.map((graph) => new cloudwatch.GraphWidget({
    title: graph.title,
    left: located(graph.left),
    right: located(graph.right),
    leftYAxis: { min: 0, label: graph.leftLabel, showUnits: false },
    width: GRAPH_WIDTH,
    height: GRAPH_HEIGHT,
    legendPosition: cloudwatch.LegendPosition.BOTTOM,
  }));
}

/** One graph per alarm, of its metric with its threshold, for the alarms that are `cloudwatch.Alarm`s. */
export function alarmWidgets(alarms: cloudwatch.IAlarm[]): cloudwatch.IWidget[] {
  return alarms.filter((alarm): alarm is cloudwatch.Alarm => alarm instanceof cloudwatch.Alarm).map((alarm) => new cloudwatch.AlarmWidget({
    title: alarm.node.id,
    alarm,
    width: GRAPH_WIDTH,
    height: GRAPH_HEIGHT,
    leftYAxis: { min: 0 },
  }));
}

/**
 * A bucket's size and object count: S3's daily storage metrics, free and
 * always on (https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html).
 */
export function bucketStorageGraphs(bucket: s3.IBucket): GraphSpec[] {
  const storage = (metricName: string, storageType: string) => new cloudwatch.Metric({
    namespace: 'AWS/S3',
    metricName,
    dimensionsMap: { BucketName: bucket.bucketName, StorageType: storageType },
    statistic: cloudwatch.Stats.AVERAGE,
    period: Duration.days(1),
  });
  return [
    { title: 'Bucket size', left: [storage('BucketSizeBytes', 'StandardStorage')], leftLabel: 'Bytes' },
    { title: 'Objects', left: [storage('NumberOfObjects', 'AllStorageTypes')] },
  ];
}

/**
 * A queue's backlog (visible and in-flight messages), its oldest message's
 * age, and the messages waiting in its dead-letter queues.
 */
export function queueGraphs(queue: sqs.IQueue, deadLetterQueues: { label: string; queue: sqs.IQueue }[]): GraphSpec[] {
  const options = { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(5) };
  return [
    {
      title: 'Queue backlog',
      left: [queue.metricApproximateNumberOfMessagesVisible({ ...options, label: 'Waiting' }), queue.metricApproximateNumberOfMessagesNotVisible({ ...options, label: 'In flight' })],
    },
    { title: 'Oldest message age', left: [queue.metricApproximateAgeOfOldestMessage(options)], leftLabel: 'Seconds' },
    { title: 'Dead letters', left: deadLetterQueues.map((dlq) => dlq.queue.metricApproximateNumberOfMessagesVisible({ ...options, label: dlq.label })) },
  ];
}
