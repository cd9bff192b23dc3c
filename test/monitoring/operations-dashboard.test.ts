/**
 * OperationsDashboard: a section per monitored construct, a composite alarm
 * per section with alarms, the service-health alarm over them, the limits of
 * CloudWatch it keeps to, and the alarm overrides every construct's alarms take.
 */
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AlarmOverride, AlarmTopic, IMonitored, OperationsDashboard, SecureFunction, SecureTable, ThreeTierVpc, Workflow } from '../../src';
import { expectCompliant } from '../compliance';
import { PRIMARY, SECONDARY } from '../every-construct';
import { ENV, secureFunction, serverlessStack } from '../serverless-fixture';

/** A monitored construct of `alarms` alarms and `widgets` text widgets, to reach the limits cheaply. */
class FakeMonitored extends Construct implements IMonitored {
  public readonly alarms: cloudwatch.Alarm[];
  private readonly widgets: number;

  constructor(scope: Construct, id: string, props: { alarms?: number; widgets?: number; alarmName?: (index: number) => string } = {}) {
    super(scope, id);
    this.widgets = props.widgets ?? 0;
    this.alarms = Array.from({ length: props.alarms ?? 0 }, (_, index) => new cloudwatch.Alarm(this, `Alarm${index}`, {
      alarmName: props.alarmName?.(index),
      metric: new cloudwatch.Metric({ namespace: 'Fake', metricName: `Metric${index}` }),
      threshold: 1,
      evaluationPeriods: 1,
    }));
  }

  public monitoringWidgets(): cloudwatch.IWidget[] {
    return Array.from({ length: this.widgets }, (_, index) =>
      new cloudwatch.TextWidget({ markdown: `${this.node.id} ${index}`, width: 4, height: 1 }));
  }
}

function newStack(): Stack {
  return new Stack(new App(), 'Workload', { env: ENV });
}

/** The composite alarms the dashboard created, by description. */
function compositesOf(ops: OperationsDashboard): Map<string, cloudwatch.CfnCompositeAlarm> {
  const composites = ops.node.findAll().filter((child): child is cloudwatch.CfnCompositeAlarm => child instanceof cloudwatch.CfnCompositeAlarm);
  return new Map(composites.map((composite) => [Stack.of(ops).resolve(composite.alarmDescription), composite]));
}

function logicalIdOf(construct: Construct): string {
  const resource = construct.node.defaultChild as cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm | sns.CfnTopic;
  return Stack.of(construct).getLogicalId(resource);
}

/** `ANY` of the alarms, as CloudFormation renders the rule: ALARM("<arn>") per alarm, joined by OR, in parentheses. */
function anyOf(...logicalIds: string[]): unknown {
  const parts: unknown[] = [];
  logicalIds.forEach((id, index) => parts.push(index === 0 ? '(ALARM("' : '") OR ALARM("', { 'Fn::GetAtt': [id, 'Arn'] }));
  return { 'Fn::Join': ['', [...parts, '"))']] };
}

/** A token of the dashboard body as a readable placeholder: `{Ref X}`, `{GetAtt X.Arn}`. */
function placeholder(token: any): string {
  if (token.Ref) {
    return `{Ref ${token.Ref}}`;
  }
  if (token['Fn::GetAtt']) {
    return `{GetAtt ${token['Fn::GetAtt'].join('.')}}`;
  }
  return '{Token}';
}

/** The dashboard's widgets: its body resolved and parsed, with its tokens as placeholders. */
function widgetsOf(ops: OperationsDashboard): any[] {
  const body = Stack.of(ops).resolve((ops.dashboard.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody);
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  expect(typeof body === 'string' || body['Fn::Join'][0] === '').toBe(true);
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : placeholder(part))).join('')).widgets;
}

describe('monitor()', () => {
  test('with nothing fails', () => {
    const ops = new OperationsDashboard(newStack(), 'Ops');
    expect(() => ops.monitor()).toThrow(new Error(
      '`monitor()` on Workload/Ops got no constructs; pass the constructs to show, such as monitor(vpc, database, api).',
    ));
  });

  test('the same construct twice in one call fails, and adds nothing', () => {
    const stack = newStack();
    const fake = new FakeMonitored(stack, 'Fake', { alarms: 1 });
    const other = new FakeMonitored(stack, 'Other', { alarms: 1 });
    const ops = new OperationsDashboard(stack, 'Ops');
    expect(() => ops.monitor(other, fake, fake)).toThrow(new Error(
      '`monitor()` on Workload/Ops got Workload/Fake twice; each construct has one section.',
    ));
    expect(ops.sections).toEqual([]);
    expect(compositesOf(ops).size).toBe(1);
  });

  test('a construct monitored by an earlier call fails', () => {
    const stack = newStack();
    const fake = new FakeMonitored(stack, 'Fake');
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(fake);
    expect(() => ops.monitor(fake)).toThrow(new Error(
      '`monitor()` on Workload/Ops got Workload/Fake twice; each construct has one section.',
    ));
    expect(ops.sections).toEqual(['Workload/Fake']);
  });

  test('two dashboards may show one construct', () => {
    const stack = newStack();
    const fake = new FakeMonitored(stack, 'Fake', { alarms: 2, widgets: 1 });
    const first = new OperationsDashboard(stack, 'First');
    const second = new OperationsDashboard(stack, 'Second');
    first.monitor(fake);
    second.monitor(fake);
    expect([first.alarmCount, second.alarmCount]).toEqual([2, 2]);
    expect(widgetsOf(second).filter((widget) => widget.type === 'text').map((widget) => widget.properties.markdown)).toContain('Fake 0');
  });
});

