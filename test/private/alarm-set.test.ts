import { Duration } from 'aws-cdk-lib';
import { describeWindow, validateAlarmOptions } from '../../src/private/alarm-set';

describe('describeWindow: how long an alarm\'s periods last, in its description', () => {
  test.each([
    [Duration.minutes(1), 1, '1 minute'],
    [Duration.minutes(5), 1, '5 minutes'],
    [Duration.minutes(5), 3, '15 minutes'],
    [Duration.minutes(5), 12, '60 minutes'],
    [Duration.minutes(5), 18, '90 minutes'],
    [Duration.minutes(5), 24, '2 hours'],
    [Duration.hours(1), 6, '6 hours'],
  ])('%s x %i is %s', (period, periods, expected) => {
    expect(describeWindow(period, periods)).toBe(expected);
  });
});

describe('validateAlarmOptions: evaluation periods are whole numbers from 1', () => {
  const check = (evaluationPeriods: number) => () => validateAlarmOptions('alarms', { overrides: { Cpu: { evaluationPeriods } } }, ['Cpu'], () => Duration.minutes(5));

  test.each([0, -1, 1.5])('%s is refused', (periods) => {
    expect(check(periods)).toThrow(new Error(
      `\`alarms.overrides.Cpu.evaluationPeriods\` must be a whole number from 1 to 288 (periods of 300 seconds, at most 86400 seconds together), got: ${periods}.`,
    ));
  });

  test.each([1, 288])('%s is accepted', (periods) => {
    expect(check(periods)).not.toThrow();
  });
});

test('describeWindow: 150 minutes stay minutes (not a whole number of hours)', () => {
  expect(describeWindow(Duration.minutes(5), 30)).toBe('150 minutes');
});
