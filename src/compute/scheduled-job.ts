import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SecureFunction } from './secure-function';
import { AlarmOptions } from '../core/alarm-options';
import { createRotatingKey } from '../core/encryption';
import { PavedRoadOptions } from '../core/paved-road-options';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { createAlarmSet, deadLetterAlarmSpec, validateAlarmOptions } from '../private/alarm-set';
import { createDeadLetterQueue, DeadLetterQueueOwner } from '../private/encrypted-queue';
import { graphWidgets, queueGraphs } from '../private/monitoring-widgets';
import { planRetryPolicy, validateScheduleExpression } from '../private/schedule-expression';
import { createServiceRole } from '../private/service-role';

/**
 * Properties of a `ScheduledJob`.
 */
export interface ScheduledJobProps extends PavedRoadOptions {
  /** The function the schedule invokes (asynchronously, as EventBridge Scheduler does). */
  readonly function: SecureFunction;

  /**
   * When to run: `cron(minutes hours day-of-month month day-of-week year)`
   * or `rate(value unit)`, such as `ScheduleExpression.cron({ hour: '3', minute: '0' })`.
   */
  readonly schedule: scheduler.ScheduleExpression;

  /**
   * A description of the schedule.
   *
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * How often EventBridge Scheduler retries an invocation Lambda refuses: 0 to 185.
   *
   * @default 3
   */
  readonly retryAttempts?: number;

  /**
   * How long an invocation may be retried: 1 minute to 24 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;

  /**
   * The key that encrypts the schedule's payload and its dead-letter queue.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The alarms, over 5-minute periods: `DeadLetters` (at least 1
   * invocation EventBridge Scheduler could not deliver). The function's own
   * alarms (`Errors`, `Throttles`, `DeadLetters`) say when a run failed.
   *
   * @default - on, notifying a new KMS-encrypted, TLS-only topic
   */
  readonly alarms?: AlarmOptions;
}

const ALARM_PERIOD = Duration.minutes(5);

/**
 * Runs a `SecureFunction` on a schedule through EventBridge Scheduler: a
 * cron or rate expression in a time zone, retries, an encrypted TLS-only
 * dead-letter queue for invocations that could not be delivered, the
 * schedule's payload encrypted with a customer-managed key, a role that may
 * invoke only this function, and an alarm on undelivered runs.
 *
 * Schedule groups take no key: EventBridge Scheduler encrypts each
 * schedule with its own `KmsKeyArn` ("Encryption at rest in EventBridge
 * Scheduler"), so the key is set on the schedule.
 */
export class ScheduledJob extends Construct implements IMonitored {
  /** The schedule. */
  public readonly schedule: scheduler.CfnSchedule;

  /** Where invocations go that EventBridge Scheduler could not deliver. */
  public readonly deadLetterQueue: sqs.IQueue;

  /** The key of the schedule and the dead-letter queue. */
  public readonly encryptionKey: kms.IKey;

  /** The role EventBridge Scheduler invokes the function with. */
  public readonly role: iam.IRole;

  /** The topic the alarms notify, when any alarm is on. */
  public readonly alarmTopic?: sns.ITopic;

  /** The job's alarm and the function's. */
  public readonly alarms: cloudwatch.IAlarm[];

  private readonly target: SecureFunction;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    const expression = props.schedule.expressionString;
    validateScheduleExpression(expression);
    const { retryAttempts, ageSeconds } = planRetryPolicy(props.retryAttempts ?? 3, props.maxEventAge ?? Duration.hours(1));
    validateAlarmOptions('alarms', props.alarms, ['DeadLetters'], () => ALARM_PERIOD);
    super(scope, id);

    this.encryptionKey = props.encryptionKey ?? createRotatingKey(this, 'Key', `Encrypts the schedule and dead-letter queue of ${this.node.path}`);
    const deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue', {
      encryptionKey: this.encryptionKey,
      namedBy: DeadLetterQueueOwner.EVENT_TARGET,
    });
    this.deadLetterQueue = deadLetterQueue;
    // The execution role: invoke this function, send undelivered runs to the queue, and use the key for both
    // ("Set up the execution role" and "Configuring a dead-letter queue", EventBridge Scheduler User Guide).
    const { role, policy } = createServiceRole(this, 'Scheduler', {
      service: 'scheduler.amazonaws.com',
      roleDescription: `Lets EventBridge Scheduler run ${props.function.node.path} for ${this.node.path}`,
      policyDescription: 'Invokes the job\'s function and sends undelivered runs to its dead-letter queue, and nothing else',
      statements: [
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.function.functionArn] }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.encryptionKey.keyArn] }),
      ],
    });
    this.role = role;

    this.schedule = new scheduler.CfnSchedule(this, 'Resource', {
      description: props.description ?? this.node.path,
      scheduleExpression: expression,
      scheduleExpressionTimezone: props.schedule.timeZone?.timezoneName,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      kmsKeyArn: this.encryptionKey.keyArn,
      target: {
        arn: props.function.functionArn,
        roleArn: role.roleArn,
        retryPolicy: { maximumRetryAttempts: retryAttempts, maximumEventAgeInSeconds: ageSeconds },
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
      },
    });
    // EventBridge Scheduler checks the role when it creates the schedule.
    this.schedule.node.addDependency(policy);

    if (props.permissionsBoundary) {
      attachConstructBoundary(this, props.permissionsBoundary);
    }
    const spec = deadLetterAlarmSpec('DeadLetters', 'DeadLettersAlarm', deadLetterQueue, 'scheduled run(s) EventBridge Scheduler could not deliver, in the dead-letter queue');
    const alarmSet = createAlarmSet(this, props.alarms, [spec], {
      enabledByDefault: true,
      defaultTopic: () => new AlarmTopic(this, 'AlarmTopic', { displayName: `Scheduled job alarms of ${this.node.path}` }),
    });
    this.alarmTopic = alarmSet.topic;
    this.alarms = [...alarmSet.alarms, ...props.function.alarms];
    this.target = props.function;
  }

  /** The target function's invocations and errors, and the schedule's dead letters. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const sum = { statistic: cloudwatch.Stats.SUM };
    return graphWidgets(this, [
      { title: 'Runs', left: [this.target.metricInvocations(sum), this.target.metricErrors(sum)] },
      ...queueGraphs(this.deadLetterQueue, []).slice(0, 1).map((graph) => ({ ...graph, title: 'Undelivered runs (dead letters)' })),
    ]);
  }
}