describe('a dashboard of a network, a function and a table', () => {
  const { stack, network } = serverlessStack();
  const fn = secureFunction(stack, 'Fn', network);
  const table = new SecureTable(stack, 'Items', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const ops = new OperationsDashboard(stack, 'Ops');
  ops.monitor(network, fn);
  ops.monitor(table);
  const composites = compositesOf(ops);
  const networkHealth = composites.get('Workload/Network: at least one of its alarms is in ALARM')!;
  const fnHealth = composites.get('Workload/Fn: at least one of its alarms is in ALARM')!;
  const template = Template.fromStack(stack);
  const compositeResources = template.findResources('AWS::CloudWatch::CompositeAlarm');
  const serviceHealthId = logicalIdOf(ops.serviceHealthAlarm!);
  const widgets = widgetsOf(ops);

  test('a section per construct, in the order given', () => {
    expect(ops.sections).toEqual(['Workload/Network', 'Workload/Fn', 'Workload/Items']);
  });

  test('alarmCount is the sum of the constructs\' alarms', () => {
    expect(network.alarms.length).toBeGreaterThan(0);
    expect(fn.alarms).toHaveLength(3);
    expect(table.alarms).toEqual([]);
    expect(ops.alarmCount).toBe(network.alarms.length + fn.alarms.length);
  });

  test('a composite alarm per construct with alarms, and the service-health alarm', () => {
    expect([...composites.keys()].sort()).toEqual([
      'Workload/Fn: at least one of its alarms is in ALARM',
      'Workload/Network: at least one of its alarms is in ALARM',
      'Workload/Ops: at least one alarm of the monitored constructs is in ALARM (see the dashboard\'s sections)',
    ]);
    expect(Object.keys(compositeResources).sort()).toEqual([stack.getLogicalId(networkHealth), stack.getLogicalId(fnHealth), serviceHealthId].sort());
  });

  test('the service-health rule is ANY of the sections\' composite alarms', () => {
    const ids = [networkHealth, fnHealth].map((health) => stack.getLogicalId(health));
    expect(stack.resolve((ops.serviceHealthAlarm!.node.defaultChild as cloudwatch.CfnCompositeAlarm).alarmRule)).toEqual(anyOf(...ids));
    expect(compositeResources[serviceHealthId].Properties.AlarmRule).toEqual(anyOf(...ids));
  });

  test('the service-health alarm notifies the alarm topic when it fires and when it is OK again', () => {
    const topic = ops.node.findChild('AlarmTopic') as AlarmTopic;
    expect(topic).toBeInstanceOf(AlarmTopic);
    const { AlarmActions, OKActions } = compositeResources[serviceHealthId].Properties;
    expect([AlarmActions, OKActions]).toEqual([[{ Ref: logicalIdOf(topic) }], [{ Ref: logicalIdOf(topic) }]]);
  });

  test('a section\'s composite alarm is ANY of its alarms, with no actions (its alarms notify already)', () => {
    const properties = compositeResources[stack.getLogicalId(fnHealth)].Properties;
    expect(properties.AlarmRule).toEqual(anyOf(...fn.alarms.map((alarm) => logicalIdOf(alarm as cloudwatch.Alarm))));
    expect([properties.AlarmActions, properties.OKActions, properties.InsufficientDataActions]).toEqual([undefined, undefined, undefined]);
    expect(compositeResources[stack.getLogicalId(networkHealth)].Properties.AlarmActions).toBeUndefined();
  });

  test('the dashboard opens with its heading and the service-health status', () => {
    // Newer aws-cdk-lib releases add properties of their own to a text widget (its background), so only ours are compared.
    const opening = widgets.slice(0, 2).map((w) => [w.type, w.properties.markdown ?? w.properties.title, w.properties.alarms]);
    expect(opening).toEqual([
      ['text', '# Workload/Ops\nService health: any alarm of the sections below.', undefined],
      ['alarm', 'Service health', [`{GetAtt ${serviceHealthId}.Arn}`]],
    ]);
  });

  test('a heading per section', () => {
    expect(widgets.filter((widget) => widget.type === 'text').map((widget) => widget.properties.markdown)).toEqual([
      '# Workload/Ops\nService health: any alarm of the sections below.', '## Workload/Network', '## Workload/Fn', '## Workload/Items',
    ]);
  });

  test('an alarm status widget per section with alarms: its composite alarm first, then its alarms', () => {
    const arn = (id: string) => `{GetAtt ${id}.Arn}`;
    const statuses = widgets.filter((widget) => widget.type === 'alarm' && widget.properties.title === 'Alarms')
      .map((widget) => widget.properties.alarms);
    expect(statuses).toEqual([
      [arn(stack.getLogicalId(networkHealth)), ...network.alarms.map((alarm) => arn(logicalIdOf(alarm as cloudwatch.Alarm)))],
      [arn(stack.getLogicalId(fnHealth)), ...fn.alarms.map((alarm) => arn(logicalIdOf(alarm as cloudwatch.Alarm)))],
    ]);
  });

  test('each section: heading, alarms (when it has any), then the construct\'s graphs', () => {
    const titles = widgets.map((widget) => (widget.type === 'text' ? widget.properties.markdown : widget.properties.title));
    const graphTitles = (construct: IMonitored) => construct.monitoringWidgets()
      .map((widget) => Stack.of(construct).resolve(widget.toJson())[0].properties.title);
    expect(titles).toEqual([
      '# Workload/Ops\nService health: any alarm of the sections below.', 'Service health',
      '## Workload/Network', 'Alarms', ...graphTitles(network),
      '## Workload/Fn', 'Alarms', 'Invocations', 'Duration', 'Concurrent executions',
      '## Workload/Items', 'Consumed capacity', 'Throttled requests',
    ]);
  });
});

describe('a dashboard of constructs without alarms', () => {
  test('the service-health rule is FALSE, and no section has a composite alarm', () => {
    // "TRUE always evaluates to TRUE, and FALSE always evaluates to FALSE" (PutCompositeAlarm, AlarmRule).
    const stack = newStack();
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(new FakeMonitored(stack, 'Quiet', { widgets: 1 }));
    expect(ops.alarmCount).toBe(0);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmRule: 'FALSE' });
    expect(widgetsOf(ops).map((widget) => widget.type)).toEqual(['text', 'alarm', 'text', 'text']);
  });
});

