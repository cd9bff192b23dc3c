/**
 * Every construct of the library that runs something is monitored
 * (IMonitored): it has alarms and first-look graphs. These tests walk the
 * app of every construct, check which types are monitored and which metrics
 * their graphs show, and that `alarms` is what each construct created.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, IConstruct } from 'constructs';
import * as lib from '../../src';
import { IMonitored } from '../../src';
import { everyConstruct } from '../every-construct';

function isMonitored(construct: IConstruct): construct is IMonitored {
  return typeof (construct as Partial<IMonitored>).monitoringWidgets === 'function';
}

const app = new App();
everyConstruct(app);
const monitored = app.node.findAll().filter(isMonitored);

/** The monitored constructs of a type, by constructor name. */
function ofType(type: string): IMonitored[] {
  return monitored.filter((construct) => construct.constructor.name === type);
}

/** The rendered JSON of `construct`'s widgets, with its stack's tokens resolved. */
function widgetJson(construct: IMonitored): any[] {
  return Stack.of(construct).resolve(construct.monitoringWidgets().flatMap((widget) => widget.toJson()));
}

/** The metric names of the graphs (a metric renders as `[namespace, metricName, ...dimensions, options]`). */
function metricNames(construct: IMonitored): string[] {
  const names = widgetJson(construct).flatMap((widget) => (widget.properties.metrics ?? []).map((metric: unknown[]) => metric[1]));
  return [...new Set<string>(names)].sort();
}

/** The path of every `AWS::CloudWatch::Alarm` resource below `scope`. */
function alarmResourcesUnder(scope: IConstruct): string[] {
  return scope.node.findAll().filter((child) => child instanceof cloudwatch.CfnAlarm).map((alarm) => alarm.node.scope!.node.path);
}

/** The construct at `path` of the app. */
function byPath<T extends IConstruct>(path: string): T {
  const found = app.node.findAll().find((construct) => construct.node.path === path);
  if (!found) {
    throw new Error(`No construct at ${path}`);
  }
  return found as T;
}

function pathsOf(alarms: cloudwatch.IAlarm[]): string[] {
  return alarms.map((alarm) => alarm.node.path).sort();
}

const MONITORED_TYPES = [
  'ThreeTierVpc', 'MultiAzDatabase', 'SecureTable', 'ReplicatedBucket', 'ReplicaBucket', 'ApiDomain', 'SecureRestApi', 'RegionalWebAcl',
  'SecureFunction', 'ScheduledJob', 'IngestPipeline', 'EventFanout', 'FanoutSubscriber', 'Workflow', 'AuditTrail',
  // The app's one topic (AlarmTopic.setFor).
  'AlarmTopic',
];

test('the monitored construct types of the app of every construct', () => {
  const types = new Set(monitored.map((construct) => construct.constructor.name));
  expect([...types].sort()).toEqual([...MONITORED_TYPES].sort());
});

describe('the metrics each construct type shows', () => {
  test.each<[string, string[]]>([
    ['ThreeTierVpc', ['IncomingLogEvents']],
    ['MultiAzDatabase', ['CPUUtilization', 'DatabaseConnections', 'FreeableMemory']],
    ['SecureTable', ['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ReadThrottleEvents', 'WriteThrottleEvents']],
    ['ReplicatedBucket', ['BucketSizeBytes', 'NumberOfObjects']],
    ['ReplicaBucket', ['BucketSizeBytes', 'NumberOfObjects']],
    // The REST APIs mapped on the domain: their requests and server errors, by base path.
    ['ApiDomain', ['5XXError', 'Count']],
    ['SecureRestApi', ['4XXError', '5XXError', 'Count', 'IntegrationLatency', 'Latency']],
    ['RegionalWebAcl', ['AllowedRequests', 'BlockedRequests']],
    ['SecureFunction', ['ConcurrentExecutions', 'Duration', 'Errors', 'Invocations', 'Throttles']],
    // The function's runs and errors, and the backlog of the schedule's dead-letter queue.
    ['ScheduledJob', ['ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesVisible', 'Errors', 'Invocations']],
    ['IngestPipeline', ['ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesVisible']],
    ['EventFanout', ['ApproximateNumberOfMessagesVisible', 'NumberOfMessagesPublished', 'NumberOfNotificationsFailed']],
    ['FanoutSubscriber', ['ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesVisible']],
    ['Workflow', ['ExecutionTime', 'ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsTimedOut']],
    // The app's topic has an email subscription, so also its dead-letter queue's waiting notifications.
    ['AlarmTopic', ['ApproximateNumberOfMessagesVisible', 'NumberOfMessagesPublished', 'NumberOfNotificationsFailed']],
    // What each CIS control's filter counted, and the events that reached the log group.
    ['AuditTrail', [
      'CloudTrailChanges', 'ConfigChanges', 'ConsoleAuthenticationFailures', 'ConsoleSignInWithoutMfa', 'CustomerManagedKeyDisabledOrDeleted',
      'IamPolicyChanges', 'IncomingLogEvents', 'NetworkAclChanges', 'NetworkGatewayChanges', 'RootUserUsage', 'RouteTableChanges',
      'S3BucketPolicyChanges', 'SecurityGroupChanges', 'UnauthorizedApiCalls', 'VpcChanges',
    ]],
  ])('%s: %j', (type, expected) => {
    const constructs = ofType(type);
    expect(constructs.length).toBeGreaterThan(0);
    for (const construct of constructs) {
      expect([construct.node.path, metricNames(construct)]).toEqual([construct.node.path, [...expected].sort()]);
    }
  });

  test('every metric carries the region of the construct\'s stack, and no account (which would ask for cross-account observability)', () => {
    for (const construct of monitored) {
      const { region } = Stack.of(construct);
      const options = widgetJson(construct)
        .flatMap((widget) => (widget.properties.metrics ?? []).map((metric: unknown[]) => metric[metric.length - 1]));
      for (const option of options) {
        expect([construct.node.path, option.accountId, option.region]).toEqual([construct.node.path, undefined, region]);
      }
    }
  });

  test.each(['ThreeTierVpc', 'ReplicatedBucket'])('%s: a graph of each of its alarms after the metrics', (type) => {
    for (const construct of ofType(type)) {
      const alarmGraphs = widgetJson(construct).filter((widget) => widget.properties.annotations?.alarms);
      const stack = Stack.of(construct);
      const expected = construct.alarms.map((alarm) => ({
        title: alarm.node.id,
        alarms: [{ 'Fn::GetAtt': [stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm), 'Arn'] }],
      }));
      expect(alarmGraphs.map((widget) => ({ title: widget.properties.title, alarms: widget.properties.annotations.alarms }))).toEqual(expected);
    }
    // At least one of them has alarms, so the check above checks something.
    expect(ofType(type).some((construct) => construct.alarms.length > 0)).toBe(true);
  });

  test('each call returns new widgets, so that several dashboards can show a construct', () => {
    for (const construct of monitored) {
      const first = construct.monitoringWidgets();
      const second = construct.monitoringWidgets();
      expect(first.length).toBe(second.length);
      first.forEach((widget, index) => expect(widget).not.toBe(second[index]));
    }
  });
});

