import * as fs from 'fs';
import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WorkflowTrigger } from './workflow-trigger';
import { AlarmOptions } from '../core/alarm-options';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../core/encryption';
import { LogOptions } from '../core/log-options';
import { PavedRoadOptions } from '../core/paved-road-options';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { AlarmSpec, createAlarmSet, validateAlarmOptions } from '../private/alarm-set';
import { nestedStartStates } from '../private/cdk-internals';
import { ManagedPermissionsRole, sharedStackPolicy } from '../private/function-role';
import { graphWidgets } from '../private/monitoring-widgets';
import { uniquePhysicalName } from '../private/physical-name';
import { createRetainedLogGroup, validateLogOptions } from '../private/retained-log-group';
import { WORKFLOW_POLICY } from '../private/workflow-policy';

/**
 * Properties of a `Workflow`.
 */
export interface WorkflowProps extends PavedRoadOptions {
  /**
   * The states, such as `validate.next(charge).next(choice)`, or a
   * `sfn.DefinitionBody` (`fromChainable`, `fromString`, `fromFile`).
   */
  readonly definition: sfn.IChainable | sfn.DefinitionBody;

  /**
   * STANDARD (exactly once, up to a year, execution history kept) or EXPRESS
   * (at least once, up to 5 minutes, no `.sync` or callback tasks).
   *
   * @default sfn.StateMachineType.STANDARD
   */
  readonly type?: sfn.StateMachineType;

  /**
   * How long an execution may run before it times out: at most a year
   * (STANDARD) or 5 minutes (EXPRESS).
   *
   * @default - Duration.hours(1) for STANDARD, Duration.minutes(5) for EXPRESS
   */
  readonly timeout?: Duration;

  /**
   * Log each execution's input and output and each state's data. Payloads
   * often hold personal or payment data, so logs hold only events by
   * default; turning this on needs `executionDataReason`.
   *
   * @default false
   */
  readonly includeExecutionData?: boolean;

  /**
   * Why execution data may be logged, such as "payloads hold order ids
   * only". Required with `includeExecutionData`.
   *
   * @default - none
   */
  readonly executionDataReason?: string;

  /**
   * The key that encrypts the state machine's definition and execution
   * history, the triggers' dead-letter queues and, unless `logs` names
   * another, the log group.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The log group, which gets every execution event (level ALL), under
   * `/aws/vendedlogs/states/`.
   *
   * @default - kept a year, encrypted with `encryptionKey`
   */
  readonly logs?: LogOptions;

  /**
   * What starts the workflow besides API calls.
   *
   * @default - none
   */
  readonly triggers?: WorkflowTrigger[];

  /**
   * The alarms, over 5-minute periods: `Failed`, `TimedOut`, `Throttled`
   * and `Aborted` (at least 1 execution failed, timed out, throttled or
   * aborted), and `TriggerDeadLetters` (at least 1 start a schedule or rule
   * could not deliver, one alarm per trigger).
   *
   * @default - all on, notifying a new KMS-encrypted, TLS-only topic
   */
  readonly alarms?: AlarmOptions;
}

/** Execution limits (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html). */
const MAX_STANDARD_TIMEOUT = Duration.days(365);
const MAX_EXPRESS_TIMEOUT = Duration.minutes(5);
const DEFAULT_STANDARD_TIMEOUT = Duration.hours(1);
const ALARM_PERIOD = Duration.minutes(5);
const ALARM_NAMES = ['Failed', 'TimedOut', 'Throttled', 'Aborted', 'TriggerDeadLetters'];
/** How long Step Functions reuses a data key before it asks KMS for a new one: 60 to 900 seconds (EncryptionConfiguration). */
const DATA_KEY_REUSE_SECONDS = 300;

/**
 * A Step Functions state machine with what every workflow needs: every
 * execution event logged (without payloads unless asked, with a reason) to a
 * KMS-encrypted log group, X-Ray tracing, its definition and execution
 * history encrypted with a customer-managed key, a timeout, alarms on
 * failed, timed-out, throttled and aborted executions, and a role whose
 * permissions are customer-managed policies (the task grants of
 * aws-cdk-lib land in the role's own managed policy). Schedules, event
 * rules and a REST API can start it (`triggers`).
 */
export class Workflow extends Construct implements IMonitored {
  /** The state machine. */
  public readonly stateMachine: sfn.StateMachine;

  /** The role the state machine runs with. */
  public readonly role: iam.IRole;

  /** The log group of the execution events. */
  public readonly logGroup: logs.ILogGroup;

