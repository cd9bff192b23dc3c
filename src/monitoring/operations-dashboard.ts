import { Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { IMonitored } from './monitored';
import { AlarmOptions } from '../core/alarm-options';
import { inSameEnvironment } from '../private/monitoring-widgets';

/**
 * Properties of an `OperationsDashboard`.
 */
export interface OperationsDashboardProps {
  /**
   * The dashboard's name: 1 to 255 characters, letters, digits, `-` and `_`.
   *
   * @default - a name CloudFormation generates
   */
  readonly dashboardName?: string;

  /**
   * The service-health alarm: `enabled` (with the sections' composite
   * alarms) and the `topic` it notifies when it fires and when it recovers.
   * Composite alarms have no threshold or periods, so `overrides` must be
   * empty.
   *
   * @default - on, notifying the `AlarmTopic` set with `AlarmTopic.setFor()` for a scope above the dashboard (same account and region), else a new `AlarmTopic`
   */
  readonly alarms?: AlarmOptions;
}

/**
 * The most alarms one composite alarm's rule names. A rule is at most 10,240
 * characters (PutCompositeAlarm, AlarmRule); each alarm costs
 * `ALARM("<arn>") OR `, at most 330 characters with a 255-character alarm name
 * and the longest partition and region, so 30 always fit.
 */
const MAX_ALARMS_PER_RULE = 30;

/** The most alarms an alarm status widget shows. */
const MAX_ALARMS_PER_WIDGET = 100;

/**
 * The most widgets a dashboard holds ("Dashboards", CloudWatch service
 * quotas: 500 widgets per dashboard).
 */
const MAX_WIDGETS = 500;

/** Dashboard names: "up to 255 characters … alphanumerics, dash (-), and underscore (_)" (PutDashboard, DashboardName). */
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * One CloudWatch dashboard for the constructs it monitors: a section per
 * construct (a heading, the status of its alarms, its first-look graphs), and
 * a composite "service health" alarm that fires when any of their alarms
 * fires, and notifies the alarm topic.
 *
 * Each monitored construct with alarms gets a composite alarm of its own (no
 * actions: its alarms notify already), shown at the top of its section; the
 * service-health alarm is `ANY` of those. Composite alarms name alarms of
 * their own account and region only, so a construct elsewhere (a replica in
 * a second region) gets its graphs on the dashboard but stays out of the
 * service-health alarm; its own alarms still notify.
 */
export class OperationsDashboard extends Construct {
  /** The CloudWatch dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  /** The composite alarm over every monitored construct's alarms, which notifies the alarm topic; none when `alarms.enabled` is false. */
  public readonly serviceHealthAlarm?: cloudwatch.CompositeAlarm;

  private readonly sectionList: { path: string; alarms: cloudwatch.IAlarm[] }[] = [];
  private readonly sectionHealth: cloudwatch.IAlarm[] = [];
  private widgetCount = 0;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps = {}) {
    validateProps(props);
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    if (props.alarms?.enabled ?? true) {
      const heading = new cloudwatch.TextWidget({ markdown: `# ${this.node.path}\nService health: any alarm of the sections below.`, width: 18, height: 2 });
      const sectionHealth = this.sectionHealth;
      const serviceHealth = new cloudwatch.CompositeAlarm(this, 'ServiceHealth', {
        alarmDescription: `${this.node.path}: at least one alarm of the monitored constructs is in ALARM (see the dashboard's sections)`,
        // The rule is rendered at synth, after every call to monitor().
        alarmRule: { renderAlarmRule: () => Lazy.uncachedString({ produce: () => serviceHealthRule(sectionHealth) }) },
      });
      const topic = props.alarms?.topic ?? AlarmTopic.of(this) ?? new AlarmTopic(this, 'AlarmTopic', { displayName: `Service health of ${this.node.path}` });
      const action = new cloudwatchActions.SnsAction(topic);
      serviceHealth.addAlarmAction(action);
      serviceHealth.addOkAction(action);
      this.serviceHealthAlarm = serviceHealth;
      this.dashboard.addWidgets(heading, new cloudwatch.AlarmStatusWidget({ title: 'Service health', alarms: [serviceHealth], width: 6, height: 2 }));
      this.widgetCount = 2;
    } else {
      this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `# ${this.node.path}`, width: 24, height: 1 }));
      this.widgetCount = 1;
    }
    this.node.addValidation({
      validate: () => (this.sectionList.length === 0
        ? [`${this.node.path} monitors nothing: call monitor() with the constructs to show.`]
        : []),
    });
  }

  /** The node path of each monitored construct, in the dashboard's order. */
  public get sections(): string[] {
    return this.sectionList.map((section) => section.path);
  }

  /**
   * How many distinct alarms of the monitored constructs the dashboard shows:
   * those in its account and region, which the service-health alarm covers.
   */
  public get alarmCount(): number {
    // A construct's alarms may include those of constructs it runs (a ScheduledJob's function), which have sections of their own.
    return new Set(this.sectionList.flatMap((section) => section.alarms)).size;
  }

  /**
   * Adds a section per construct, in the order given: a heading, the status
   * of the construct's alarms, and its first-look graphs. A construct can be
   * monitored once per dashboard.
   */
  public monitor(...constructs: IMonitored[]): void {
    if (constructs.length === 0) {
      throw new Error(`\`monitor()\` on ${this.node.path} got no constructs; pass the constructs to show, such as monitor(vpc, database, api).`);
    }
    const seen = new Set(this.sections);
    for (const construct of constructs) {
      if (seen.has(construct.node.path)) {
        throw new Error(`\`monitor()\` on ${this.node.path} got ${construct.node.path} twice; each construct has one section.`);
      }
      seen.add(construct.node.path);
    }
    // Everything is planned and checked before the first composite alarm is created.
    const planned = constructs.map((construct) => this.planSection(construct));
    const sectionsWithAlarms = this.sectionHealth.length + planned.filter((section) => section.alarms.length > 0).length;
    if (this.serviceHealthAlarm && sectionsWithAlarms > MAX_ALARMS_PER_RULE) {
      throw new Error(`${this.node.path} would monitor ${sectionsWithAlarms} constructs with alarms; its service-health alarm names at most ${MAX_ALARMS_PER_RULE}. Split the constructs over two OperationsDashboards.`);
    }
    const widgets = this.widgetCount + planned.reduce((total, section) => total + section.widgetCount, 0);
    if (widgets > MAX_WIDGETS) {
      throw new Error(`${this.node.path} would hold ${widgets} widgets; a CloudWatch dashboard holds at most ${MAX_WIDGETS}. Split the constructs over two OperationsDashboards.`);
    }
    for (const section of planned) {
      this.addSection(section);
    }
  }

  private planSection(construct: IMonitored): PlannedSection {
    const sameEnvironment = inSameEnvironment(this, construct);
    const alarms = sameEnvironment ? construct.alarms : [];
    const where = sameEnvironment ? '' : ` (${Stack.of(construct).region}; not in the service-health alarm)`;
    const heading = new cloudwatch.TextWidget({ markdown: `## ${construct.node.path}${where}`, width: 24, height: 1 });
    const graphs = construct.monitoringWidgets();
    const statusWidgets = Math.ceil((alarms.length + (alarms.length > 0 && this.serviceHealthAlarm ? 1 : 0)) / MAX_ALARMS_PER_WIDGET);
    return { construct, alarms, heading, graphs, widgetCount: 1 + statusWidgets + graphs.length };
  }

  private addSection(section: PlannedSection): void {
    const { construct, alarms } = section;
    const widgets: cloudwatch.IWidget[] = [section.heading];
    if (alarms.length > 0) {
      const health = this.serviceHealthAlarm
        ? this.combine(`${Names.nodeUniqueId(construct.node)}Health`, `${construct.node.path}: at least one of its alarms is in ALARM`, alarms)
        : undefined;
      if (health) {
        this.sectionHealth.push(health);
      }
      const shown = health ? [health, ...alarms] : alarms;
      // An alarm status widget shows 1 to 100 alarms ("Dashboard body structure and syntax", alarm widget properties).
      for (const [index, members] of chunk(shown, MAX_ALARMS_PER_WIDGET).entries()) {
        widgets.push(new cloudwatch.AlarmStatusWidget({
          title: index === 0 ? 'Alarms' : `Alarms (${index + 1})`,
          alarms: members,
          width: 24,
          height: 1 + Math.ceil(members.length / 4),
        }));
      }
    }
    this.widgetCount += section.widgetCount;
    this.dashboard.addWidgets(...widgets, ...section.graphs);
    this.sectionList.push({ path: construct.node.path, alarms });
  }

  /**
   * A composite alarm that is `ANY` of `alarms`, with no actions. More alarms
   * than one rule may name are split into composite alarms of their own.
   */
  private combine(id: string, description: string, alarms: cloudwatch.IAlarm[], level = 1): cloudwatch.IAlarm {
    if (alarms.length <= MAX_ALARMS_PER_RULE) {
      return new cloudwatch.CompositeAlarm(this, id, {
        alarmDescription: description,
        alarmRule: anyInAlarm(alarms),
      });
    }
    const parts = chunk(alarms, MAX_ALARMS_PER_RULE).map((members, index) =>
      this.combine(`${id}Level${level}Part${index + 1}`, `${description} (part ${index + 1} of level ${level})`, members));
    return this.combine(id, description, parts, level + 1);
  }
}

