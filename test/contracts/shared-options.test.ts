/**
 * The shared `logs` (LogOptions) and `alarms` (AlarmOptions) props behave the
 * same on every construct that takes them: alarms off means no alarm and no
 * topic, a given topic is used, overrides change one alarm, an unknown alarm
 * name or an out-of-range value fails before anything is built, and logs
 * kept forever are refused.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmOptions, ApiFirewall, ApiGatewayAccountLogging, DatabaseEngine, LogOptions, MultiAzDatabase, ReplicaBucket, ReplicatedBucket, SecureRestApi, ThreeTierVpc } from '../../src';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../../src/core/encryption';
import { AlarmTopic } from '../../src/monitoring/alarm-topic';
import { expectCompliant } from '../compliance';

const ENV = { account: '111111111111', region: 'eu-west-1' };

interface Subject {
  readonly name: string;
  /** The construct's alarm names, as its documentation lists them. */
  readonly alarmNames: string[];
  readonly takesLogs: boolean;
  /** Builds the construct with id `Subject` in `stack`; returns its alarms and topic. */
  readonly build: (stack: Stack, options: { alarms?: AlarmOptions; logs?: LogOptions }) => { alarms: unknown[]; alarmTopic?: sns.ITopic };
}

function network(stack: Stack): ThreeTierVpc {
  return new ThreeTierVpc(stack, 'Network', { natGateways: 1, alarms: { enabled: false } });
}

const SUBJECTS: Subject[] = [
  {
    name: 'ThreeTierVpc',
    alarmNames: ['NatGatewayPortAllocationErrors', 'NatGatewayPacketsDropped', 'FlowLogDelivery'],
    takesLogs: true,
    build: (stack, options) => new ThreeTierVpc(stack, 'Subject', { natGateways: 1, ...options }),
  },
  {
    name: 'MultiAzDatabase (Aurora)',
    alarmNames: ['CpuUtilization', 'FreeableMemory', 'DatabaseConnections', 'ReplicaLag'],
    takesLogs: true,
    build: (stack, options) => new MultiAzDatabase(stack, 'Subject', { vpc: network(stack).vpc, ...options }),
  },
  {
    name: 'MultiAzDatabase (MySQL)',
    alarmNames: ['CpuUtilization', 'FreeableMemory', 'DatabaseConnections', 'FreeStorageSpace'],
    takesLogs: true,
    build: (stack, options) => new MultiAzDatabase(stack, 'Subject', { vpc: network(stack).vpc, engine: DatabaseEngine.mysql(), ...options }),
  },
  {
    name: 'SecureRestApi',
    alarmNames: ['ServerErrors', 'Latency', 'WafBlockedRequests'],
    takesLogs: true,
    build: (stack, options) => {
      new ApiGatewayAccountLogging(stack, 'AccountLogging');
      const api = new SecureRestApi(stack, 'Subject', options);
      api.root.addMethod('GET', new apigw.MockIntegration());
      return api;
    },
  },
  {
    name: 'ReplicatedBucket (cross-region)',
    alarmNames: ['ReplicationLatency', 'ReplicationFailures'],
    takesLogs: false,
    build: (stack, options) => {
      const replica = new ReplicaBucket(new Stack(stack.node.scope as Construct, 'Replica', { env: { ...ENV, region: 'eu-central-1' } }), 'Replica');
      return new ReplicatedBucket(stack, 'Subject', { destinations: [{ bucket: replica.bucket }], ...options });
    },
  },
];

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV, crossRegionReferences: true });
}

function alarmsOf(stack: Stack): any[] {
  return Object.entries<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
    .filter(([id]) => id.startsWith('Subject')).map(([, alarm]) => alarm);
}