  /** The key of the state machine's data and of the triggers' dead-letter queues. */
  public readonly encryptionKey: kms.IKey;

  /** STANDARD or EXPRESS. */
  public readonly type: sfn.StateMachineType;

  /** The topic the alarms notify, when any alarm is on. */
  public readonly alarmTopic?: sns.ITopic;

  /** The alarms. */
  public readonly alarms: cloudwatch.IAlarm[];

  private readonly stateMachineName: string;

  /**
   * The state machine's ARN, built from its name so that policies of the
   * key, the role and the triggers can name it before it exists.
   *
   * @internal
   */
  public readonly _stateMachineArn: string;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    const plan = planWorkflow(props);
    super(scope, id);
    this.type = plan.type;
    const stack = Stack.of(this);
    // The name is set so the ARN is known before the state machine exists; a change of type changes
    // it, so CloudFormation can replace the state machine. Names are at most 80 characters (CreateStateMachine).
    const stateMachineName = this.stateMachineName = uniquePhysicalName(this, { maxLength: 80, prefix: plan.type === sfn.StateMachineType.EXPRESS ? 'Express-' : '' });
    this._stateMachineArn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    const key = props.encryptionKey ?? createRotatingKey(this, 'Key', `Encrypts the state machine, logs and dead-letter queues of ${this.node.path}`);
    if (!props.encryptionKey) {
      allowCloudWatchLogsToUse(key as kms.Key);
    }
    this.encryptionKey = key;
    // Step Functions' log delivery decrypts the execution data it sends to CloudWatch Logs ("Data at rest encryption in Step Functions").
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowLogDeliveryForThisWorkflow',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: this._encryptionContext(),
    }));
    const logGroup = createRetainedLogGroup(this, 'Logs', {
      // "/aws/vendedlogs/" keeps CloudWatch Logs' resource policy under its size limit (Step Functions best practices, bp-cwl).
      logGroupName: `/aws/vendedlogs/states/${uniquePhysicalName(this, { maxLength: 400 })}`,
      encryptionKey: props.logs?.encryptionKey ?? key,
      options: props.logs,
    });
    this.logGroup = logGroup;

    const shared = sharedStackPolicy(this, WORKFLOW_POLICY);
    const role = new WorkflowRole(this, 'Role', {
      // Only this state machine may assume it (confused deputy prevention, Step Functions Developer Guide).
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': this._stateMachineArn } },
      }),
      description: `Runs the state machine of ${this.node.path}`,
      shared,
      sharedActions: WORKFLOW_POLICY.actions,
      sharedDescription: 'log delivery and tracing',
    });
    // The state machine's own data ("Data at rest encryption in Step Functions": the execution role needs
    // kms:Decrypt and kms:GenerateDataKey in the state machine's encryption context), and the log delivery's data key.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn], conditions: this._encryptionContext() }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) } },
    }));
    this.role = role;

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: plan.type,
      definitionBody: plan.definitionBody,
      timeout: plan.timeout,
      role,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: props.includeExecutionData ?? false },
    });
    const cfn = this.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    cfn.encryptionConfiguration = { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: key.keyArn, kmsDataKeyReusePeriodSeconds: DATA_KEY_REUSE_SECONDS };
    // Step Functions checks the role's log delivery and key permissions when it creates the state machine.
    cfn.node.addDependency(shared);
    if (role.permissionsPolicy) {
      cfn.node.addDependency(role.permissionsPolicy);
    }

    const triggerSpecs: AlarmSpec[] = [];
    const counts: Record<string, number> = {};
    for (const trigger of props.triggers ?? []) {
      const prefix = trigger._idPrefix;
      counts[prefix] = (counts[prefix] ?? 0) + 1;
      triggerSpecs.push(...trigger._bind(this, counts[prefix] === 1 ? `${prefix}Trigger` : `${prefix}Trigger${counts[prefix]}`).alarmSpecs);
    }

    if (props.permissionsBoundary) {
      attachConstructBoundary(this, props.permissionsBoundary);
    }
    const alarmSet = createAlarmSet(this, props.alarms, [...this.executionAlarmSpecs(), ...triggerSpecs], {
      enabledByDefault: true,
      defaultTopic: () => new AlarmTopic(this, 'AlarmTopic', { displayName: `Workflow alarms of ${this.node.path}` }),
    });
    this.alarmTopic = alarmSet.topic;
    this.alarms = alarmSet.alarms;
  }

  /**
   * Lets `grantee` start executions (and, for an EXPRESS workflow, run them
   * synchronously), with the key to encrypt their input.
   */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    const actions = ['states:StartExecution', ...(this.type === sfn.StateMachineType.EXPRESS ? ['states:StartSyncExecution'] : [])];
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this._stateMachineArn] })
      .combine(this.grantKey(grantee, 'kms:GenerateDataKey', ...(this.type === sfn.StateMachineType.EXPRESS ? ['kms:Decrypt'] : [])));
  }

  /**
   * Lets `grantee` describe the state machine, list its executions and read
   * their details and history, with the key to decrypt them.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['states:DescribeStateMachine', 'states:ListExecutions'], resourceArns: [this._stateMachineArn] })
      .combine(iam.Grant.addToPrincipal({
        grantee,
        actions: ['states:DescribeExecution', 'states:DescribeStateMachineForExecution', 'states:GetExecutionHistory'],
        resourceArns: [this.executionArns],
      }))
      .combine(this.grantKey(grantee, 'kms:Decrypt'));
  }

  /**
   * Lets `grantee` answer callback tasks (`SendTaskSuccess`,
   * `SendTaskFailure`, `SendTaskHeartbeat`), with the key to encrypt the output.
   */
  public grantTaskResponse(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
      resourceArns: [this._stateMachineArn],
    }).combine(this.grantKey(grantee, 'kms:GenerateDataKey'));
  }

  /**
   * The statement that lets a trigger's role start this workflow.
   *
   * @internal
   */
  public _startStatements(): iam.PolicyStatement[] {
    return [new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [this._stateMachineArn] })];
  }

  /**
   * The condition that limits a key permission to this state machine's data.
   *
   * @internal
   */
  public _encryptionContext(): Record<string, unknown> {
    return { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': this._stateMachineArn } };
  }

  /** The ARNs of the state machine's executions (`execution:<name>:<id>`). */
  private get executionArns(): string {
    return Stack.of(this).formatArn({ service: 'states', resource: 'execution', resourceName: `${this.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  private grantKey(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.encryptionKey.keyArn],
      conditions: this._encryptionContext() as Record<string, Record<string, unknown>>,
    });
  }

  private executionAlarmSpecs(): AlarmSpec[] {
    const spec = (name: string, metric: cloudwatch.Metric, what: string): AlarmSpec => ({
      name,
      id: `${name}Alarm`,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      describe: (threshold, window) => `at least ${threshold} execution(s) ${what} in ${window}`,
    });
    const options = { period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM };
    return [
      spec('Failed', this.stateMachine.metricFailed(options), 'failed'),
      spec('TimedOut', this.stateMachine.metricTimedOut(options), 'timed out'),
      spec('Throttled', this.stateMachine.metricThrottled(options), 'throttled'),
      spec('Aborted', this.stateMachine.metricAborted(options), 'aborted'),
    ];
  }

  /** Executions by outcome, and execution time (p50, p99). */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const sum = { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) };
    const machine = this.stateMachine;
    return graphWidgets(this, [
      { title: 'Executions', left: [machine.metricStarted(sum), machine.metricSucceeded(sum), machine.metricFailed(sum), machine.metricTimedOut(sum), machine.metricAborted(sum)] },
      {
        title: 'Execution time',
        left: [machine.metricTime({ statistic: cloudwatch.Stats.percentile(50), label: 'p50' }), machine.metricTime({ statistic: cloudwatch.Stats.percentile(99), label: 'p99' })],
        leftLabel: 'Milliseconds',
      },
    ]);
  }
}

/**
 * The state machine's role. aws-cdk-lib's Lambda task grants
 * `lambda:InvokeFunction` on the function and on `<function>:*`, every
 * version and alias; the task invokes what it names (the function, or the
 * version or alias given as `lambdaFunction`), so the wildcard is dropped.
 */
class WorkflowRole extends ManagedPermissionsRole {
  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    return super.addToPrincipalPolicy(withoutVersionWildcards(statement));
  }
}

function withoutVersionWildcards(statement: iam.PolicyStatement): iam.PolicyStatement {
  const { actions, resources } = statement;
  if (statement.effect !== iam.Effect.ALLOW || actions.length !== 1 || actions[0] !== 'lambda:InvokeFunction') {
    return statement;
  }
  const kept = resources.filter((resource) => !(resource.endsWith(':*') && resources.includes(resource.slice(0, -2))));
  if (kept.length === resources.length) {
    return statement;
  }
  return new iam.PolicyStatement({ actions, resources: kept, conditions: statement.conditions });
}

interface WorkflowPlan {
  readonly type: sfn.StateMachineType;
  readonly timeout: Duration;
  readonly definitionBody: sfn.DefinitionBody;
}

/** Checks the props before anything is created. */
function planWorkflow(props: WorkflowProps): WorkflowPlan {
  validateLogOptions('logs', props.logs);
  validateAlarmOptions('alarms', props.alarms, ALARM_NAMES, () => ALARM_PERIOD);
  if (props.includeExecutionData && !props.executionDataReason?.trim()) {
    throw new Error('`includeExecutionData` logs every input and output, which may hold personal or payment data: give `executionDataReason`, ' +
      'such as "payloads hold order ids only", got none.');
  }
  const type = props.type ?? sfn.StateMachineType.STANDARD;
  const express = type === sfn.StateMachineType.EXPRESS;
  const timeout = props.timeout ?? (express ? MAX_EXPRESS_TIMEOUT : DEFAULT_STANDARD_TIMEOUT);
  if (!timeout.isUnresolved()) {
    const most = express ? MAX_EXPRESS_TIMEOUT : MAX_STANDARD_TIMEOUT;
    const seconds = timeout.toSeconds({ integral: false });
    if (seconds < 1 || seconds > most.toSeconds() || !Number.isInteger(seconds)) {
      throw new Error(`\`timeout\` must be whole seconds from 1 to ${most.toSeconds()} (${express ? '5 minutes, the longest an EXPRESS workflow runs' : 'a year'}), ` +
        `got: ${timeout.toHumanString()}.${express ? ' Use a STANDARD workflow for longer runs.' : ''}`);
    }
  }
  const definitionBody = props.definition instanceof sfn.DefinitionBody
    ? props.definition
    : sfn.DefinitionBody.fromChainable(props.definition);
  if (express) {
    const waiting = tasksThatWait(definitionBody);
    if (waiting.length > 0) {
      throw new Error('An EXPRESS workflow cannot run job-run (.sync) or callback (.waitForTaskToken) tasks ' +
        `("Standard vs. Express Workflows", Step Functions Developer Guide), got: ${waiting.join(', ')}. Use a STANDARD workflow, or the request-response pattern.`);
    }
  }
  (props.triggers ?? []).forEach((trigger, index) => trigger._validate(`triggers[${index}]`));
  return { type, timeout, definitionBody };
}

