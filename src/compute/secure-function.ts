import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmOptions } from '../core/alarm-options';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../core/encryption';
import { LogOptions } from '../core/log-options';
import { PavedRoadOptions } from '../core/paved-road-options';
import { Profile } from '../core/profile';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { AlarmSpec, createAlarmSet, deadLetterAlarmSpec, validateAlarmOptions } from '../private/alarm-set';
import { propsBuiltInside } from '../private/built-inside';
import { createDeadLetterQueue, DeadLetterQueueOwner } from '../private/encrypted-queue';
import { FunctionRole, sharedFunctionPolicy } from '../private/function-role';
import { graphWidgets } from '../private/monitoring-widgets';
import { createRetainedLogGroup, validateLogOptions } from '../private/retained-log-group';
import { newestNodeRuntime } from '../private/runtime';

/**
 * Properties of a `SecureFunction`.
 */
export interface SecureFunctionProps extends PavedRoadOptions {
  /** The VPC whose application tier the function runs in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the function's network interfaces: private subnets with a
   * route out (`PRIVATE_WITH_EGRESS`), never public or isolated ones.
   *
   * @default - the VPC's private subnets with egress (`ThreeTierVpc.applicationSubnets`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /** The function's code, such as `lambda.Code.fromAsset('dist/handler')`. */
  readonly code: lambda.Code;

  /** The handler, such as `index.handler`. */
  readonly handler: string;

  /**
   * The runtime.
   *
   * @default - the newest Node.js runtime that the installed aws-cdk-lib knows
   */
  readonly runtime?: lambda.Runtime;

  /**
   * The instruction set.
   *
   * @default lambda.Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;

  /**
   * A description of the function; it also describes its role and security group.
   *
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * Environment variables.
   *
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * Memory, in MiB: 128 to 10,240.
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How long one invocation may run: 1 second to 15 minutes.
   *
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;

  /**
   * Concurrent executions reserved for the function, which also cap it. Lambda
   * keeps 100 of an account's concurrency unreserved, so an account with the
   * default quota of 1,000 can reserve 900 in all; a new account may start
   * with a lower quota (see the README).
   *
   * @default - 50 (PRODUCTION profile), 5 (DEVELOPMENT)
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * The key that encrypts the dead-letter queue and, unless `logs` names
   * another, the log group. A given key must allow CloudWatch Logs.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The function's log group, which it writes JSON to.
   *
   * @default - kept a year, encrypted with `encryptionKey`
   */
  readonly logs?: LogOptions;

  /**
   * The alarms, over 5-minute periods: `Errors` (at least 1 failed
   * invocation in a period), `Throttles` (at least 1 throttled invocation)
   * and `DeadLetters` (at least 1 event in the dead-letter queue).
   *
   * @default - all three on, notifying a new KMS-encrypted, TLS-only topic
   */
  readonly alarms?: AlarmOptions;
}

const DEFAULT_MEMORY_MIB = 256;
const DEFAULT_TIMEOUT = Duration.seconds(30);
const RESERVED_CONCURRENCY = { production: 50, development: 5 };

/**
 * The concurrency an account with the default quota of 1,000 can reserve:
 * "You can reserve up to the Unreserved account concurrency value that is
 * shown, minus 100 for functions that don't have reserved concurrency"
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
 */
const DEFAULT_QUOTA_RESERVABLE_CONCURRENCY = 900;

/** Lambda's memory range in MiB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). */
const MEMORY_RANGE_MIB = [128, 10_240];
/** Lambda's longest timeout (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html). */
const MAX_TIMEOUT_SECONDS = 900;

/**
 * A Lambda function hardened the way every serverless pattern of the library
 * uses it: in the application tier of a VPC behind its own security group
 * (no inbound, no outbound until granted), with reserved concurrency, an
 * encrypted TLS-only dead-letter queue for asynchronous invocations, active
 * X-Ray tracing, JSON logs in a pre-created KMS-encrypted log group, explicit
 * memory and timeout, and alarms.
 *
 * Its role's permissions are customer-managed policies: grants to the
 * function (`bucket.grantRead(fn)`, event sources) land in the role's own
 * managed policy, and the network-interface and X-Ray actions that AWS offers
 * on `*` only are in one policy per stack that every SecureFunction shares.
 */
export class SecureFunction extends lambda.Function implements IMonitored {
  /** The key of the dead-letter queue (and of the log group, unless `logs` names another). */
  public readonly encryptionKey: kms.IKey;

  /** The function's security group: no inbound rule, and outbound only what is allowed. */
  public readonly securityGroup: ec2.ISecurityGroup;

  /** The topic the alarms notify, when any alarm is on. */
  public readonly alarmTopic?: sns.ITopic;

  /** The alarms. */
  public readonly alarms: cloudwatch.IAlarm[];

  /** The reserved concurrency in force. */
  public readonly reservedConcurrency: number;

