/**
 * Cross-region replication: a ReplicaBucket in us-west-2 and the source in
 * us-east-1, one account. CDK carries the replica's ARNs to the source region
 * through SSM parameters (cross-region references). Compared offline by `npm test`;
 * deployed, it asserts that an object under `uploads/` is replicated (COMPLETED
 * in the source region) and that the replication alarms reach their topic.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { alarmNotifiesItsTopic, objectReplicates } from './helpers';
import { ReplicaBucket, ReplicatedBucket } from '../src';

const account = '111111111111';
const app = new App();

const replicaStack = new Stack(app, 'ReplicatedBucketCrossRegionReplica', { env: { account, region: 'us-west-2' } });
const replica = new ReplicaBucket(replicaStack, 'UploadsReplica');

const sourceStack = new Stack(app, 'ReplicatedBucketCrossRegionSource', {
  env: { account, region: 'us-east-1' },
  crossRegionReferences: true,
});
const uploads = new ReplicatedBucket(sourceStack, 'Uploads', {
  destinations: [{ bucket: replica.bucket, prefix: 'uploads/' }],
});

const integ = new IntegTest(app, 'ReplicatedBucketCrossRegionInteg', {
  testCases: [replicaStack, sourceStack],
  // The assertions read the source bucket, so they run in its environment.
  assertionStack: new Stack(app, 'ReplicatedBucketCrossRegionAssertions', { env: { account, region: 'us-east-1' } }),
  diffAssets: true,
});
objectReplicates(integ, uploads.bucket, 'uploads/integ.txt')
  .next(alarmNotifiesItsTopic(integ, uploads.alarms[0]));