/** The states of a definition whose resource waits for a job or a callback, as `'State' (resource)`. */
function tasksThatWait(body: sfn.DefinitionBody): string[] {
  const waits = (resource: unknown) => typeof resource === 'string' && /\.(sync(:\d+)?|waitForTaskToken)$/.test(resource);
  if (body instanceof sfn.ChainDefinitionBody) {
    return statesOf(body.chainable.startState)
      .map((state) => [state.stateId, renderedResource(state)] as const)
      .filter(([, resource]) => waits(resource))
      .map(([stateId, resource]) => `'${stateId}' (${resourceSuffix(resource as string)})`);
  }
  const text = body instanceof sfn.StringDefinitionBody ? body.body
    : body instanceof sfn.FileDefinitionBody ? fs.readFileSync(body.path, 'utf8') : undefined;
  if (text === undefined || Token.isUnresolved(text)) {
    return [];
  }
  const found: string[] = [];
  const visit = (states: Record<string, any> | undefined) => {
    for (const [name, state] of Object.entries(states ?? {})) {
      if (waits(state.Resource)) {
        found.push(`'${name}' (${resourceSuffix(state.Resource)})`);
      }
      (state.Branches ?? []).forEach((branch: any) => visit(branch.States));
      visit((state.ItemProcessor ?? state.Iterator)?.States);
    }
  };
  visit(JSON.parse(text).States);
  return found;
}

/** Every state reachable from `start`, with those of parallel branches and map item processors. */
function statesOf(start: sfn.State): sfn.State[] {
  const result: sfn.State[] = [];
  for (const state of sfn.State.findReachableStates(start, { includeErrorHandlers: true })) {
    result.push(state, ...nestedStartStates(state).flatMap(statesOf));
  }
  return [...new Set(result)];
}

function renderedResource(state: sfn.State): unknown {
  if (!(state instanceof sfn.TaskStateBase) && !(state instanceof sfn.CustomState)) {
    return undefined;
  }
  return (state.toStateJson() as { Resource?: unknown }).Resource;
}

function resourceSuffix(resource: string): string {
  return resource.slice(resource.lastIndexOf(':::') >= 0 ? resource.lastIndexOf(':::') + 3 : 0);
}
