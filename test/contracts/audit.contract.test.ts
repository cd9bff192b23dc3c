/**
 * Service-access contracts of AuditTrail: what CloudTrail, S3 replication,
 * CloudWatch Logs and CloudWatch do at run time, evaluated against the
 * synthesized policies, with a PermissionsBoundary applied to the app that
 * protects the trail (`protectAuditTrail`). And what a role of the app below
 * the boundary may not do to the trail and its destinations, even with an
 * identity policy that allows everything.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { alarmTopicContracts, Contract, describeContracts, SynthesizedAccount } from './account';
import { AuditTrail, PermissionsBoundary } from '../../src';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const OTHER_ACCOUNT = '999999999999';

const app = new App();
// The boundary beside the trail, as the three-tier example builds them (a boundary in a stack of its own cannot protect the
// trail: its deny would name the trail's resources, in a stack that deploys after the boundary's).
const stack = new Stack(app, 'Audit', { env: ENV });
const boundary = new PermissionsBoundary(stack, 'Boundary', { services: ['s3', 'kms', 'logs', 'cloudtrail', 'sns'] });
const trail = new AuditTrail(stack, 'Trail', { trailName: 'audit' });
boundary.protectAuditTrail(trail);
// A role of the app below the boundary whose own policy allows every action on every resource: whatever it is refused on
// the trail, the boundary refuses.
new iam.Role(stack, 'Operator', {
  assumedBy: new iam.AccountRootPrincipal(),
  inlinePolicies: { Everything: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] }) },
});
// Resources that are not the trail's, on which the same requests stay allowed.
new s3.Bucket(stack, 'Scratch');
new logs.LogGroup(stack, 'ScratchLogs');
new kms.Key(stack, 'ScratchKey');
boundary.applyTo(app);
const account = new SynthesizedAccount(app);

const TRAIL = `arn:aws:cloudtrail:${ENV.region}:${ENV.account}:trail/audit`;
const OTHER_TRAIL = `arn:aws:cloudtrail:${ENV.region}:${ENV.account}:trail/other`;
const OTHER_ACCOUNTS_TRAIL = `arn:aws:cloudtrail:${ENV.region}:${OTHER_ACCOUNT}:trail/audit`;
const bucket = account.arnOf('AWS::S3::Bucket', 'TrailBucket');
const key = account.arnOf('AWS::KMS::Key', 'TrailKey');
const logGroup = account.logGroupArnOf('TrailLogGroup');
const logStream = `${logGroup}:log-stream:${ENV.account}_CloudTrail_${ENV.region}`;
const logFile = `${bucket}/AWSLogs/${ENV.account}/CloudTrail/${ENV.region}/2026/06/15/${ENV.account}_CloudTrail_${ENV.region}_20260615T1200Z.json.gz`;
const topic = account.arnOf('AWS::SNS::Topic', 'TrailAlarmTopic');
const topicKey = account.arnOf('AWS::KMS::Key', 'TrailAlarmTopicKey');
const alarm = account.arnOf('AWS::CloudWatch::Alarm', 'TrailCloudWatch1Alarm');
const scratchBucket = account.arnOf('AWS::S3::Bucket', 'Scratch');
const scratchLogGroup = account.logGroupArnOf('ScratchLogs');
const scratchKey = account.arnOf('AWS::KMS::Key', 'ScratchKey');

const cloudTrail = { service: 'cloudtrail.amazonaws.com' };
const cloudWatch = { service: 'cloudwatch.amazonaws.com' };
const role = (logicalIdPrefix: string) => ({ role: { logicalIdPrefix, stack: 'Audit' } });
const logsRole = role('TrailCloudWatchLogsRole');
const replication = role('TrailBucketReplicationRole');
const operator = role('Operator');
const forTrail = (trailArn: string) => ({ 'aws:SourceArn': trailArn });
const delivering = (trailArn: string) => ({ 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn });
const encryptingFor = (trailArn: string) => ({ 'aws:SourceArn': trailArn, 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn });

const S3_POLICY = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html';
const KMS_POLICY = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html';
const LOGS_ROLE = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html';
const LOG_STREAMS = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html';
const S3_REPLICATION_KMS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html';
const SNS_ENCRYPTED = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services';
const ALARM_ACTIONS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html';
const BOUNDARIES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html';

const LOGS_KMS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html';
const cloudWatchLogs = { service: `logs.${ENV.region}.amazonaws.com` };

const ALLOWED: Contract[] = [
  {
    title: 'CloudWatch Logs encrypts the trail\'s log group with the trail\'s key',
    source: LOGS_KMS,
    caller: cloudWatchLogs,
    action: 'kms:GenerateDataKey',
    resource: key,
    context: { 'kms:EncryptionContext:aws:logs:arn': logGroup },
  },
  {
    title: 'CloudTrail checks the bucket ACL for this trail',
    source: S3_POLICY,
    caller: cloudTrail,
    action: 's3:GetBucketAcl',
    resource: bucket,
    context: forTrail(TRAIL),
  },
  {
    title: 'CloudTrail writes a log file of this trail under AWSLogs/<account>/ with bucket-owner-full-control',
    source: S3_POLICY,
    caller: cloudTrail,
    action: 's3:PutObject',
    resource: `${bucket}/AWSLogs/${ENV.account}/x.json.gz`,
    context: delivering(TRAIL),
  },
  {
    title: 'CloudTrail makes a data key for this trail\'s log files in its encryption context',
    source: KMS_POLICY,
    caller: cloudTrail,
    action: 'kms:GenerateDataKey',
    resource: key,
    context: encryptingFor(TRAIL),
  },
  {
    title: 'CloudTrail describes the trail\'s key for this trail',
    source: KMS_POLICY,
    caller: cloudTrail,
    action: 'kms:DescribeKey',
    resource: key,
    context: forTrail(TRAIL),
  },
  {
    title: 'CloudTrail assumes the role it delivers to CloudWatch Logs with',
    source: LOGS_ROLE,
    caller: cloudTrail,
    action: 'sts:AssumeRole',
    resource: account.arnOf('AWS::IAM::Role', 'TrailCloudWatchLogsRole'),
  },
  {
    title: 'the logs role (below the boundary) creates the trail\'s log stream of this region',
    source: LOG_STREAMS,
    caller: logsRole,
    action: 'logs:CreateLogStream',
    resource: logStream,
  },
  {
    title: 'the logs role (below the boundary) puts the trail\'s events into that stream',
    source: LOG_STREAMS,
    caller: logsRole,
    action: 'logs:PutLogEvents',
    resource: logStream,
  },
  {
    title: 'the replication role (below the boundary) decrypts a CloudTrail log file through S3 to replicate it',
    source: S3_REPLICATION_KMS,
    caller: replication,
    action: 'kms:Decrypt',
    resource: key,
    context: { 'kms:ViaService': `s3.${ENV.region}.amazonaws.com`, 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL },
  },
  ...alarmTopicContracts('a security', { topic, topicKey, alarm, account: ENV.account }),
  {
    title: 'CloudWatch decrypts with the key of the security alarm topic',
    source: SNS_ENCRYPTED,
    caller: cloudWatch,
    action: 'kms:Decrypt',
    resource: topicKey,
    context: { 'aws:SourceArn': alarm, 'aws:SourceAccount': ENV.account },
  },
];

const REFUSED: Contract[] = [
  {
    title: 'CloudWatch Logs uses the trail\'s key for another account\'s log group',
    source: LOGS_KMS,
    caller: cloudWatchLogs,
    action: 'kms:GenerateDataKey',
    resource: key,
    context: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${ENV.region}:${OTHER_ACCOUNT}:log-group:theirs` },
  },
  {
    title: 'CloudTrail checks the bucket ACL for another trail',
    source: S3_POLICY,
    caller: cloudTrail,
    action: 's3:GetBucketAcl',
    resource: bucket,
    context: forTrail(OTHER_TRAIL),
  },
  {
    title: 'CloudTrail writes a log file of another trail of the account into the bucket',
    source: S3_POLICY,
    caller: cloudTrail,
    action: 's3:PutObject',
    resource: `${bucket}/AWSLogs/${ENV.account}/x.json.gz`,
    context: delivering(OTHER_TRAIL),
  },
  {
    title: 'CloudTrail writes a log file of this trail without the bucket-owner-full-control ACL',
    source: S3_POLICY,
    caller: cloudTrail,
    action: 's3:PutObject',
    resource: `${bucket}/AWSLogs/${ENV.account}/x.json.gz`,
    context: forTrail(TRAIL),
  },
  {
    title: 'CloudTrail writes a log file of this trail outside AWSLogs/<account>/',
    source: S3_POLICY,
    caller: cloudTrail,
    action: 's3:PutObject',
    resource: `${bucket}/AWSLogs/${OTHER_ACCOUNT}/x.json.gz`,
    context: delivering(TRAIL),
  },
  {
    title: 'CloudTrail writes a log file of this trail at the top of the bucket',
    source: S3_POLICY,
    caller: cloudTrail,
    action: 's3:PutObject',
    resource: `${bucket}/x.json.gz`,
    context: delivering(TRAIL),
  },
  {
    title: 'CloudTrail makes a data key for another account\'s trail',
    source: KMS_POLICY,
    caller: cloudTrail,
    action: 'kms:GenerateDataKey',
    resource: key,
    context: encryptingFor(OTHER_ACCOUNTS_TRAIL),
  },
  {
    title: 'CloudTrail makes a data key for another trail of the account',
    source: KMS_POLICY,
    caller: cloudTrail,
    action: 'kms:GenerateDataKey',
    resource: key,
    context: encryptingFor(OTHER_TRAIL),
  },
  {
    title: 'CloudTrail makes a data key for this trail in the encryption context of another account\'s trail',
    source: KMS_POLICY,
    caller: cloudTrail,
    action: 'kms:GenerateDataKey',
    resource: key,
    context: { 'aws:SourceArn': TRAIL, 'kms:EncryptionContext:aws:cloudtrail:arn': OTHER_ACCOUNTS_TRAIL },
  },
  {
    title: 'CloudTrail describes the trail\'s key for another trail',
    source: KMS_POLICY,
    caller: cloudTrail,
    action: 'kms:DescribeKey',
    resource: key,
    context: forTrail(OTHER_TRAIL),
  },
  {
    title: 'another service assumes the logs role',
    source: LOGS_ROLE,
    caller: { service: 'lambda.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: account.arnOf('AWS::IAM::Role', 'TrailCloudWatchLogsRole'),
  },
  {
    title: 'the logs role puts events into a stream named for another account',
    source: LOG_STREAMS,
    caller: logsRole,
    action: 'logs:PutLogEvents',
    resource: `${logGroup}:log-stream:${OTHER_ACCOUNT}_CloudTrail_${ENV.region}`,
  },
  {
    title: 'the logs role puts events into another log group',
    source: LOG_STREAMS,
    caller: logsRole,
    action: 'logs:PutLogEvents',
    resource: `${scratchLogGroup}:log-stream:${ENV.account}_CloudTrail_${ENV.region}`,
  },
  {
    title: 'the replication role decrypts with the trail\'s key directly, not through S3',
    source: S3_REPLICATION_KMS,
    caller: replication,
    action: 'kms:Decrypt',
    resource: key,
    context: { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL },
  },
  {
    title: 'CloudWatch publishes an alarm of another account to the security alarm topic',
    source: ALARM_ACTIONS,
    caller: cloudWatch,
    action: 'sns:Publish',
    resource: topic,
    context: { 'aws:SourceArn': `arn:aws:cloudwatch:${ENV.region}:${OTHER_ACCOUNT}:alarm:theirs`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  {
    title: 'CloudWatch uses the key of the security alarm topic for an alarm of another account',
    source: SNS_ENCRYPTED,
    caller: cloudWatch,
    action: 'kms:GenerateDataKey',
    resource: topicKey,
    context: { 'aws:SourceArn': `arn:aws:cloudwatch:${ENV.region}:${OTHER_ACCOUNT}:alarm:theirs`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
];

describeContracts('AuditTrail', account, ALLOWED, REFUSED);

/** What the operator role below the boundary tries on the trail and its destinations, each denied by one of the boundary's statements. */
const DENIED_BY_THE_BOUNDARY: Contract[] = [
  { title: 'delete the trail bucket\'s policy', source: BOUNDARIES, caller: operator, action: 's3:DeleteBucketPolicy', resource: bucket },
  { title: 'put a bucket policy on the trail bucket', source: BOUNDARIES, caller: operator, action: 's3:PutBucketPolicy', resource: bucket },
  {
    title: 'change the trail bucket\'s Object Lock configuration',
    source: BOUNDARIES,
    caller: operator,
    action: 's3:PutBucketObjectLockConfiguration',
    resource: bucket,
  },
  {
    title: 'change the trail bucket\'s replication',
    source: BOUNDARIES,
    caller: operator,
    action: 's3:PutReplicationConfiguration',
    resource: bucket,
  },
  { title: 'delete a version of a log file', source: BOUNDARIES, caller: operator, action: 's3:DeleteObjectVersion', resource: logFile },
  { title: 'overwrite a log file', source: BOUNDARIES, caller: operator, action: 's3:PutObject', resource: logFile },
  { title: 'delete the trail\'s log group', source: BOUNDARIES, caller: operator, action: 'logs:DeleteLogGroup', resource: logGroup },
  {
    title: 'shorten the retention of the trail\'s log group',
    source: BOUNDARIES,
    caller: operator,
    action: 'logs:PutRetentionPolicy',
    resource: logGroup,
  },
  {
    title: 'delete a log stream of the trail\'s log group',
    source: BOUNDARIES,
    caller: operator,
    action: 'logs:DeleteLogStream',
    resource: logStream,
  },
  { title: 'schedule the deletion of the trail\'s key', source: BOUNDARIES, caller: operator, action: 'kms:ScheduleKeyDeletion', resource: key },
  { title: 'replace the policy of the trail\'s key', source: BOUNDARIES, caller: operator, action: 'kms:PutKeyPolicy', resource: key },
  { title: 'disable the trail\'s key', source: BOUNDARIES, caller: operator, action: 'kms:DisableKey', resource: key },
  { title: 'stop the trail\'s logging', source: BOUNDARIES, caller: operator, action: 'cloudtrail:StopLogging', resource: TRAIL },
  { title: 'delete the trail', source: BOUNDARIES, caller: operator, action: 'cloudtrail:DeleteTrail', resource: TRAIL },
  { title: 'change the trail\'s event selectors', source: BOUNDARIES, caller: operator, action: 'cloudtrail:PutEventSelectors', resource: TRAIL },
];

