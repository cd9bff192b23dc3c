import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MultiAzDatabase, ReplicaBucket, ReplicatedBucket, ThreeTierVpc } from '../../../src';

/** The master user, which owns the schema and runs the migration; no function connects as it. */
export const MASTER_USER = 'webapp';

/**
 * The database user the handlers connect as: created by the migration
 * (migrations/001-schema-and-application-user.sql) with `rds_iam` and no
 * password, allowed to read and write the app's rows only. RDS Proxy signs it
 * in to the database with IAM (end-to-end IAM authentication).
 */
export const APPLICATION_USER = 'webapp_app';
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
      masterUsername: MASTER_USER,
    });
    // Where the migration connects (as the master user) and the functions (as the application user).
    new CfnOutput(this, 'DatabaseEndpoint', {
      value: this.database.endpoint,
      description: 'The RDS Proxy endpoint; run migrations/001-schema-and-application-user.sql through it as the master user',
    });
  }
}
