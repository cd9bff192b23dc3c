import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Workflow } from './workflow';
import { SecureRestApi } from '../api/secure-rest-api';
import { allowEventBridgeRulesToUse } from '../core/encryption';
import { AlarmSpec, deadLetterAlarmSpec } from '../private/alarm-set';
import { allowServiceToSend, createDeadLetterQueue, DeadLetterQueueOwner } from '../private/encrypted-queue';
import { planRetryPolicy, validateScheduleExpression } from '../private/schedule-expression';
import { createServiceRole } from '../private/service-role';

/**
 * How a schedule or an event rule starts a workflow.
 */
export interface WorkflowTriggerOptions {
  /**
   * A description of the schedule or the rule.
   *
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * How often a start that fails is retried: 0 to 185.
   *
   * @default - 3 for a schedule, 185 for an event rule
   */
  readonly retryAttempts?: number;

  /**
   * How long a start may be retried: 1 minute to 24 hours. After that it goes
   * to the trigger's dead-letter queue.
   *
   * @default - Duration.hours(1) for a schedule, Duration.hours(24) for an event rule
   */
  readonly maxEventAge?: Duration;
}

/**
 * How a schedule starts a workflow.
 */
export interface WorkflowScheduleOptions extends WorkflowTriggerOptions {
  /**
   * The execution input, a JSON document.
   *
   * @default '{}'
   */
  readonly input?: string;
}

/**
 * How an event rule starts a workflow.
 */
export interface WorkflowEventPatternOptions extends WorkflowTriggerOptions {
  /**
   * The event bus the rule watches.
   *
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
}

const KINDS = { schedule: 'Schedule', eventPattern: 'Rule', api: 'Api' } as const;
type Kind = keyof typeof KINDS;

/**
 * What starts a `Workflow`: an EventBridge Scheduler schedule, an
 * EventBridge rule, or a POST method of a `SecureRestApi` with IAM
 * authorization. Schedules and rules retry a start that fails and then put
 * it in an encrypted dead-letter queue, which alarms; their roles may start
 * only this workflow.
 */
export class WorkflowTrigger {
  /**
   * Starts the workflow on a schedule, through EventBridge Scheduler with a
   * retry policy and a dead-letter queue.
   *
   * @param schedule `cron(minutes hours day-of-month month day-of-week year)` or `rate(value unit)`
   */
  public static schedule(schedule: scheduler.ScheduleExpression, options: WorkflowScheduleOptions = {}): WorkflowTrigger {
    return new WorkflowTrigger('schedule', options, { schedule });
  }

  /**
   * Starts the workflow with each event that matches `pattern`, the event
   * as input, through an EventBridge rule with a retry policy and a
   * dead-letter queue.
   */
  public static eventPattern(pattern: events.EventPattern, options: WorkflowEventPatternOptions = {}): WorkflowTrigger {
    return new WorkflowTrigger('eventPattern', options, { pattern, eventBus: options.eventBus });
  }

  /**
   * Starts the workflow from `POST <path>` of `restApi`, whose authorization
   * must be `ApiAuthorization.iam()`: the request body is the execution
   * input. A STANDARD workflow answers with the execution ARN
   * (`StartExecution`); an EXPRESS one runs synchronously and answers with
   * its result (`StartSyncExecution`). The caller sees a failed start, so
   * there is no dead-letter queue.
   *
   * @param path the resource path, such as `/orders`
   */
  public static api(restApi: SecureRestApi, path: string): WorkflowTrigger {
    return new WorkflowTrigger('api', {}, { restApi, path });
  }

  private constructor(
    private readonly kind: Kind,
    private readonly options: WorkflowTriggerOptions,
    private readonly target: {
      readonly schedule?: scheduler.ScheduleExpression;
      readonly pattern?: events.EventPattern;
      readonly eventBus?: events.IEventBus;
      readonly restApi?: SecureRestApi;
      readonly path?: string;
    },
  ) {}

  /**
   * The construct id prefix of the trigger's resources: `Schedule`, `Rule` or `Api`.
   *
   * @internal
   */
  public get _idPrefix(): string {
    return KINDS[this.kind];
  }

  /**
   * Checks the trigger before the workflow creates anything; `prop` names it in messages.
   *
   * @internal
   */
  public _validate(prop: string): void {
    if (this.kind === 'api') {
      validateApiTarget(prop, this.target.restApi!, this.target.path!);
      return;
    }
    if (this.kind === 'schedule') {
      validateScheduleExpression(this.target.schedule!.expressionString);
    }
    this.retryPolicy();
  }

