/**
 * ReplicatedBucket with its defaults: a same-region ReplicaBucket beside the
 * source, in an environment-agnostic stack. Compared offline by `npm test`.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { ReplicatedBucket } from '../src';

const app = new App();
const stack = new Stack(app, 'ReplicatedBucketSameRegion');
new ReplicatedBucket(stack, 'Uploads');

new IntegTest(app, 'ReplicatedBucketSameRegionInteg', {
  testCases: [stack],
  diffAssets: true,
});