describe.each(SUBJECTS)('$name', (subject) => {
  test('alarms by default, one per documented name (at least), notifying a topic of its own', () => {
    const stack = newStack();
    const built = subject.build(stack, {});
    expect(built.alarmTopic).toBeDefined();
    expect(alarmsOf(stack).length).toBeGreaterThanOrEqual(subject.alarmNames.length);
    expect(built.alarms).toHaveLength(alarmsOf(stack).length);
  });

  test('alarms.enabled false: no alarm and no topic', () => {
    const stack = newStack();
    const built = subject.build(stack, { alarms: { enabled: false } });
    expect(built.alarms).toEqual([]);
    expect(built.alarmTopic).toBeUndefined();
    expect(alarmsOf(stack)).toEqual([]);
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::SNS::Topic')).filter((id) => id.startsWith('Subject'))).toEqual([]);
  });

  test('alarms.enabled false with a topic given: still no alarm, and no alarm topic', () => {
    const stack = newStack();
    const built = subject.build(stack, { alarms: { enabled: false, topic: new sns.Topic(stack, 'Given') } });
    expect(built.alarms).toEqual([]);
    expect(built.alarmTopic).toBeUndefined();
  });

  test('every shared option at once (a given key and topic, a retention, overrides): no open finding in the six packs', () => {
    const stack = newStack();
    const key = createRotatingKey(stack, 'GivenKey', 'Encrypts the logs and the alarm topic');
    allowCloudWatchLogsToUse(key);
    const topic = new AlarmTopic(stack, 'OnCall', { displayName: 'On-call alarms' });
    const [first, second] = subject.alarmNames;
    subject.build(stack, {
      alarms: { topic, overrides: { [first]: { enabled: false }, [second]: { threshold: 3, evaluationPeriods: 12 } } },
      ...(subject.takesLogs ? { logs: { retention: logs.RetentionDays.TWO_YEARS, encryptionKey: key } } : {}),
    });
    expectCompliant(stack);
  });

  test('a given topic is notified and none is created', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Given');
    const built = subject.build(stack, { alarms: { topic } });
    expect(built.alarmTopic).toBe(topic);
    const topicId = stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic);
    for (const alarm of alarmsOf(stack)) {
      expect([alarm.Properties.AlarmActions, alarm.Properties.OKActions]).toEqual([[{ Ref: topicId }], [{ Ref: topicId }]]);
    }
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::SNS::Topic')).filter((id) => id.startsWith('Subject'))).toEqual([]);
  });

  test('overrides: the first alarm off, the second with its own threshold and evaluation periods', () => {
    const [first, second] = subject.alarmNames;
    const defaults = newStack();
    subject.build(defaults, {});
    const stack = newStack();
    subject.build(stack, { alarms: { overrides: { [first]: { enabled: false }, [second]: { threshold: 12345, evaluationPeriods: 7 } } } });
    const before = alarmsOf(defaults);
    const after = alarmsOf(stack);
    const changed = after.filter((alarm) => alarm.Properties.Threshold === 12345);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((alarm) => alarm.Properties.EvaluationPeriods === 7)).toBe(true);
    // The first alarm's instances are gone; the description follows the new threshold.
    expect(after.length).toBeLessThan(before.length);
    expect(changed.every((alarm) => String(JSON.stringify(alarm.Properties.AlarmDescription)).includes('12345'))).toBe(true);
  });

  test('an unknown alarm name fails before anything is built', () => {
    const stack = newStack();
    expect(() => subject.build(stack, { alarms: { overrides: { CpuUtilisation: { threshold: 1 } } } })).toThrow(new Error(
      `\`alarms.overrides\` names an alarm this construct does not have: 'CpuUtilisation'. Its alarms are: ${subject.alarmNames.map((n) => `'${n}'`).join(', ')}.`,
    ));
    expect(stack.node.tryFindChild('Subject')).toBeUndefined();
  });

  test('evaluation periods beyond CloudWatch\'s limit fail', () => {
    const [, second] = subject.alarmNames;
    expect(() => subject.build(newStack(), { alarms: { overrides: { [second]: { evaluationPeriods: 289 } } } })).toThrow(new Error(
      `\`alarms.overrides.${second}.evaluationPeriods\` must be a whole number from 1 to 288 (periods of 300 seconds, at most 86400 seconds together), got: 289.`,
    ));
  });

  if (subject.takesLogs) {
    test('logs kept forever are refused', () => {
      const stack = newStack();
      expect(() => subject.build(stack, { logs: { retention: logs.RetentionDays.INFINITE } })).toThrow(new Error(
        '`logs.retention` must be a finite period, got: INFINITE. Logs kept forever grow without bound and outlive their purpose.',
      ));
      expect(stack.node.tryFindChild('Subject')).toBeUndefined();
    });

    test('logs.retention applies to every log group the construct creates', () => {
      const stack = newStack();
      subject.build(stack, { logs: { retention: logs.RetentionDays.TWO_YEARS } });
      const groups = Object.entries<any>(Template.fromStack(stack).findResources('AWS::Logs::LogGroup')).filter(([id]) => id.startsWith('Subject'));
      expect(groups.length).toBeGreaterThan(0);
      expect(groups.map(([, group]) => group.Properties.RetentionInDays)).toEqual(groups.map(() => 731));
    });
  }
});