describe('a construct in another region', () => {
  const app = new App();
  const frankfurt = new Stack(app, 'Frankfurt', { env: SECONDARY });
  const remote = secureFunction(frankfurt, 'Fn', new ThreeTierVpc(frankfurt, 'Network', { natGateways: 1, alarms: { enabled: false } }));
  // The graphs of the remote function name it by a token of its stack: a cross-region reference.
  const stack = new Stack(app, 'Workload', { env: PRIMARY, crossRegionReferences: true });
  const local = secureFunction(stack, 'Fn', new ThreeTierVpc(stack, 'Network', { natGateways: 1, alarms: { enabled: false } }));
  const ops = new OperationsDashboard(stack, 'Ops');
  ops.monitor(local, remote);
  const template = Template.fromStack(stack);
  const widgets = widgetsOf(ops);

  test('its section says where it is and that it is not in the service-health alarm', () => {
    expect(ops.sections).toEqual(['Workload/Fn', 'Frankfurt/Fn']);
    expect(widgets.filter((widget) => widget.type === 'text').map((widget) => widget.properties.markdown)).toEqual([
      '# Workload/Ops\nService health: any alarm of the sections below.',
      '## Workload/Fn',
      '## Frankfurt/Fn (eu-central-1; not in the service-health alarm)',
    ]);
  });

  test('its alarms are not counted, have no composite alarm and no status widget', () => {
    expect(remote.alarms).toHaveLength(3);
    expect(ops.alarmCount).toBe(local.alarms.length);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 2);
    expect([...compositesOf(ops).keys()]).not.toContain('Frankfurt/Fn: at least one of its alarms is in ALARM');
    expect(widgets.filter((widget) => widget.properties.title === 'Alarms')).toHaveLength(1);
  });

  test('its graphs are on the dashboard, with the metrics of its region', () => {
    const remoteGraphs = widgets.slice(widgets.findIndex((widget) => widget.properties.markdown?.startsWith('## Frankfurt/Fn')) + 1);
    expect(remoteGraphs.map((widget) => widget.properties.title)).toEqual(['Invocations', 'Duration', 'Concurrent executions']);
    const regions = remoteGraphs.flatMap((widget) => widget.properties.metrics.map((metric: any[]) => metric[metric.length - 1].region));
    expect(new Set(regions)).toEqual(new Set([SECONDARY.region]));
    // The function's name is the other stack's token, read through the cross-region references of the dashboard's stack.
    const names = remoteGraphs.flatMap((widget) => widget.properties.metrics.map((metric: any[]) => metric[3]));
    const crossRegionReference = /^\{GetAtt ExportsReader[0-9A-F]+\.\/cdk\/exports\/Workload\/Frankfurteucentral1RefFn/;
    expect(names.every((name: string) => crossRegionReference.test(name))).toBe(true);
  });

  test('the service-health rule names the local section only', () => {
    const [health] = [...compositesOf(ops).entries()].filter(([description]) => description.startsWith('Workload/Fn')).map(([, alarm]) => alarm);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmRule: anyOf(stack.getLogicalId(health)) });
  });
});