  /** The VPC the function runs in. */
  public readonly vpc: ec2.IVpc;

  private readonly functionRole: FunctionRole;

  constructor(scope: Construct, id: string, props: SecureFunctionProps) {
    const profile = props.profile ?? Profile.of(scope);
    const plan = planSecureFunction(scope, id, props, profile);
    let parts!: { key: kms.IKey; role: FunctionRole; securityGroup: ec2.SecurityGroup };
    super(scope, id, propsBuiltInside<lambda.FunctionProps>(scope, id, { functionName: undefined }, (self) => {
      const key = props.encryptionKey ?? createFunctionKey(self);
      const logGroup = createRetainedLogGroup(self, 'Logs', { encryptionKey: props.logs?.encryptionKey ?? key, options: props.logs });
      const role = new FunctionRole(self, 'ServiceRole', sharedFunctionPolicy(self), plan.description);
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
      const securityGroup = new ec2.SecurityGroup(self, 'SecurityGroup', {
        vpc: props.vpc,
        description: `${plan.description}: no inbound; outbound only what is allowed`,
        allowAllOutbound: false,
      });
      const deadLetterQueue = createDeadLetterQueue(self, 'DeadLetterQueue', {
        encryptionKey: key,
        namedBy: DeadLetterQueueOwner.REDRIVE_POLICY,
      });
      // Lambda sends to the dead-letter queue with the function's role, and SQS then needs the queue's key
      // ("Configuring server-side encryption", SQS Developer Guide: producers need kms:GenerateDataKey and kms:Decrypt).
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }));
      parts = { key, role, securityGroup };
      return {
        code: props.code,
        handler: props.handler,
        runtime: plan.runtime,
        architecture: props.architecture ?? lambda.Architecture.ARM_64,
        description: plan.description,
        environment: props.environment,
        memorySize: plan.memorySize,
        timeout: plan.timeout,
        reservedConcurrentExecutions: plan.reservedConcurrency,
        role,
        vpc: props.vpc,
        vpcSubnets: plan.vpcSubnets,
        securityGroups: [securityGroup],
        tracing: lambda.Tracing.ACTIVE,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
        systemLogLevelV2: lambda.SystemLogLevel.WARN,
        deadLetterQueue,
      };
    }));
    this.encryptionKey = parts.key;
    this.securityGroup = parts.securityGroup;
    this.reservedConcurrency = plan.reservedConcurrency;
    this.vpc = props.vpc;
    this.functionRole = parts.role;
    if (props.permissionsBoundary) {
      attachConstructBoundary(this, props.permissionsBoundary);
    }
    // Lambda checks the role's network-interface permissions when it creates the function.
    // On the function resource only: the construct also holds its key, log group and queue.
    const resource = this.node.defaultChild as lambda.CfnFunction;
    resource.node.addDependency(sharedFunctionPolicy(this));
    if (parts.role.permissionsPolicy) {
      resource.node.addDependency(parts.role.permissionsPolicy);
    }
    if (plan.reservedConcurrency > DEFAULT_QUOTA_RESERVABLE_CONCURRENCY) {
      Annotations.of(this).addWarningV2('cdk-paved-road:reserved-concurrency-above-default-quota',
        `\`reservedConcurrentExecutions\` is ${plan.reservedConcurrency}: an account with Lambda's default quota of 1,000 concurrent executions ` +
        `can reserve ${DEFAULT_QUOTA_RESERVABLE_CONCURRENCY} in all, so deploy this only where the quota has been raised.`);
    }

    const alarmSet = createAlarmSet(this, props.alarms, this.alarmSpecs(), {
      enabledByDefault: true,
      defaultTopic: () => new AlarmTopic(this, 'AlarmTopic', { displayName: `Function alarms of ${this.node.path}` }),
    });
    this.alarmTopic = alarmSet.topic;
    this.alarms = alarmSet.alarms;
  }

  /**
   * The role's own managed policy, which grants to the function (such as an
   * event source's) land in; resources that Lambda checks those permissions
   * for when it creates them (an event source mapping) depend on it.
   *
   * @internal
   */
  public get _permissionsPolicy(): iam.ManagedPolicy | undefined {
    return this.functionRole.permissionsPolicy;
  }

  private alarmSpecs(): AlarmSpec[] {
    const period = ALARM_PERIOD;
    return [
      {
        name: 'Errors',
        id: 'ErrorsAlarm',
        metric: this.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        describe: (threshold, window) => `at least ${threshold} invocation(s) failed in ${window}`,
      },
      {
        name: 'Throttles',
        id: 'ThrottlesAlarm',
        metric: this.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        describe: (threshold, window) => `at least ${threshold} invocation(s) throttled in ${window}: the reserved concurrency is too low for the load`,
      },
      deadLetterAlarmSpec('DeadLetters', 'DeadLettersAlarm', this.deadLetterQueue!, 'asynchronous event(s) the function failed, in its dead-letter queue'),
    ];
  }

  /** Invocations, errors and throttles; duration (p50, p99); concurrent executions. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const sum = { statistic: cloudwatch.Stats.SUM };
    return graphWidgets(this, [
      { title: 'Invocations', left: [this.metricInvocations(sum), this.metricErrors(sum), this.metricThrottles(sum)] },
      {
        title: 'Duration',
        left: [this.metricDuration({ statistic: cloudwatch.Stats.percentile(50), label: 'p50' }), this.metricDuration({ statistic: cloudwatch.Stats.percentile(99), label: 'p99' })],
        leftLabel: 'Milliseconds',
      },
      { title: 'Concurrent executions', left: [this.metric('ConcurrentExecutions', { statistic: cloudwatch.Stats.MAXIMUM })] },
    ]);
  }
}

const ALARM_PERIOD = Duration.minutes(5);

/** The names of a SecureFunction's alarms, for `alarms.overrides`. */
const SECURE_FUNCTION_ALARM_NAMES = ['Errors', 'Throttles', 'DeadLetters'];