/** A section before anything of it is created. */
interface PlannedSection {
  readonly construct: IMonitored;
  /** The alarms the service-health alarm covers: none for a construct in another account or region. */
  readonly alarms: cloudwatch.IAlarm[];
  readonly heading: cloudwatch.IWidget;
  readonly graphs: cloudwatch.IWidget[];
  readonly widgetCount: number;
}

/**
 * `ANY` of the sections' composite alarms, or a rule that is never true when
 * no section has alarms (CloudWatch requires a rule; `FALSE` is one).
 */
function serviceHealthRule(sectionHealth: cloudwatch.IAlarm[]): string {
  if (sectionHealth.length === 0) {
    return 'FALSE';
  }
  return anyInAlarm(sectionHealth).renderAlarmRule();
}

/** Checks every prop before anything is built. */
function validateProps(props: OperationsDashboardProps): void {
  if (props.dashboardName !== undefined && !Token.isUnresolved(props.dashboardName) && !DASHBOARD_NAME.test(props.dashboardName)) {
    throw new Error(`\`dashboardName\` must be 1 to 255 letters, digits, '-' or '_', got: '${props.dashboardName}'.`);
  }
  const overridden = Object.keys(props.alarms?.overrides ?? {});
  if (overridden.length > 0) {
    const names = overridden.map((name) => `'${name}'`).join(', ');
    throw new Error(`\`alarms.overrides\` must be empty: the dashboard's alarms are composite alarms, which have no threshold or periods; got: ${names}.`);
  }
}

/** `items` in runs of at most `size`. */
function chunk<T>(items: T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    runs.push(items.slice(start, start + size));
  }
  return runs;
}

/** True while any of `alarms` is in ALARM. */
function anyInAlarm(alarms: cloudwatch.IAlarm[]): cloudwatch.IAlarmRule {
  return cloudwatch.AlarmRule.anyOf(...alarms.map((alarm) => cloudwatch.AlarmRule.fromAlarm(alarm, cloudwatch.AlarmState.ALARM)));
}
