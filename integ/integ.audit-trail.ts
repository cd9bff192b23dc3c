/**
 * An AuditTrail with the CIS security alarms, notifying an AlarmTopic, its
 * log files locked in compliance mode for a day. Compared offline by
 * `npm test`; deployed, it expects the trail to be logging, the log group to
 * receive the trail's stream, log files to arrive, and a CloudTrail configuration
 * change (StartLogging on the trail itself) to set off the CloudWatch.5
 * alarm, whose notification the topic accepts.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { alarmNotifiesItsTopic, allowKeyUse } from './helpers';
import { AlarmTopic, AuditTrail } from '../src';

const app = new App();
const stack = new Stack(app, 'AuditTrailCis');
AlarmTopic.setFor(app, new AlarmTopic(stack, 'Alarms'));
const trail = new AuditTrail(stack, 'Trail', { objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(1)) });

const integ = new IntegTest(app, 'AuditTrailCisInteg', { testCases: [stack], diffAssets: true });
// CloudTrail delivers log files about every 5 minutes, and events to CloudWatch Logs within minutes (CloudTrail User Guide, "How CloudTrail works").
const WAIT = { totalTimeout: Duration.minutes(30), interval: Duration.seconds(30) };

// The trail is logging; the two deliveries below prove that the bucket policy, the key policy and the logs role let CloudTrail write.
const status = integ.assertions.awsApiCall('CloudTrail', 'getTrailStatus', { Name: trail.trailName })
  .expect(ExpectedResult.objectLike({ IsLogging: true }));

// The trail's stream appears in its log group, and log files in its bucket.
const stream = integ.assertions.awsApiCall('CloudWatchLogs', 'describeLogStreams', {
  logGroupName: trail.logGroup.logGroupName,
  logStreamNamePrefix: `${stack.account}_CloudTrail_`,
}).expect(ExpectedResult.objectLike({ logStreams: Match.arrayWith([Match.objectLike({ logStreamName: Match.stringLikeRegexp('_CloudTrail_') })]) }))
  .waitForAssertions(WAIT);
const files = integ.assertions.awsApiCall('S3', 'listObjectsV2', { Bucket: trail.bucket.bucket.bucketName, Prefix: 'AWSLogs/', MaxKeys: 1 })
  .expect(ExpectedResult.objectLike({ KeyCount: 1 }))
  .waitForAssertions(WAIT);
allowKeyUse(files);

// A CloudTrail configuration change (CloudWatch.5's filter: StartLogging) sets off its alarm.
const change = integ.assertions.awsApiCall('CloudTrail', 'startLogging', { Name: trail.trailName });
const cloudTrailChanges = trail.alarmsByControl['CloudWatch.5'];
const fired = integ.assertions.awsApiCall('CloudWatch', 'describeAlarmHistory', {
  AlarmName: cloudTrailChanges.alarmName,
  HistoryItemType: 'StateUpdate',
}).expect(ExpectedResult.objectLike({
  AlarmHistoryItems: Match.arrayWith([Match.objectLike({ HistorySummary: Match.stringLikeRegexp('to ALARM') })]),
})).waitForAssertions(WAIT);

status.next(stream).next(files).next(change).next(fired).next(alarmNotifiesItsTopic(integ, cloudTrailChanges));