  /**
   * Creates the trigger under `workflow` with ids starting with `id`.
   *
   * @internal
   */
  public _bind(workflow: Workflow, id: string): { alarmSpecs: AlarmSpec[] } {
    switch (this.kind) {
      case 'schedule': return this.bindSchedule(workflow, id);
      case 'eventPattern': return this.bindRule(workflow, id);
      default: return this.bindApi(workflow, id);
    }
  }

  private retryPolicy(): { retryAttempts: number; ageSeconds: number } {
    const isSchedule = this.kind === 'schedule';
    return planRetryPolicy(this.options.retryAttempts ?? (isSchedule ? 3 : 185), this.options.maxEventAge ?? Duration.hours(isSchedule ? 1 : 24));
  }

  private bindSchedule(workflow: Workflow, id: string): { alarmSpecs: AlarmSpec[] } {
    const { retryAttempts, ageSeconds } = this.retryPolicy();
    const key = workflow.encryptionKey;
    const deadLetterQueue = createDeadLetterQueue(workflow, `${id}DeadLetterQueue`, { encryptionKey: key, namedBy: DeadLetterQueueOwner.EVENT_TARGET });
    // The execution role: start this workflow (whose input the workflow key encrypts), and send undelivered starts
    // to the queue ("Set up the execution role" and "Configuring a dead-letter queue", EventBridge Scheduler User Guide).
    const { role, policy } = createServiceRole(workflow, id, {
      service: 'scheduler.amazonaws.com',
      roleDescription: `Lets EventBridge Scheduler start ${workflow.node.path}`,
      policyDescription: 'Starts the workflow and sends undelivered starts to the trigger\'s dead-letter queue, and nothing else',
      statements: [
        ...workflow._startStatements(),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
      ],
    });
    const schedule = new scheduler.CfnSchedule(workflow, id, {
      description: this.options.description ?? `${workflow.node.path}/${id}`,
      scheduleExpression: this.target.schedule!.expressionString,
      scheduleExpressionTimezone: this.target.schedule!.timeZone?.timezoneName,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      kmsKeyArn: key.keyArn,
      target: {
        arn: workflow._stateMachineArn,
        roleArn: role.roleArn,
        input: (this.options as WorkflowScheduleOptions).input ?? '{}',
        retryPolicy: { maximumRetryAttempts: retryAttempts, maximumEventAgeInSeconds: ageSeconds },
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
      },
    });
    // EventBridge Scheduler checks the role when it creates the schedule.
    schedule.node.addDependency(policy);
    return { alarmSpecs: [deadLetterSpec(id, deadLetterQueue, 'scheduled start(s) EventBridge Scheduler could not deliver')] };
  }