describe('alarm periods of an hour', () => {
  test('the flow log alarm takes up to 168 periods (seven days)', () => {
    expect(() => new ThreeTierVpc(newStack(), 'Subject', { alarms: { overrides: { FlowLogDelivery: { evaluationPeriods: 169 } } } })).toThrow(new Error(
      '`alarms.overrides.FlowLogDelivery.evaluationPeriods` must be a whole number from 1 to 168 (periods of 3600 seconds, at most 604800 seconds together), got: 169.',
    ));
    expect(() => new ThreeTierVpc(newStack(), 'Subject', { alarms: { overrides: { FlowLogDelivery: { evaluationPeriods: 168 } } } })).not.toThrow();
  });

  test('a threshold must be a finite number', () => {
    expect(() => new ThreeTierVpc(newStack(), 'Subject', { alarms: { overrides: { FlowLogDelivery: { threshold: Number.NaN } } } })).toThrow(new Error(
      '`alarms.overrides.FlowLogDelivery.threshold` must be a finite number, got: NaN.',
    ));
  });

  test('flow logs to S3: no flow log delivery alarm', () => {
    const stack = newStack();
    const bucket = new ReplicatedBucket(stack, 'FlowLogs');
    const vpc = new ThreeTierVpc(stack, 'Subject', { flowLogsBucket: bucket.bucket, natGateways: 1 });
    expect(alarmsOf(stack).map((alarm) => alarm.Properties.MetricName).sort()).toEqual(['ErrorPortAllocation', 'PacketsDropCount']);
    expect(vpc.alarms).toHaveLength(2);
  });

  test('an API with a shared web ACL has no WAF alarm (the ACL is not its own)', () => {
    const stack = newStack();
    new ApiGatewayAccountLogging(stack, 'AccountLogging');
    const api = new SecureRestApi(stack, 'Subject', { firewall: ApiFirewall.fromWebAclArn('arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/shared/0123') });
    api.root.addMethod('GET', new apigw.MockIntegration());
    expect(alarmsOf(stack).map((alarm) => alarm.Properties.MetricName).sort()).toEqual(['5XXError', 'Latency']);
  });

  test('a same-region ReplicatedBucket has no alarms unless asked', () => {
    const stack = newStack();
    const replica = new ReplicaBucket(stack, 'Replica');
    const quiet = new ReplicatedBucket(stack, 'Subject', { destinations: [{ bucket: replica.bucket }] });
    expect(quiet.alarms).toEqual([]);
    expect(quiet.alarmTopic).toBeUndefined();
    const asked = new ReplicatedBucket(stack, 'Asked', { destinations: [{ bucket: replica.bucket }], alarms: { enabled: true } });
    expect(asked.alarms).toHaveLength(2);
  });
});

describe('a given logs key is used as it is', () => {
  test.each(SUBJECTS.filter((subject) => subject.takesLogs))('$name adds nothing to its policy and creates no logs key of its own', (subject) => {
    const stack = newStack();
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    subject.build(stack, { logs: { encryptionKey: key }, alarms: { enabled: false } });
    const template = Template.fromStack(stack);
    const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    const sids = template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement.map((statement: any) => statement.Sid);
    expect(sids).not.toContain('AllowCloudWatchLogsForThisAccount');
    const groups = Object.entries<any>(template.findResources('AWS::Logs::LogGroup')).filter(([id]) => id.startsWith('Subject'));
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.map(([, group]) => group.Properties.KmsKeyId)).toEqual(groups.map(() => ({ 'Fn::GetAtt': [keyId, 'Arn'] })));
  });
});