describe('alarms: what each construct created', () => {
  /**
   * The functions a construct runs, whose alarms it includes in its own: a
   * scheduled job's function, a pipeline's processor, a subscriber's
   * consumers (and so the fan-out's), as the app of every construct wires them.
   */
  const RUNS: Record<string, string[]> = {
    'Workload/NightlyPurge': ['Workload/Purge'],
    'Workload/OrdersIngest': ['Workload/IngestOrders'],
    'Workload/ItemsIngest': ['Workload/IngestItems'],
    'Workload/OrderEvents/Billing': ['Workload/BillOrder'],
    'Workload/OrderEvents': ['Workload/BillOrder'],
  };

  test.each(monitored.map((construct) => [construct.node.path, construct]))('%s', (path, construct) => {
    const functions = (RUNS[path] ?? []).map((fn) => byPath(fn));
    const expected = [...alarmResourcesUnder(construct), ...functions.flatMap(alarmResourcesUnder)].sort();
    expect(pathsOf(construct.alarms)).toEqual(expected);
  });

  test.each(Object.entries(RUNS))('%s ends its alarms with those of %j', (path, functions) => {
    const alarms = byPath<IMonitored>(path).alarms;
    const theirs = functions.flatMap((fn) => byPath<lib.SecureFunction>(fn).alarms);
    expect(theirs.length).toBeGreaterThan(0);
    expect(alarms.slice(-theirs.length)).toEqual(theirs);
  });

  test('the constructs with alarm options have alarms in this app', () => {
    const types = [
      'ThreeTierVpc', 'MultiAzDatabase', 'SecureRestApi', 'SecureFunction', 'ScheduledJob', 'IngestPipeline', 'FanoutSubscriber', 'Workflow',
    ];
    for (const type of types) {
      for (const construct of ofType(type)) {
        expect([construct.node.path, construct.alarms.length > 0]).toEqual([construct.node.path, true]);
      }
    }
  });

  test('the constructs without alarms of their own', () => {
    for (const type of ['SecureTable', 'ReplicaBucket', 'ApiDomain', 'RegionalWebAcl', 'AlarmTopic']) {
      for (const construct of ofType(type)) {
        expect([construct.node.path, construct.alarms]).toEqual([construct.node.path, []]);
      }
    }
  });
});

describe('every exported construct is monitored, or says why not', () => {
  /** Exported constructs that run nothing an operator watches. */
  const NOT_MONITORED: Record<string, string> = {
    PermissionsBoundary: 'a managed policy: nothing runs',
    ApiGatewayAccountLogging: 'an account setting (the CloudWatch Logs role of API Gateway): nothing runs',
    OperationsDashboard: 'the dashboard itself: it shows the monitored constructs, and its service-health alarm notifies',
  };

  const constructClasses = Object.entries<unknown>(lib)
    .filter((entry): entry is [string, abstract new (...args: any[]) => Construct] =>
      typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Construct);

  test('the library exports construct classes', () => {
    expect(constructClasses.map(([name]) => name)).toEqual(expect.arrayContaining(['SecureFunction', 'OperationsDashboard', 'PermissionsBoundary']));
  });

  test.each(constructClasses.map(([name, cls]) => [name, cls]))('%s', (name, cls) => {
    const implementsMonitoring = typeof cls.prototype.monitoringWidgets === 'function';
    if (name in NOT_MONITORED) {
      expect([name, implementsMonitoring, NOT_MONITORED[name].length > 0]).toEqual([name, false, true]);
    } else {
      expect([name, implementsMonitoring]).toEqual([name, true]);
    }
  });

  test('the allow-list names exported constructs only', () => {
    expect(Object.keys(NOT_MONITORED).filter((name) => !constructClasses.some(([exported]) => exported === name))).toEqual([]);
  });
});