/** The same operator, on resources that are not the trail's, and reading the trail's: the boundary lets these through. */
const LET_THROUGH: Contract[] = [
  { title: 'delete another bucket\'s policy', source: BOUNDARIES, caller: operator, action: 's3:DeleteBucketPolicy', resource: scratchBucket },
  { title: 'put a bucket policy on another bucket', source: BOUNDARIES, caller: operator, action: 's3:PutBucketPolicy', resource: scratchBucket },
  {
    title: 'change another bucket\'s Object Lock configuration',
    source: BOUNDARIES,
    caller: operator,
    action: 's3:PutBucketObjectLockConfiguration',
    resource: scratchBucket,
  },
  { title: 'delete another log group', source: BOUNDARIES, caller: operator, action: 'logs:DeleteLogGroup', resource: scratchLogGroup },
  { title: 'schedule the deletion of another key', source: BOUNDARIES, caller: operator, action: 'kms:ScheduleKeyDeletion', resource: scratchKey },
  { title: 'replace the policy of another key', source: BOUNDARIES, caller: operator, action: 'kms:PutKeyPolicy', resource: scratchKey },
  { title: 'read a log file', source: BOUNDARIES, caller: operator, action: 's3:GetObject', resource: logFile },
  { title: 'decrypt with the trail\'s key', source: BOUNDARIES, caller: operator, action: 'kms:Decrypt', resource: key },
  { title: 'search the trail\'s log group', source: BOUNDARIES, caller: operator, action: 'logs:FilterLogEvents', resource: logGroup },
  { title: 'read the trail\'s status', source: BOUNDARIES, caller: operator, action: 'cloudtrail:GetTrailStatus', resource: TRAIL },
];

describe('AuditTrail: a role below the boundary, whose own policy allows everything', () => {
  test.each(DENIED_BY_THE_BOUNDARY.map((c) => [c.title, c]))('may not %s: the boundary denies it explicitly', async (_title, contract) => {
    expect(await account.evaluate(contract)).toBe('ExplicitlyDenied');
  });

  test.each(LET_THROUGH.map((c) => [c.title, c]))('may %s', async (_title, contract) => {
    expect(await account.evaluate(contract)).toBe('Allowed');
  });
});
