import { Duration } from 'aws-cdk-lib';
import { describeWindow } from '../../src/private/alarm-set';

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
