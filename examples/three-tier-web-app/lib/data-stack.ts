import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MultiAzDatabase, ReplicaBucket, ReplicatedBucket, ThreeTierVpc } from '../../../src';

/**
 * The database user the handlers connect as. RDS Proxy signs users in with the
 * secrets registered with it, and MultiAzDatabase registers the master user's
 * secret, so this is the master user; IAM authentication means the functions
 * never see its password (see the README for a dedicated application user).
 */
export const DATABASE_USER = 'webapp';
export const DATABASE_NAME = 'webapp';

export interface DataStackProps extends StackProps {
  readonly network: ThreeTierVpc;
  readonly replica: ReplicaBucket;
}

/** Aurora PostgreSQL behind RDS Proxy in the data tier, and the uploads bucket replicated to the second region. */
export class DataStack extends Stack {
  public readonly uploads: ReplicatedBucket;
  public readonly database: MultiAzDatabase;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    // The replica's ARNs come from the other region through SSM parameters.
    super(scope, id, { ...props, crossRegionReferences: true });
    this.uploads = new ReplicatedBucket(this, 'Uploads', {
      destinations: [{ bucket: props.replica.bucket }],
    });
    this.database = new MultiAzDatabase(this, 'Database', {
      vpc: props.network.vpc,
      databaseName: DATABASE_NAME,
      masterUsername: DATABASE_USER,
    });
  }
}
