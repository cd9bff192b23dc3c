import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * A change to one of a construct's alarms, by the alarm's name (each
 * construct's `alarms` prop lists its alarms, their names and defaults).
 */
export interface AlarmOverride {
  /**
   * Create this alarm.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The threshold, in the metric's unit (the alarm's default says which).
   *
   * @default - the alarm's default
   */
  readonly threshold?: number;

  /**
   * How many consecutive periods must breach before the alarm fires. The
   * periods together may not exceed a day for periods under an hour, nor
   * seven days otherwise (CloudWatch's PutMetricAlarm limit).
   *
   * @default - the alarm's default
   */
  readonly evaluationPeriods?: number;

  /**
   * How many of the evaluation periods must breach for the alarm to fire
   * ("M out of N"): from 1 to `evaluationPeriods`, which must be given in
   * the same override.
   *
   * @default - all evaluation periods
   */
  readonly datapointsToAlarm?: number;

  /**
   * The length of each evaluation period: 10 or 30 seconds (for
   * high-resolution metrics only) or a whole number of minutes.
   *
   * @default - the alarm's default
   */
  readonly period?: Duration;
}

/**
 * The CloudWatch alarms a construct creates. Every construct of the library
 * that alarms takes these under `alarms`: each alarm notifies the topic when
 * it fires and when it returns to OK.
 */
export interface AlarmOptions {
  /**
   * Create the construct's alarms.
   *
   * @default true (`ReplicatedBucket`: when a destination is in another region; see there)
   */
  readonly enabled?: boolean;

  /**
   * The SNS topic the alarms notify. A given topic must let
   * `cloudwatch.amazonaws.com` publish (and use its key, if encrypted) for
   * alarms of this account and region.
   *
   * @default - the `AlarmTopic` set with `AlarmTopic.setFor()` for a scope above the construct, in the same account and region; else a new `AlarmTopic`
   */
  readonly topic?: sns.ITopic;

  /**
   * Changes to single alarms, by alarm name: turn one off, or change its
   * threshold or evaluation periods. An unknown name fails synth.
   *
   * @default - every alarm with its default threshold and evaluation periods
   */
  readonly overrides?: { [alarmName: string]: AlarmOverride };
}
