import { Duration, Token } from 'aws-cdk-lib';

/**
 * The retry limits of EventBridge Scheduler and of EventBridge rule targets
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html,
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html):
 * 0 to 185 attempts, events 60 to 86,400 seconds old.
 */
const MAX_RETRY_ATTEMPTS = 185;
const EVENT_AGE_RANGE_SECONDS = [60, 86_400];

/** Checks `retryAttempts` and `maxEventAge`, and returns them as the APIs take them. */
export function planRetryPolicy(retryAttempts: number, maxEventAge: Duration): { retryAttempts: number; ageSeconds: number } {
  if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > MAX_RETRY_ATTEMPTS) {
    throw new Error(`\`retryAttempts\` must be a whole number from 0 to ${MAX_RETRY_ATTEMPTS}, got: ${retryAttempts}.`);
  }
  const ageSeconds = maxEventAge.toSeconds();
  if (ageSeconds < EVENT_AGE_RANGE_SECONDS[0] || ageSeconds > EVENT_AGE_RANGE_SECONDS[1]) {
    throw new Error(`\`maxEventAge\` must be from 1 minute to 24 hours (60 to 86400 seconds), got: ${ageSeconds} seconds.`);
  }
  return { retryAttempts, ageSeconds };
}

/**
 * A cron expression of six fields or a rate of a whole positive number of
 * minutes, hours or days ("Schedule types on EventBridge Scheduler",
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html).
 * One-time `at()` schedules are not jobs.
 */
export function validateScheduleExpression(expression: string): void {
  if (Token.isUnresolved(expression)) {
    return;
  }
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  const cron = /^cron\((.+)\)$/.exec(expression);
  const validRate = rate !== null && Number(rate[1]) >= 1 && (Number(rate[1]) === 1) === !rate[2].endsWith('s');
  const cronFields = cron?.[1].trim().split(/\s+/) ?? [];
  const validCron = cron !== null && cronFields.length === 6 && (cronFields[2] === '?') !== (cronFields[4] === '?');
  if (!validRate && !validCron) {
    throw new Error('`schedule` must be rate(<n> minute(s)|hour(s)|day(s)) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) ' +
      `with '?' in exactly one of day-of-month and day-of-week, got: '${expression}'.`);
  }
}
