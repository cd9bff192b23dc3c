/**
 * Cross-region replication: a ReplicaBucket in us-west-2 and the source in
 * us-east-1, one account. CDK carries the replica's ARNs to the source region
 * through SSM parameters (cross-region references). Compared offline by `npm test`.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { ReplicaBucket, ReplicatedBucket } from '../src';

const account = '111111111111';
const app = new App();

const replicaStack = new Stack(app, 'ReplicatedBucketCrossRegionReplica', { env: { account, region: 'us-west-2' } });
const replica = new ReplicaBucket(replicaStack, 'UploadsReplica');

const sourceStack = new Stack(app, 'ReplicatedBucketCrossRegionSource', {
  env: { account, region: 'us-east-1' },
  crossRegionReferences: true,
});
new ReplicatedBucket(sourceStack, 'Uploads', {
  destinations: [{ bucket: replica.bucket, prefix: 'uploads/' }],
});

new IntegTest(app, 'ReplicatedBucketCrossRegionInteg', {
  testCases: [replicaStack, sourceStack],
  diffAssets: true,
});
