import { Duration, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ScheduledJob, ScheduledJobProps } from '../../src';
import { expectPavedRoad, secureFunction, serverlessStack } from '../serverless-fixture';

describe('ScheduledJob defaults', () => {
  const { app, stack, network } = serverlessStack();
  const fn = secureFunction(stack, 'Purge', network);
  const job = new ScheduledJob(stack, 'Nightly', { function: fn, schedule: scheduler.ScheduleExpression.cron({ hour: '3', minute: '0', timeZone: TimeZone.EUROPE_PARIS }) });
  const template = Template.fromStack(stack);

  test('a schedule in the time zone, encrypted with a customer-managed key, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'OFF' },
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyKey'), 'Arn'] },
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Purge'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyDeadLetterQueue'), 'Arn'] } },
        RoleArn: Match.anyValue(),
      },
    });
  });

  test('the role trusts EventBridge Scheduler for this account only and may invoke only this function', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Purge'), 'Arn'] } }]) },
    });
  });

  test('an alarm on undelivered runs, beside the function\'s', () => {
    expect(job.alarms).toHaveLength(4);
  });

  test('zero cdk-nag findings, LeastPrivilegeChecks clean and a boundary on every role', () => {
    expectPavedRoad(app, stack);
  });
});

describe('ScheduledJob refuses bad input, before anything is created', () => {
  const cases: Array<[string, Partial<ScheduledJobProps>, string]> = [
    ['a cron of five fields', { schedule: scheduler.ScheduleExpression.expression('cron(0 3 * * ?)') },
      '`schedule` must be rate(<n> minute(s)|hour(s)|day(s)) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) ' +
      'with \'?\' in exactly one of day-of-month and day-of-week, got: \'cron(0 3 * * ?)\'.'],
    ['a rate of 0', { schedule: scheduler.ScheduleExpression.expression('rate(0 minutes)') },
      '`schedule` must be rate(<n> minute(s)|hour(s)|day(s)) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) ' +
      'with \'?\' in exactly one of day-of-month and day-of-week, got: \'rate(0 minutes)\'.'],
    ['a one-time schedule', { schedule: scheduler.ScheduleExpression.expression('at(2027-01-01T00:00:00)') },
      '`schedule` must be rate(<n> minute(s)|hour(s)|day(s)) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) ' +
      'with \'?\' in exactly one of day-of-month and day-of-week, got: \'at(2027-01-01T00:00:00)\'.'],
    ['186 retries', { retryAttempts: 186 }, '`retryAttempts` must be a whole number from 0 to 185, got: 186.'],
    ['an event age of 2 days', { maxEventAge: Duration.days(2) }, '`maxEventAge` must be from 1 minute to 24 hours (60 to 86400 seconds), got: 172800 seconds.'],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const { stack, network } = serverlessStack();
    const fn = secureFunction(stack, 'Purge', network);
    const before = stack.node.findAll().length;
    expect(() => new ScheduledJob(stack, 'Nightly', { function: fn, schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), ...props })).toThrow(new Error(message));
    expect(stack.node.findAll().length).toEqual(before);
  });

  test('a rate of one day is valid', () => {
    const { stack, network } = serverlessStack();
    new ScheduledJob(stack, 'Daily', { function: secureFunction(stack, 'Purge', network), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 day)' });
  });
});
