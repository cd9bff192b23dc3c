/**
 * Service-access contracts of ReplicatedBucket and ReplicaBucket: what S3 log
 * delivery, S3 replication, CloudWatch and CloudWatch Logs do at run time,
 * evaluated against the synthesized policies.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Contract, describeContracts, SynthesizedAccount } from './account';
import { ReplicaBucket, ReplicatedBucket } from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const REPLICA_ENV = { account: '111111111111', region: 'eu-central-1' };

const app = new App();
const replicaStack = new Stack(app, 'Replica', { env: REPLICA_ENV, crossRegionReferences: true });
const replica = new ReplicaBucket(replicaStack, 'Replica');
const stack = new Stack(app, 'Storage', { env: ENV, crossRegionReferences: true });
new ReplicatedBucket(stack, 'Uploads', { destinations: [{ bucket: replica.bucket, encryptionKey: replica.encryptionKey }] });
const account = new SynthesizedAccount(app);

const BUCKET = 'AWS::S3::Bucket';
const source = account.arnOf(BUCKET, 'Uploads', 'Storage');
const sourceLogs = account.arnOf(BUCKET, 'UploadsAccessLogBucket', 'Storage');
const destination = account.arnOf(BUCKET, 'Replica', 'Replica');
const sourceKey = account.arnOf('AWS::KMS::Key', 'UploadsKey', 'Storage');
const destinationKey = account.arnOf('AWS::KMS::Key', 'ReplicaKey', 'Replica');
const topic = account.arnOf('AWS::SNS::Topic', 'UploadsAlarmTopic', 'Storage');
const topicKey = account.arnOf('AWS::KMS::Key', 'UploadsAlarmTopicKey', 'Storage');
const alarm = account.arnOf('AWS::CloudWatch::Alarm', 'UploadsReplicationLatency', 'Storage');
const replication = { role: { logicalIdPrefix: 'UploadsReplicationRole', stack: 'Storage' } };
const fromS3 = (region: string) => ({ 'kms:ViaService': `s3.${region}.amazonaws.com` });

const S3_LOGGING = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general';
const S3_REPLICATION = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html';
const S3_REPLICATION_KMS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html';
const SNS_ENCRYPTED = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services';
const ALARM_ACTIONS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html';

const CONTRACTS: Contract[] = [
  {
    title: 'S3 log delivery writes the source bucket\'s access logs into its log bucket',
    source: S3_LOGGING,
    caller: { service: 'logging.s3.amazonaws.com' },
    action: 's3:PutObject',
    resource: `${sourceLogs}/s3-access-logs/Storage/Uploads/Resource/2026-12-02-10-00-00-ABCDEF`,
    context: { 'aws:SourceArn': source, 'aws:SourceAccount': ENV.account },
  },
  {
    title: 'S3 replication reads the source bucket\'s replication configuration',
    source: S3_REPLICATION,
    caller: replication,
    action: 's3:GetReplicationConfiguration',
    resource: source,
  },
  {
    title: 'S3 replication lists the source bucket',
    source: S3_REPLICATION,
    caller: replication,
    action: 's3:ListBucket',
    resource: source,
  },
  {
    title: 'S3 replication reads an object version to replicate',
    source: S3_REPLICATION,
    caller: replication,
    action: 's3:GetObjectVersionForReplication',
    resource: `${source}/orders/1.json`,
  },
  {
    title: 'S3 replication writes the replica',
    source: S3_REPLICATION,
    caller: replication,
    action: 's3:ReplicateObject',
    resource: `${destination}/orders/1.json`,
  },
  {
    title: 'S3 replication replicates a delete marker',
    source: S3_REPLICATION,
    caller: replication,
    action: 's3:ReplicateDelete',
    resource: `${destination}/orders/1.json`,
  },
  {
    title: 'S3 replication decrypts the source object with the source key, through S3',
    source: S3_REPLICATION_KMS,
    caller: replication,
    action: 'kms:Decrypt',
    resource: sourceKey,
    context: { ...fromS3(ENV.region), 'kms:EncryptionContext:aws:s3:arn': `${source}/orders/1.json` },
  },
  {
    title: 'S3 replication encrypts the replica with the destination key, through S3 in its region',
    source: S3_REPLICATION_KMS,
    caller: replication,
    action: 'kms:Encrypt',
    resource: destinationKey,
    context: { ...fromS3(REPLICA_ENV.region), 'kms:EncryptionContext:aws:s3:arn': `${destination}/orders/1.json` },
  },
  {
    title: 'CloudWatch publishes the replication alarm to the alarm topic',
    source: ALARM_ACTIONS,
    caller: { service: 'cloudwatch.amazonaws.com' },
    action: 'sns:Publish',
    resource: topic,
    context: { 'aws:SourceArn': alarm, 'aws:SourceAccount': ENV.account },
  },
  {
    title: 'CloudWatch generates a data key with the alarm topic\'s key',
    source: SNS_ENCRYPTED,
    caller: { service: 'cloudwatch.amazonaws.com' },
    action: 'kms:GenerateDataKey',
    resource: topicKey,
    context: { 'aws:SourceArn': alarm, 'aws:SourceAccount': ENV.account },
  },
  {
    title: 'CloudWatch decrypts with the alarm topic\'s key',
    source: SNS_ENCRYPTED,
    caller: { service: 'cloudwatch.amazonaws.com' },
    action: 'kms:Decrypt',
    resource: topicKey,
    context: { 'aws:SourceArn': alarm, 'aws:SourceAccount': ENV.account },
  },
];

/** The same requests, made for someone else: the conditions that scope each grant must refuse them. */
const REFUSED: Contract[] = [
  {
    title: 'S3 log delivery writes another bucket\'s logs into this log bucket',
    source: S3_LOGGING,
    caller: { service: 'logging.s3.amazonaws.com' },
    action: 's3:PutObject',
    resource: `${sourceLogs}/s3-access-logs/Storage/Uploads/Resource/2026-12-02-10-00-00-ABCDEF`,
    context: { 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket', 'aws:SourceAccount': ENV.account },
  },
  {
    title: 'CloudWatch publishes another account\'s alarm to the alarm topic',
    source: ALARM_ACTIONS,
    caller: { service: 'cloudwatch.amazonaws.com' },
    action: 'sns:Publish',
    resource: topic,
    context: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:theirs', 'aws:SourceAccount': '222222222222' },
  },
  {
    title: 'S3 replication decrypts an object of another bucket with the source key',
    source: S3_REPLICATION_KMS,
    caller: replication,
    action: 'kms:Decrypt',
    resource: sourceKey,
    context: { ...fromS3(ENV.region), 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::someone-elses-bucket/secret.json' },
  },
];

describeContracts('ReplicatedBucket and ReplicaBucket', account, CONTRACTS, REFUSED);
