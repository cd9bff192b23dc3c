/**
 * Cross-account replication: a ReplicaBucket in account 222222222222 receives
 * replicas from a source in account 111111111111, with ownership handed over.
 *
 * The replica stack deploys first; it grants the source's replication role
 * (whose name CDK generates because another account refers to it) and prints
 * its key ARN. KMS assigns key ARNs at deploy time, so the source imports the
 * key by that ARN; the one below stands for it. Compared offline by `npm test`.
 * A deployment needs both accounts (and that key ARN as context `replicaKeyArn`);
 * it asserts that an object written to the source reaches COMPLETED.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { objectReplicates } from './helpers';
import { ReplicaBucket, ReplicatedBucket } from '../src';

const sourceAccount = '111111111111';
const destinationAccount = '222222222222';
const region = 'us-east-1';
const app = new App();

const replicaStack = new Stack(app, 'ReplicatedBucketCrossAccountReplica', { env: { account: destinationAccount, region } });
const replica = new ReplicaBucket(replicaStack, 'UploadsReplica', { exportArns: true });

const sourceStack = new Stack(app, 'ReplicatedBucketCrossAccountSource', { env: { account: sourceAccount, region } });
const uploads = new ReplicatedBucket(sourceStack, 'Uploads', {
  destinations: [{
    bucket: replica.bucket,
    account: destinationAccount,
    encryptionKey: kms.Key.fromKeyArn(sourceStack, 'ReplicaKey',
      app.node.tryGetContext('replicaKeyArn') ?? `arn:aws:kms:${region}:${destinationAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
  }],
});

const integ = new IntegTest(app, 'ReplicatedBucketCrossAccountInteg', {
  testCases: [replicaStack, sourceStack],
  // The assertions read the source bucket, so they run in its account.
  assertionStack: new Stack(app, 'ReplicatedBucketCrossAccountAssertions', { env: { account: sourceAccount, region } }),
  diffAssets: true,
});
objectReplicates(integ, uploads.bucket, 'integ/handed-over.txt');