interface SecureFunctionPlan {
  readonly description: string;
  readonly runtime: lambda.Runtime;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly reservedConcurrency: number;
  readonly vpcSubnets: ec2.SubnetSelection;
}

/** Checks the props and works out the settings, before anything is created. */
function planSecureFunction(scope: Construct, id: string, props: SecureFunctionProps, profile: Profile): SecureFunctionPlan {
  validateLogOptions('logs', props.logs);
  validateAlarmOptions('alarms', props.alarms, SECURE_FUNCTION_ALARM_NAMES, () => ALARM_PERIOD);
  const memorySize = props.memorySize ?? DEFAULT_MEMORY_MIB;
  const [leastMemory, mostMemory] = MEMORY_RANGE_MIB;
  if (!Token.isUnresolved(memorySize) && (!Number.isInteger(memorySize) || memorySize < leastMemory || memorySize > mostMemory)) {
    throw new Error(`\`memorySize\` must be a whole number of MiB from ${MEMORY_RANGE_MIB[0]} to ${MEMORY_RANGE_MIB[1]}, got: ${memorySize}.`);
  }
  const timeout = props.timeout ?? DEFAULT_TIMEOUT;
  const milliseconds = timeout.isUnresolved() ? 1000 : timeout.toMilliseconds();
  if (milliseconds < 1000 || milliseconds > MAX_TIMEOUT_SECONDS * 1000 || milliseconds % 1000 !== 0) {
    throw new Error(`\`timeout\` must be whole seconds from 1 to ${MAX_TIMEOUT_SECONDS} (15 minutes), got: ${timeout.toHumanString()}.`);
  }
  const profileDefault = profile.isProduction ? RESERVED_CONCURRENCY.production : RESERVED_CONCURRENCY.development;
  const reservedConcurrency = props.reservedConcurrentExecutions ?? profileDefault;
  if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1) {
    throw new Error(`\`reservedConcurrentExecutions\` must be a whole number of at least 1, got: ${reservedConcurrency}. ` +
      '0 would stop every invocation; leave it out for the profile\'s default.');
  }
  const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  validateApplicationTier(props.vpc, vpcSubnets);
  return {
    description: props.description ?? `${scope.node.path}/${id}`,
    runtime: props.runtime ?? newestNodeRuntime(),
    memorySize,
    timeout,
    reservedConcurrency,
    vpcSubnets,
  };
}

/**
 * The function must run in private subnets with a route out: in a public
 * subnet its network interfaces get no public address, so it reaches
 * nothing outside the VPC ("Giving Lambda functions access to resources in
 * an Amazon VPC", Lambda Developer Guide), and the isolated tier is the
 * database's.
 */
function validateApplicationTier(vpc: ec2.IVpc, selection: ec2.SubnetSelection): void {
  const selected = vpc.selectSubnets(selection).subnets;
  const ids = (subnets: ec2.ISubnet[]) => new Set(subnets.map((subnet) => subnet.node.path));
  const publicOnes = ids(vpc.publicSubnets);
  const isolated = ids(vpc.isolatedSubnets);
  const wrong = selected.filter((subnet) => publicOnes.has(subnet.node.path) || isolated.has(subnet.node.path));
  if (wrong.length > 0) {
    const kind = publicOnes.has(wrong[0].node.path) ? 'public' : 'isolated';
    throw new Error('`vpcSubnets` must select the application tier, private subnets with a route out (PRIVATE_WITH_EGRESS, ' +
      `ThreeTierVpc.applicationSubnets), got ${wrong.length} ${kind} subnet(s): ${wrong.map((subnet) => subnet.node.path).join(', ')}.`);
  }
}

function createFunctionKey(scope: Construct): kms.Key {
  const key = createRotatingKey(scope, 'Key', `Encrypts the dead-letter queue and logs of ${scope.node.path}`);
  allowCloudWatchLogsToUse(key);
  return key;
}
