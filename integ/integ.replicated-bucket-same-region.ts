/**
 * ReplicatedBucket with its defaults: a same-region ReplicaBucket beside the
 * source, in an environment-agnostic stack. Compared offline by `npm test`;
 * deployed by `npm run integ:deploy`, it asserts that an object written to
 * the source appears in the replica and that server access logs arrive.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { accessLogsArrive, objectReplicates } from './helpers';
import { ReplicatedBucket } from '../src';

const app = new App();
const stack = new Stack(app, 'ReplicatedBucketSameRegion');
const uploads = new ReplicatedBucket(stack, 'Uploads');

const integ = new IntegTest(app, 'ReplicatedBucketSameRegionInteg', {
  testCases: [stack],
  diffAssets: true,
});
objectReplicates(integ, uploads.bucket, 'integ/replicated.txt', uploads.defaultReplica!.bucket)
  .next(accessLogsArrive(integ, uploads.logBucket, `s3-access-logs/${uploads.bucket.node.path}/`));
