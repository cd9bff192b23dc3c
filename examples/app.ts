/**
 * The example app a new user runs first: the network a three-tier web
 * application stands on, and the replicated bucket its uploads go to. `npm run example` synthesizes it into cdk.out with no
 * AWS account and prints a compliance summary (see run.ts).
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ReplicatedBucket, ThreeTierVpc } from '../src';

export class NetworkStack extends Stack {
  public readonly network: ThreeTierVpc;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.network = new ThreeTierVpc(this, 'Network', {
      // Secret rotation and other AWS API calls from the isolated data tier
      // need private endpoints; the application tier hosts them.
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    });
  }
}

export class DataStack extends Stack {
  public readonly uploads: ReplicatedBucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // Versioned, KMS-encrypted, access-logged, and replicated to a hardened
    // ReplicaBucket beside it (the default when no destination is given).
    this.uploads = new ReplicatedBucket(this, 'Uploads');
  }
}

/** Adds the example's stacks to `app` and returns them. */
export function buildExampleApp(app: App): Stack[] {
  return [new NetworkStack(app, 'PavedRoadNetwork'), new DataStack(app, 'PavedRoadData')];
}