describe('dashboardName', () => {
  // "The name can be up to 255 characters long ... Valid characters are A-Z, a-z, 0-9, "-", and "_""
  // (CloudWatch API Reference, PutDashboard, DashboardName).
  test.each(['', 'has space', 'a'.repeat(256), 'dots.are.not.allowed', 'slash/too'])('%j is refused', (dashboardName) => {
    const stack = newStack();
    expect(() => new OperationsDashboard(stack, 'Ops', { dashboardName })).toThrow(new Error(
      `\`dashboardName\` must be 1 to 255 letters, digits, '-' or '_', got: '${dashboardName}'.`,
    ));
    // Checked before anything is created.
    expect(stack.node.tryFindChild('Ops')).toBeUndefined();
  });

  test.each(['Ops', 'checkout_service-2', 'a'.repeat(255)])('%j is used', (dashboardName) => {
    const stack = newStack();
    const ops = new OperationsDashboard(stack, 'Ops', { dashboardName });
    ops.monitor(new FakeMonitored(stack, 'Fake'));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: dashboardName });
  });

  test('a token is used unchecked', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name');
    const ops = new OperationsDashboard(stack, 'Ops', { dashboardName: name.valueAsString });
    ops.monitor(new FakeMonitored(stack, 'Fake'));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: { Ref: 'Name' } });
  });
});

