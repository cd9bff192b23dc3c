/**
 * A STANDARD Workflow with a schedule trigger and an event-rule trigger.
 * Compared offline by `npm test`; deployed, it starts an execution and
 * expects it to succeed with its output, and expects the schedule to have
 * started executions of its own.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { allowKeyUse } from './helpers';
import { Workflow, WorkflowTrigger } from '../src';

const app = new App();
const stack = new Stack(app, 'WorkflowSchedule');
// Decide on the order's total: no function, so the case needs no VPC.
const definition = new sfn.Choice(stack, 'Large?')
  .when(sfn.Condition.numberGreaterThan('$.total', 100), new sfn.Pass(stack, 'Review', { result: sfn.Result.fromObject({ decision: 'review' }) }))
  .otherwise(new sfn.Pass(stack, 'Accept', { result: sfn.Result.fromObject({ decision: 'accept' }) }));
const workflow = new Workflow(stack, 'Orders', {
  definition,
  triggers: [
    WorkflowTrigger.schedule(scheduler.ScheduleExpression.rate(Duration.minutes(5)), { input: '{"total": 1}' }),
    WorkflowTrigger.eventPattern({ source: ['integ.orders'], detailType: ['OrderPlaced'] }),
  ],
});

const integ = new IntegTest(app, 'WorkflowScheduleInteg', { testCases: [stack], diffAssets: true });
const WAIT = { totalTimeout: Duration.minutes(12), interval: Duration.seconds(30) };
const stateMachineArn = workflow.stateMachine.stateMachineArn;

// An execution started by hand succeeds, and its output is the branch the input chose.
const start = integ.assertions.awsApiCall('StepFunctions', 'startExecution', { stateMachineArn, input: '{"total": 250}' });
allowKeyUse(start, 'states');
const described = integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn: start.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED', output: '{"decision":"review"}' }))
  .waitForAssertions(WAIT);
allowKeyUse(described, 'states');
start.next(described);

// The schedule starts executions itself: one has succeeded within a run or two of it.
const scheduled = integ.assertions.awsApiCall('StepFunctions', 'listExecutions', { stateMachineArn, statusFilter: 'SUCCEEDED' })
  .expect(ExpectedResult.objectLike({ executions: Match.arrayWith([Match.objectLike({ status: 'SUCCEEDED' }), Match.objectLike({ status: 'SUCCEEDED' })]) }))
  .waitForAssertions(WAIT);
allowKeyUse(scheduled, 'states');
described.next(scheduled);
