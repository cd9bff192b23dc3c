import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';

/**
 * A construct an operator watches: its CloudWatch alarms, and the few graphs
 * an operator of that pattern looks at first. Every construct of the library
 * that runs something implements it; `OperationsDashboard.monitor()` takes
 * any number of them.
 */
export interface IMonitored extends IConstruct {
  /**
   * The construct's alarms, after its `alarms` options (empty when they are
   * off). Each notifies the construct's alarm topic.
   */
  readonly alarms: cloudwatch.IAlarm[];

  /**
   * New dashboard widgets with the construct's first-look metrics. Each call
   * returns new widgets, so that several dashboards can show the construct.
   */
  monitoringWidgets(): cloudwatch.IWidget[];
}