describe('limits', () => {
  test('a construct with more than 30 alarms: its composite alarm names composite alarms of 30 at most', () => {
    // An alarm rule is at most 10,240 characters (CloudWatch API Reference, PutCompositeAlarm, AlarmRule).
    const stack = newStack();
    const big = new FakeMonitored(stack, 'Big', { alarms: 31 });
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(big);
    expect(ops.alarmCount).toBe(31);
    const composites = compositesOf(ops);
    const section = composites.get('Workload/Big: at least one of its alarms is in ALARM')!;
    const part1 = composites.get('Workload/Big: at least one of its alarms is in ALARM (part 1 of level 1)')!;
    const part2 = composites.get('Workload/Big: at least one of its alarms is in ALARM (part 2 of level 1)')!;
    expect(composites.size).toBe(4);
    const resources = Template.fromStack(stack).findResources('AWS::CloudWatch::CompositeAlarm');
    const ruleOf = (alarm: cloudwatch.CfnCompositeAlarm) => resources[stack.getLogicalId(alarm)].Properties.AlarmRule;
    expect(ruleOf(section)).toEqual(anyOf(stack.getLogicalId(part1), stack.getLogicalId(part2)));
    const alarmIds = big.alarms.map(logicalIdOf);
    expect(ruleOf(part1)).toEqual(anyOf(...alarmIds.slice(0, 30)));
    expect(ruleOf(part2)).toEqual(anyOf(...alarmIds.slice(30)));
    for (const part of [part1, part2]) {
      expect(resources[stack.getLogicalId(part)].Properties.AlarmActions).toBeUndefined();
    }
    // The service-health rule names the section's composite alarm, not its parts.
    expect(resources[logicalIdOf(ops.serviceHealthAlarm!)].Properties.AlarmRule).toEqual(anyOf(stack.getLogicalId(section)));
    // The status widget shows the section's composite alarm and all 31 alarms.
    const [status] = widgetsOf(ops).filter((widget) => widget.properties.title === 'Alarms');
    expect(status.properties.alarms).toHaveLength(32);
  });

  test('more than 900 alarms in one construct: a second level of composite alarms, each naming 30 at most', () => {
    const stack = newStack();
    // Imported alarms: 931 alarm resources would exceed the 500 resources a stack holds.
    const huge = new FakeMonitored(stack, 'Huge');
    huge.alarms.push(...Array.from({ length: 931 }, (_, index) =>
      cloudwatch.Alarm.fromAlarmArn(stack, `Imported${index}`, `arn:aws:cloudwatch:eu-west-1:111111111111:alarm:imported-${index}`) as cloudwatch.Alarm));
    const ops = new OperationsDashboard(stack, 'Ops', { alarms: { topic: new sns.Topic(stack, 'Topic') } });
    ops.monitor(huge);
    const resources = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::CompositeAlarm'));
    const named = (rule: any) => (JSON.stringify(rule).match(/ALARM\(/g) ?? []).length;
    // 32 parts of 30 or fewer alarms, 2 parts of those, the section's alarm, and ServiceHealth.
    expect(resources).toHaveLength(32 + 2 + 1 + 1);
    expect(Math.max(...resources.map((resource) => named(resource.Properties.AlarmRule)))).toBeLessThanOrEqual(30);
  });

  test('an alarm status widget shows at most 100 alarms: a construct with 120 gets two', () => {
    // An alarm widget's "alarms" array holds 1 to 100 ARNs (CloudWatch API Reference, Dashboard body structure and syntax).
    const stack = newStack();
    const many = new FakeMonitored(stack, 'Many', { alarms: 120 });
    const ops = new OperationsDashboard(stack, 'Ops', { alarms: { topic: new sns.Topic(stack, 'Topic') } });
    ops.monitor(many);
    const statuses = widgetsOf(ops).filter((widget) => widget.type === 'alarm' && widget.properties.title !== 'Service health');
    expect(statuses.map((widget) => [widget.properties.title, widget.properties.alarms.length])).toEqual([['Alarms', 100], ['Alarms (2)', 21]]);
  });

  test('the service-health rule names every section, even when something resolved it before the last monitor()', () => {
    const stack = newStack();
    const ops = new OperationsDashboard(stack, 'Ops', { alarms: { topic: new sns.Topic(stack, 'Topic') } });
    ops.monitor(new FakeMonitored(stack, 'First', { alarms: 1 }));
    stack.resolve((ops.serviceHealthAlarm!.node.defaultChild as cloudwatch.CfnCompositeAlarm).alarmRule);
    ops.monitor(new FakeMonitored(stack, 'Second', { alarms: 1 }));
    const composites = compositesOf(ops);
    const sections = ['Workload/First', 'Workload/Second'].map((path) => stack.getLogicalId(composites.get(`${path}: at least one of its alarms is in ALARM`)!));
    const rule = Template.fromStack(stack).findResources('AWS::CloudWatch::CompositeAlarm')[logicalIdOf(ops.serviceHealthAlarm!)].Properties.AlarmRule;
    expect(rule).toEqual(anyOf(...sections));
  });

  test('30 alarms of the longest names, in the longest partition and region, fit one rule', () => {
    // An alarm rule is at most 10,240 characters (CloudWatch API Reference, PutCompositeAlarm, AlarmRule);
    // alarm names are at most 255 characters (PutMetricAlarm, AlarmName).
    const region = 'us-isof-south-1';
    const stack = new Stack(new App(), 'Workload', { env: { account: ENV.account, region } });
    const name = (index: number) => `${String(index).padStart(2, '0')}${'n'.repeat(253)}`;
    const fake = new FakeMonitored(stack, 'Fake', { alarms: 30, alarmName: name });
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(fake);
    const [section] = [...compositesOf(ops).entries()].filter(([description]) => description.startsWith('Workload/Fake')).map(([, alarm]) => alarm);
    const names = new Map(fake.alarms.map((alarm, index) => [logicalIdOf(alarm), name(index)]));
    const rule: unknown[] = stack.resolve(section.alarmRule)['Fn::Join'][1];
    const rendered = rule.map((part: any) => (typeof part === 'string'
      ? part
      : `arn:aws-iso-f:cloudwatch:${region}:${ENV.account}:alarm:${names.get(part['Fn::GetAtt'][0])}`)).join('');
    expect(rendered.match(/ALARM\("/g)).toHaveLength(30);
    expect(rendered.length).toBeLessThanOrEqual(10_240);
  });

  test('more than 30 constructs with alarms fail before any composite alarm is created', () => {
    const stack = newStack();
    const fakes = Array.from({ length: 31 }, (_, index) => new FakeMonitored(stack, `Fake${index}`, { alarms: 1 }));
    const ops = new OperationsDashboard(stack, 'Ops');
    expect(() => ops.monitor(...fakes)).toThrow(new Error(
      'Workload/Ops would monitor 31 constructs with alarms; its service-health alarm names at most 30. '
        + 'Split the constructs over two OperationsDashboards.',
    ));
    expect(ops.sections).toEqual([]);
    expect(ops.alarmCount).toBe(0);
    expect(compositesOf(ops).size).toBe(1);
  });

  test('30 constructs with alarms are fine; a 31st in a later call fails and adds nothing', () => {
    const stack = newStack();
    const fakes = Array.from({ length: 30 }, (_, index) => new FakeMonitored(stack, `Fake${index}`, { alarms: 1 }));
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(...fakes);
    // Constructs without alarms do not count.
    ops.monitor(new FakeMonitored(stack, 'Quiet'));
    expect(() => ops.monitor(new FakeMonitored(stack, 'Quieter'), new FakeMonitored(stack, 'OneMore', { alarms: 1 }))).toThrow(new Error(
      'Workload/Ops would monitor 31 constructs with alarms; its service-health alarm names at most 30. '
        + 'Split the constructs over two OperationsDashboards.',
    ));
    expect(ops.sections).toHaveLength(31);
    expect(ops.alarmCount).toBe(30);
    expect(compositesOf(ops).size).toBe(31);
  });

  // "Dashboards: 500 widgets per dashboard" (CloudWatch service quotas).
  test('500 widgets are fine', () => {
    const stack = newStack();
    const ops = new OperationsDashboard(stack, 'Ops');
    // The dashboard's 2, the section's heading, and 497 graphs.
    ops.monitor(new FakeMonitored(stack, 'Many', { widgets: 497 }));
    expect(widgetsOf(ops)).toHaveLength(500);
  });

  test('more than 500 widgets fail before anything is added', () => {
    const stack = newStack();
    const ops = new OperationsDashboard(stack, 'Ops');
    const alarmed = new FakeMonitored(stack, 'Alarmed', { alarms: 1 });
    expect(() => ops.monitor(alarmed, new FakeMonitored(stack, 'Many', { widgets: 496 }))).toThrow(new Error(
      'Workload/Ops would hold 501 widgets; a CloudWatch dashboard holds at most 500. Split the constructs over two OperationsDashboards.',
    ));
    expect(ops.sections).toEqual([]);
    expect(compositesOf(ops).size).toBe(1);
    expect(widgetsOf(ops)).toHaveLength(2);
  });

  test('widgets of earlier calls count', () => {
    const stack = newStack();
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(new FakeMonitored(stack, 'First', { widgets: 300 }));
    expect(() => ops.monitor(new FakeMonitored(stack, 'Second', { widgets: 197 }))).toThrow(new Error(
      'Workload/Ops would hold 501 widgets; a CloudWatch dashboard holds at most 500. Split the constructs over two OperationsDashboards.',
    ));
    expect(ops.sections).toEqual(['Workload/First']);
  });
});

describe('validation', () => {
  test('a dashboard that monitors nothing fails synth', () => {
    const stack = newStack();
    new OperationsDashboard(stack, 'Ops');
    expect(() => (stack.node.root as App).synth()).toThrow(new Error(
      'Validation failed with the following errors:\n  [Workload/Ops] Workload/Ops monitors nothing: call monitor() with the constructs to show.',
    ));
  });

  test('one that monitors something synthesizes', () => {
    const stack = newStack();
    new OperationsDashboard(stack, 'Ops').monitor(new FakeMonitored(stack, 'Fake'));
    expect(() => (stack.node.root as App).synth()).not.toThrow();
  });
});

describe('the alarm topic of the service-health alarm', () => {
  function actionsOf(stack: Stack, ops: OperationsDashboard): unknown {
    const properties = Template.fromStack(stack).findResources('AWS::CloudWatch::CompositeAlarm')[logicalIdOf(ops.serviceHealthAlarm!)].Properties;
    return [properties.AlarmActions, properties.OKActions];
  }

  test('none set: a new AlarmTopic under the dashboard', () => {
    const stack = newStack();
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(new FakeMonitored(stack, 'Fake'));
    const topic = ops.node.findChild('AlarmTopic') as AlarmTopic;
    expect(topic).toBeInstanceOf(AlarmTopic);
    expect(actionsOf(stack, ops)).toEqual([[{ Ref: logicalIdOf(topic) }], [{ Ref: logicalIdOf(topic) }]]);
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Service health of Workload/Ops' });
  });

  test('the topic set with AlarmTopic.setFor, and none created', () => {
    const stack = newStack();
    const topic = new AlarmTopic(stack, 'OnCall');
    AlarmTopic.setFor(stack.node.root, topic);
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(new FakeMonitored(stack, 'Fake'));
    expect(ops.node.tryFindChild('AlarmTopic')).toBeUndefined();
    expect(actionsOf(stack, ops)).toEqual([[{ Ref: logicalIdOf(topic) }], [{ Ref: logicalIdOf(topic) }]]);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('alarms.topic wins over the one set', () => {
    const stack = newStack();
    AlarmTopic.setFor(stack.node.root, new AlarmTopic(stack, 'OnCall'));
    const given = new sns.Topic(stack, 'Given');
    const ops = new OperationsDashboard(stack, 'Ops', { alarms: { topic: given } });
    ops.monitor(new FakeMonitored(stack, 'Fake'));
    expect(ops.node.tryFindChild('AlarmTopic')).toBeUndefined();
    expect(actionsOf(stack, ops)).toEqual([[{ Ref: logicalIdOf(given) }], [{ Ref: logicalIdOf(given) }]]);
  });

  test('a topic set for another region is not used', () => {
    const app = new App();
    const topic = new AlarmTopic(new Stack(app, 'Frankfurt', { env: SECONDARY }), 'OnCall');
    AlarmTopic.setFor(app, topic);
    const stack = new Stack(app, 'Workload', { env: PRIMARY });
    const ops = new OperationsDashboard(stack, 'Ops');
    ops.monitor(new FakeMonitored(stack, 'Fake'));
    expect(ops.node.tryFindChild('AlarmTopic')).toBeInstanceOf(AlarmTopic);
  });
});

describe('alarms: { enabled: false }', () => {
  const stack = newStack();
  const fakes = Array.from({ length: 31 }, (_, index) => new FakeMonitored(stack, `Fake${index}`, { alarms: 2, widgets: 1 }));
  const ops = new OperationsDashboard(stack, 'Ops', { alarms: { enabled: false } });
  // More than 30 constructs with alarms: there is no service-health rule to name them.
  ops.monitor(...fakes);
  const template = Template.fromStack(stack);
  const widgets = widgetsOf(ops);

  test('no composite alarm, no service-health alarm and no topic', () => {
    expect(ops.serviceHealthAlarm).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    expect(ops.node.tryFindChild('AlarmTopic')).toBeUndefined();
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  test('a heading of its own, then the sections; each shows its alarms', () => {
    expect(ops.sections).toHaveLength(31);
    expect([widgets[0].type, widgets[0].width, widgets[0].properties.markdown]).toEqual(['text', 24, '# Workload/Ops']);
    const statuses = widgets.filter((widget) => widget.type === 'alarm');
    expect(statuses).toHaveLength(31);
    expect(statuses[0].properties.alarms).toEqual(fakes[0].alarms.map((alarm) => `{GetAtt ${logicalIdOf(alarm)}.Arn}`));
    expect(widgets).toHaveLength(1 + 31 * 3);
  });

  test('the widget limit counts its single heading', () => {
    // "Dashboards: 500 widgets per dashboard" (CloudWatch service quotas).
    const other = newStack();
    const quiet = new OperationsDashboard(other, 'Ops', { alarms: { enabled: false } });
    quiet.monitor(new FakeMonitored(other, 'Many', { widgets: 498 }));
    expect(widgetsOf(quiet)).toHaveLength(500);
    const full = new OperationsDashboard(other, 'Full', { alarms: { enabled: false } });
    expect(() => full.monitor(new FakeMonitored(other, 'More', { widgets: 499 }))).toThrow(new Error(
      'Workload/Full would hold 501 widgets; a CloudWatch dashboard holds at most 500. Split the constructs over two OperationsDashboards.',
    ));
  });
});

describe('alarms.overrides', () => {
  test('must be empty: composite alarms have no threshold or periods', () => {
    const stack = newStack();
    expect(() => new OperationsDashboard(stack, 'Ops', { alarms: { overrides: { ServiceHealth: { threshold: 2 }, Other: {} } } })).toThrow(new Error(
      '`alarms.overrides` must be empty: the dashboard\'s alarms are composite alarms, which have no threshold or periods; '
        + 'got: \'ServiceHealth\', \'Other\'.',
    ));
    expect(stack.node.tryFindChild('Ops')).toBeUndefined();
  });

  test('empty overrides are fine', () => {
    const stack = newStack();
    const ops = new OperationsDashboard(stack, 'Ops', { alarms: { overrides: {} } });
    expect(ops.serviceHealthAlarm).toBeDefined();
  });
});

describe('alarm overrides', () => {
  /** A SecureFunction `Fn` with `overrides`, and its stack. */
  function withOverrides(overrides: { [name: string]: AlarmOverride }): { stack: Stack; build: () => SecureFunction } {
    const { stack, network } = serverlessStack();
    return { stack, build: () => secureFunction(stack, 'Fn', network, { alarms: { overrides } }) };
  }

  /** The Errors alarm of the function `Fn`. */
  function errorsAlarm(stack: Stack): any {
    const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
    return alarms[Object.keys(alarms).find((id) => id.startsWith('FnErrorsAlarm'))!].Properties;
  }

  function expectRefused(overrides: { [name: string]: AlarmOverride }, message: string): void {
    const { stack, build } = withOverrides(overrides);
    expect(build).toThrow(new Error(message));
    expect(stack.node.tryFindChild('Fn')).toBeUndefined();
  }

  describe('period', () => {
    // "Valid values are 10, 20, 30, and any multiple of 60" (CloudWatch API Reference, PutMetricAlarm, Period);
    // aws-cdk-lib's Metric refuses 20 seconds ("must be 1, 5, 10, 30, or a multiple of 60"), so 20 is refused at once.
    test('a minute is used, and the description says so', () => {
      const { stack, build } = withOverrides({ Errors: { period: Duration.minutes(1) } });
      build();
      const alarm = errorsAlarm(stack);
      expect([alarm.Period, alarm.EvaluationPeriods, alarm.AlarmDescription])
        .toEqual([60, 1, 'Workload/Fn: at least 1 invocation(s) failed in 1 minute']);
    });

    test.each([10, 30, 120, 3600])('%i seconds are used', (seconds) => {
      const { stack, build } = withOverrides({ Errors: { period: Duration.seconds(seconds) } });
      build();
      expect(errorsAlarm(stack).Period).toBe(seconds);
    });

    test.each([45, 0, 90, 5, 1, 20])('%i seconds are refused before anything is built', (seconds) => {
      expectRefused({ Errors: { period: Duration.seconds(seconds) } },
        `\`alarms.overrides.Errors.period\` must be 10 or 30 seconds or a whole number of minutes, got: ${seconds} seconds.`);
    });

    test('a period under a minute is described in seconds', () => {
      const { stack, build } = withOverrides({ Errors: { period: Duration.seconds(10), evaluationPeriods: 3 } });
      build();
      expect(errorsAlarm(stack).AlarmDescription).toEqual('Workload/Fn: at least 1 invocation(s) failed in 30 seconds');
    });

    test('the other alarms keep their period', () => {
      const { stack, build } = withOverrides({ Errors: { period: Duration.minutes(1) } });
      const fn = build();
      const periods = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
        .filter((alarm) => alarm.Properties.AlarmDescription.startsWith('Workload/Fn:')).map((alarm) => alarm.Properties.Period).sort();
      expect(periods).toEqual([300, 300, 60].sort());
      expect(fn.alarms).toHaveLength(3);
    });
  });

  describe('evaluationPeriods, against the overridden period', () => {
    // "Period multiplied by EvaluationPeriods can't be more than 604,800 seconds. For alarms with a period of less than one hour
    // (3,600 seconds), the total evaluation period can't be longer than one day (86,400 seconds)" (PutMetricAlarm).
    test.each([
      [Duration.minutes(1), 1440, 60, 86_400],
      [Duration.seconds(10), 8640, 10, 86_400],
      [Duration.hours(1), 168, 3600, 604_800],
      [Duration.hours(6), 28, 21_600, 604_800],
    ])('period %s: at most %i', (period, most, seconds, limit) => {
      expectRefused({ Errors: { period, evaluationPeriods: most + 1 } },
        `\`alarms.overrides.Errors.evaluationPeriods\` must be a whole number from 1 to ${most} `
        + `(periods of ${seconds} seconds, at most ${limit} seconds together), got: ${most + 1}.`);
      const { stack, build } = withOverrides({ Errors: { period, evaluationPeriods: most } });
      build();
      expect(errorsAlarm(stack).EvaluationPeriods).toBe(most);
    });

    test('without a period override, the default period (5 minutes) counts', () => {
      expectRefused({ Errors: { evaluationPeriods: 289 } },
        '`alarms.overrides.Errors.evaluationPeriods` must be a whole number from 1 to 288 '
        + '(periods of 300 seconds, at most 86400 seconds together), got: 289.');
    });
  });

  describe('datapointsToAlarm', () => {
    // "DatapointsToAlarm: The number of data points that must be breaching to trigger the alarm" (PutMetricAlarm);
    // it is at most EvaluationPeriods ("M out of N", Using Amazon CloudWatch alarms, CloudWatch User Guide).
    test.each([0, 1.5, -1, 2])('%s without evaluationPeriods is refused before anything is built: M out of N names both', (datapointsToAlarm) => {
      expectRefused({ Errors: { datapointsToAlarm } },
        '`alarms.overrides.Errors.datapointsToAlarm` needs `evaluationPeriods` in the same override ("M out of N" names both), '
        + `got datapointsToAlarm ${datapointsToAlarm} alone.`);
    });

    test.each([0, 1.5, -1])('%s with evaluationPeriods is refused before anything is built', (datapointsToAlarm) => {
      expectRefused({ Errors: { evaluationPeriods: 3, datapointsToAlarm } },
        `\`alarms.overrides.Errors.datapointsToAlarm\` must be a whole number from 1 to 3 (its \`evaluationPeriods\`), got: ${datapointsToAlarm}.`);
    });

    test('more than the override\'s evaluationPeriods is refused before anything is built', () => {
      expectRefused({ Errors: { evaluationPeriods: 3, datapointsToAlarm: 4 } },
        '`alarms.overrides.Errors.datapointsToAlarm` must be a whole number from 1 to 3 (its `evaluationPeriods`), got: 4.');
    });

    test('0 with evaluationPeriods names the range', () => {
      expectRefused({ Errors: { evaluationPeriods: 3, datapointsToAlarm: 0 } },
        '`alarms.overrides.Errors.datapointsToAlarm` must be a whole number from 1 to 3 (its `evaluationPeriods`), got: 0.');
    });

    test('an alarm that is off is still checked: the override is wrong whether or not the alarm is on', () => {
      expectRefused({ Errors: { enabled: false, datapointsToAlarm: 2 } },
        '`alarms.overrides.Errors.datapointsToAlarm` needs `evaluationPeriods` in the same override ("M out of N" names both), got datapointsToAlarm 2 alone.');
    });

    test.each([[3, 2], [3, 3], [1, 1]])('evaluationPeriods %i with datapointsToAlarm %i: rendered', (evaluationPeriods, datapointsToAlarm) => {
      const { stack, build } = withOverrides({ Errors: { evaluationPeriods, datapointsToAlarm } });
      build();
      const alarm = errorsAlarm(stack);
      expect([alarm.EvaluationPeriods, alarm.DatapointsToAlarm]).toEqual([evaluationPeriods, datapointsToAlarm]);
    });

    test('with the period and evaluation periods of the override: M out of N minutes', () => {
      const { stack, build } = withOverrides({ Errors: { period: Duration.minutes(1), evaluationPeriods: 5, datapointsToAlarm: 3 } });
      build();
      const alarm = errorsAlarm(stack);
      expect([alarm.Period, alarm.EvaluationPeriods, alarm.DatapointsToAlarm]).toEqual([60, 5, 3]);
    });

    test('not given: no DatapointsToAlarm (all evaluation periods)', () => {
      const { stack, build } = withOverrides({ Errors: { evaluationPeriods: 3 } });
      build();
      expect(errorsAlarm(stack).DatapointsToAlarm).toBeUndefined();
    });
  });
});

describe('compliance', () => {
  test('a dashboard with its own alarm topic and composite alarms passes all six cdk-nag packs', () => {
    const stack = newStack();
    const orders = new Workflow(stack, 'Orders', { definition: new sfn.Pass(stack, 'Accept') });
    new OperationsDashboard(stack, 'Ops', { dashboardName: 'Orders' }).monitor(orders);
    expectCompliant(stack);
  });
});
