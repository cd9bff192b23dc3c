import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ReplicaBucket } from '../../../src';

/** The uploads replica in the second region: versioned, KMS-encrypted, object-locked, access-logged. */
export class ReplicaStack extends Stack {
  public readonly replica: ReplicaBucket;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.replica = new ReplicaBucket(this, 'UploadsReplica');
  }
}
