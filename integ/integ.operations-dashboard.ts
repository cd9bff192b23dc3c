/**
 * An OperationsDashboard over a Workflow and an EventFanout, every alarm
 * notifying one AlarmTopic. Compared offline by `npm test`; deployed, it
 * expects the dashboard to exist with a section per construct, and an alarm
 * of one construct set to ALARM to set off that construct's composite alarm
 * and the ServiceHealth alarm, whose notification the topic accepts.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AlarmTopic, EventFanout, OperationsDashboard, Workflow } from '../src';

const app = new App();
const stack = new Stack(app, 'OperationsDashboard');
AlarmTopic.setFor(app, new AlarmTopic(stack, 'Alarms'));
const workflow = new Workflow(stack, 'Orders', { definition: new sfn.Pass(stack, 'Accept') });
const fanout = new EventFanout(stack, 'OrderEvents');
fanout.addSubscriber('Billing');
const dashboard = new OperationsDashboard(stack, 'Operations', { dashboardName: 'PavedRoadIntegOperations' });
dashboard.monitor(workflow, fanout);

const integ = new IntegTest(app, 'OperationsDashboardInteg', { testCases: [stack], diffAssets: true });
const WAIT = { totalTimeout: Duration.minutes(10), interval: Duration.seconds(20) };

// The dashboard exists, with a heading per monitored construct.
const body = integ.assertions.awsApiCall('CloudWatch', 'getDashboard', { DashboardName: 'PavedRoadIntegOperations' })
  .expect(ExpectedResult.objectLike({ DashboardBody: Match.stringLikeRegexp('## OperationsDashboard/Orders[\\s\\S]*## OperationsDashboard/OrderEvents') }));

// One alarm of the workflow goes to ALARM: its section's composite alarm and ServiceHealth follow, and ServiceHealth notifies the topic.
const failed = workflow.alarms[0];
const setAlarm = integ.assertions.awsApiCall('CloudWatch', 'setAlarmState', {
  AlarmName: failed.alarmName,
  StateValue: 'ALARM',
  StateReason: 'integ: does the service-health alarm follow?',
});
const serviceHealth = dashboard.serviceHealthAlarm!;
const followed = integ.assertions.awsApiCall('CloudWatch', 'describeAlarmHistory', {
  AlarmName: serviceHealth.alarmName,
  AlarmTypes: ['CompositeAlarm'],
  HistoryItemType: 'Action',
}).expect(ExpectedResult.objectLike({
  AlarmHistoryItems: Match.arrayWith([Match.objectLike({ HistorySummary: Match.stringLikeRegexp('^Successfully executed action') })]),
})).waitForAssertions(WAIT);

body.next(setAlarm).next(followed);