  private bindRule(workflow: Workflow, id: string): { alarmSpecs: AlarmSpec[] } {
    const { retryAttempts, ageSeconds } = this.retryPolicy();
    const key = workflow.encryptionKey;
    const deadLetterQueue = createDeadLetterQueue(workflow, `${id}DeadLetterQueue`, { encryptionKey: key, namedBy: DeadLetterQueueOwner.EVENT_TARGET });
    allowEventBridgeRulesToUse(key);
    const rule = new events.Rule(workflow, id, {
      description: this.options.description ?? `Starts ${workflow.node.path}`,
      eventPattern: this.target.pattern,
      eventBus: this.target.eventBus,
    });
    // The role EventBridge starts the workflow with ("Amazon EventBridge targets", Step Functions state machine).
    const { role, policy } = createServiceRole(workflow, id, {
      service: 'events.amazonaws.com',
      roleDescription: `Lets the EventBridge rule ${rule.node.path} start ${workflow.node.path}`,
      policyDescription: 'Starts the workflow, and nothing else',
      statements: [
        ...workflow._startStatements(),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [key.keyArn], conditions: workflow._encryptionContext() }),
      ],
    });
    rule.addTarget({
      bind: () => ({
        arn: workflow._stateMachineArn,
        role,
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
        retryPolicy: { maximumRetryAttempts: retryAttempts, maximumEventAgeInSeconds: ageSeconds },
      }),
    });
    (rule.node.defaultChild as events.CfnRule).node.addDependency(policy);
    // Only this rule may put undeliverable events in the queue ("Using dead-letter queues", Amazon EventBridge User Guide).
    allowServiceToSend(deadLetterQueue, 'AllowTheTriggerRuleToSend', 'events.amazonaws.com', rule.ruleArn);
    return { alarmSpecs: [deadLetterSpec(id, deadLetterQueue, 'event(s) EventBridge could not deliver to the workflow')] };
  }

  private bindApi(workflow: Workflow, id: string): { alarmSpecs: AlarmSpec[] } {
    const api = this.target.restApi!;
    const express = workflow.type === sfn.StateMachineType.EXPRESS;
    const action = express ? 'StartSyncExecution' : 'StartExecution';
    // API Gateway checks that whoever configures the integration may pass the role (iam:PassRole), so the
    // role trusts API Gateway without a source condition, as its account logging role does.
    const { role } = createServiceRole(workflow, id, {
      service: 'apigateway.amazonaws.com',
      roleDescription: `Lets ${api.node.path} start ${workflow.node.path}`,
      policyDescription: `Starts the workflow (${action}), and nothing else`,
      onlyForThisAccount: false,
      statements: [
        new iam.PolicyStatement({ actions: [`states:${action}`], resources: [workflow._stateMachineArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', ...(express ? ['kms:Decrypt'] : [])], resources: [workflow.encryptionKey.keyArn], conditions: workflow._encryptionContext() }),
      ],
    });
    // The body becomes the input, a JSON string inside the request: escapeJavaScript escapes its quotes, and also
    // its apostrophes as \', which JSON refuses, so they are put back. VTL evaluates the expression, quotes and
    // all, before the JSON around it exists ($util.escapeJavaScript, "API Gateway mapping template and access
    // logging variable reference", https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html).
    const template = `{"stateMachineArn": "${workflow._stateMachineArn}", "input": "$util.escapeJavaScript($input.json('$')).replaceAll("\\\\'","'")"}`;
    // An error answer says what failed and the request id, not Step Functions' message, which names the role.
    const errorTemplate = (message: string) => ({ 'application/json': `{"message": "${message}", "requestId": "$context.requestId"}` });
    const integration = new apigw.AwsIntegration({
      service: 'states',
      action,
      integrationHttpMethod: 'POST',
      options: {
        credentialsRole: role,
        passthroughBehavior: apigw.PassthroughBehavior.NEVER,
        requestTemplates: { 'application/json': template },
        integrationResponses: [
          { statusCode: '200' },
          { statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: errorTemplate('The workflow refused the request') },
          { statusCode: '500', selectionPattern: '5\\d{2}', responseTemplates: errorTemplate('The workflow could not be started') },
        ],
      },
    });
    api.root.resourceForPath(this.target.path!).addMethod('POST', integration, {
      authorizationType: apigw.AuthorizationType.IAM,
      methodResponses: [{ statusCode: '200' }, { statusCode: '400' }, { statusCode: '500' }],
    });
    return { alarmSpecs: [] };
  }
}

function deadLetterSpec(id: string, queue: Parameters<typeof deadLetterAlarmSpec>[2], what: string): AlarmSpec {
  return deadLetterAlarmSpec('TriggerDeadLetters', `${id}DeadLettersAlarm`, queue, `${what}, in the trigger's dead-letter queue`);
}

/** API Gateway path parts: letters, digits, `.`, `_`, `-`, or a `{parameter}` (https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html). */
const PATH_PATTERN = /^(\/([A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\}))+$/;

function validateApiTarget(prop: string, api: SecureRestApi, path: string): void {
  if (api.authorization.authorizationType !== apigw.AuthorizationType.IAM) {
    throw new Error(`\`${prop}\` needs a SecureRestApi whose authorization is ApiAuthorization.iam(), so that only callers with ` +
      `states permissions to start it can, got ${api.node.path} with ${api.authorization.authorizationType}.`);
  }
  if (!PATH_PATTERN.test(path)) {
    throw new Error(`\`${prop}\` needs a resource path such as '/orders' or '/orders/{id}': parts of letters, digits, '.', '_' and '-', got: '${path}'.`);
  }
  if (api.methods.some((method) => method.httpMethod === 'POST' && method.resource.path === path)) {
    throw new Error(`\`${prop}\` needs a path without a POST method, got: '${path}', which ${api.node.path} already has.`);
  }
}
