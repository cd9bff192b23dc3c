import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { IMonitored, OperationsDashboard } from '../../../src';

/** The CloudWatch dashboard's name. */
export const DASHBOARD_NAME = 'WebApp';

export interface OperationsStackProps extends StackProps {
  /** The stacks whose monitored constructs the dashboard shows, in deployment order. */
  readonly monitoredStacks: Stack[];
}

/**
 * Whether a construct is one an `OperationsDashboard` can show: it has
 * `alarms` and a `monitoringWidgets()` function (`IMonitored` is an
 * interface, so there is no class to test for).
 */
export function isMonitored(construct: IConstruct): construct is IMonitored {
  return typeof (construct as Partial<IMonitored>).monitoringWidgets === 'function' && Array.isArray((construct as Partial<IMonitored>).alarms);
}

/**
 * Every monitored construct of `stacks`, stack by stack in the order given,
 * and in each stack in the order of its construct tree (a construct before
 * the ones inside it, such as the audit trail before its bucket).
 */
export function monitoredConstructs(stacks: Stack[]): IMonitored[] {
  return stacks.flatMap((stack) => stack.node.findAll().filter((construct) => Stack.of(construct) === stack).filter(isMonitored));
}

/**
 * The operations dashboard `WebApp`: a section for every monitored construct
 * of the app (its alarms' status and its first-look graphs), and the
 * service-health alarm, which fires when any alarm of the sections in the
 * primary region fires and notifies the network stack's alarm topic (set for
 * the whole app, so the dashboard finds it too). It deploys last: its
 * composite alarms name the alarms of the other stacks through their exports.
 *
 * The replica's section (the second region) has its graphs only: composite
 * alarms name alarms of their own region. Its graphs name the replica bucket
 * by the physical name the library generates for a bucket referenced from
 * another region, written literally, so this stack needs no cross-region
 * references (no `crossRegionReferences`, no reader custom resource).
 *
 * Build it after every other stack: the constructs are found, and their
 * alarms and graphs read, when it is created.
 */
export class OperationsStack extends Stack {
  public readonly dashboard: OperationsDashboard;
  /** The constructs the dashboard shows, in its order. */
  public readonly monitored: IMonitored[];

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    this.dashboard = new OperationsDashboard(this, 'Dashboard', { dashboardName: DASHBOARD_NAME });
    this.monitored = monitoredConstructs(props.monitoredStacks);
    this.dashboard.monitor(...this.monitored);
  }
}
