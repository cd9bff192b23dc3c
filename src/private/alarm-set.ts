import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmOptions, AlarmOverride } from '../core/alarm-options';
import { AlarmTopic } from '../monitoring/alarm-topic';

/** One alarm a construct defines, before the user's overrides. */
export interface AlarmSpec {
  /** The name users override it by, such as `CpuUtilization`. */
  readonly name: string;
  /** The construct id of the alarm. */
  readonly id: string;
  readonly metric: cloudwatch.Metric;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  /** @default NOT_BREACHING */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
  /** The alarm's description for a threshold and a window (periods × period). */
  readonly describe: (threshold: number, window: string) => string;
}

/** The alarms a construct created, and the topic they notify. */
export interface AlarmSet {
  readonly topic?: sns.ITopic;
  readonly alarms: cloudwatch.Alarm[];
}

/**
 * Checks `options.overrides` before anything is built: every name must be one
 * of `names`, thresholds finite, evaluation periods whole numbers from 1 that
 * with `period` stay within CloudWatch's limit ("Period multiplied by
 * EvaluationPeriods can't be more than 604,800 seconds. For alarms with a
 * period of less than one hour (3,600 seconds), the total evaluation period
 * can't be longer than one day (86,400 seconds)",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 */
export function validateAlarmOptions(
  prop: string,
  options: AlarmOptions | undefined,
  names: readonly string[],
  period: (name: string) => Duration,
): void {
  for (const [name, override] of Object.entries(options?.overrides ?? {})) {
    if (!names.includes(name)) {
      const valid = names.length > 0 ? `Its alarms are: ${names.map((n) => `'${n}'`).join(', ')}.` : 'It has no alarms.';
      throw new Error(`\`${prop}.overrides\` names an alarm this construct does not have: '${name}'. ${valid}`);
    }
    validateOverride(`${prop}.overrides.${name}`, override, period(name));
  }
}

function validateOverride(prop: string, override: AlarmOverride, defaultPeriod: Duration): void {
  if (override.threshold !== undefined && !Token.isUnresolved(override.threshold) && !Number.isFinite(override.threshold)) {
    throw new Error(`\`${prop}.threshold\` must be a finite number, got: ${override.threshold}.`);
  }
  const period = override.period ?? defaultPeriod;
  const seconds = period.toSeconds();
  if (override.period !== undefined && !Token.isUnresolved(seconds) && !isValidAlarmPeriod(seconds)) {
    throw new Error(`\`${prop}.period\` must be 10 or 30 seconds or a whole number of minutes, got: ${seconds} seconds.`);
  }
  const periods = override.evaluationPeriods;
  if (periods !== undefined && !Token.isUnresolved(periods)) {
    const limit = seconds < 3600 ? 86_400 : 604_800;
    const most = Math.floor(limit / seconds);
    if (!Number.isInteger(periods) || periods < 1 || periods > most) {
      throw new Error(`\`${prop}.evaluationPeriods\` must be a whole number from 1 to ${most} (periods of ${seconds} seconds, at most ${limit} seconds together), got: ${periods}.`);
    }
  }
  const datapoints = override.datapointsToAlarm;
  if (datapoints !== undefined && !Token.isUnresolved(datapoints)) {
    if (periods === undefined) {
      throw new Error(`\`${prop}.datapointsToAlarm\` needs \`evaluationPeriods\` in the same override ("M out of N" names both), got datapointsToAlarm ${datapoints} alone.`);
    }
    if (!Token.isUnresolved(periods) && (!Number.isInteger(datapoints) || datapoints < 1 || datapoints > periods)) {
      throw new Error(`\`${prop}.datapointsToAlarm\` must be a whole number from 1 to ${periods} (its \`evaluationPeriods\`), got: ${datapoints}.`);
    }
  }
}

/**
 * CloudWatch alarm periods: "Valid values are 10, 20, 30, and any multiple of
 * 60" (PutMetricAlarm, Period), the first three for high-resolution metrics.
 * aws-cdk-lib's `Metric` refuses 20 seconds (it takes 1, 5, 10, 30 or a
 * multiple of 60), so what both accept is offered.
 */
function isValidAlarmPeriod(seconds: number): boolean {
  return seconds === 10 || seconds === 30 || (Number.isInteger(seconds) && seconds >= 60 && seconds % 60 === 0);
}

/**
 * Creates the alarms of `specs` that are on, with the user's overrides, each
 * notifying the topic when it fires and when it returns to OK. Call
 * `validateAlarmOptions` first. `defaultTopic` is called only when an alarm
 * is created and no topic was given.
 */
export function createAlarmSet(scope: Construct, options: AlarmOptions | undefined, specs: AlarmSpec[], settings: {
  /** Whether the alarms are on when `options.enabled` is not set. */
  readonly enabledByDefault: boolean;
  readonly defaultTopic: () => sns.ITopic;
}): AlarmSet {
  const enabled = options?.enabled ?? settings.enabledByDefault;
  const wanted = enabled ? specs.filter((spec) => options?.overrides?.[spec.name]?.enabled ?? true) : [];
  if (wanted.length === 0) {
    // No alarm notifies anything, so the construct has no alarm topic, given or not.
    return { topic: undefined, alarms: [] };
  }
  const topic = options?.topic ?? AlarmTopic.of(scope) ?? settings.defaultTopic();
  const action = new cloudwatchActions.SnsAction(topic);
  const alarms = wanted.map((spec) => {
    const override = options?.overrides?.[spec.name] ?? {};
    const threshold = override.threshold ?? spec.threshold;
    const evaluationPeriods = override.evaluationPeriods ?? spec.evaluationPeriods;
    const metric = override.period ? spec.metric.with({ period: override.period }) : spec.metric;
    const alarm = new cloudwatch.Alarm(scope, spec.id, {
      alarmDescription: `${scope.node.path}: ${spec.describe(threshold, describeWindow(metric.period, evaluationPeriods))}`,
      metric,
      threshold,
      evaluationPeriods,
      datapointsToAlarm: override.datapointsToAlarm,
      comparisonOperator: spec.comparison,
      treatMissingData: spec.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  });
  return { topic, alarms };
}

/** "15 minutes", "6 hours": how long `periods` periods of `period` last. */
export function describeWindow(period: Duration, periods: number): string {
  const seconds = period.toSeconds() * periods;
  if (seconds < 60) {
    return `${seconds} seconds`;
  }
  const minutes = seconds / 60;
  if (minutes % 60 === 0 && minutes >= 120) {
    return `${minutes / 60} hours`;
  }
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The alarm on a dead-letter queue: at least 1 message visible (the most in
 * a 5-minute period), which means something failed for good and waits for a
 * person. `what` says what the messages are and where they wait, such as
 * `asynchronous event(s) the function failed, in its dead-letter queue`.
 */
export function deadLetterAlarmSpec(name: string, id: string, queue: sqs.IQueue, what: string): AlarmSpec {
  return {
    name,
    id,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
    threshold: 1,
    evaluationPeriods: 1,
    comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    describe: (threshold, window) => `at least ${threshold} ${what}, within ${window}`,
  };
}
