import { Duration, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { appFunction } from './app-function';
import { APPLICATION_USER, DATABASE_NAME } from './data-stack';
import { IngestDestination, IngestPipeline, IngestSource, MultiAzDatabase, ReplicatedBucket, ScheduledJob, ThreeTierVpc } from '../../../src';

export interface IngestStackProps extends StackProps {
  readonly network: ThreeTierVpc;
  readonly database: MultiAzDatabase;
  readonly uploads: ReplicatedBucket;
}

/** Where uploaded order files land: the ingest pipeline reads the keys under it. */
export const INGEST_PREFIX = 'incoming/';

/**
 * The uploads pipeline: CSV files of orders uploaded under `incoming/` in the
 * uploads bucket are parsed and inserted into the orders database as the
 * application user (handlers/ingest.ts), and a completion notice goes to the
 * pipeline's topic. A nightly job (handlers/purge.ts) deletes the pipeline's
 * records of uploads older than 90 days.
 */
export class IngestStack extends Stack {
  public readonly pipeline: IngestPipeline;
  public readonly purge: ScheduledJob;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, props);
    const { network, database, uploads } = props;
    const databaseName = { DB_NAME: DATABASE_NAME };

    const ingest = appFunction(this, 'IngestOrders', {
      network,
      handler: 'ingest',
      description: 'Inserts the orders of files uploaded under incoming/',
      environment: databaseName,
      timeout: Duration.seconds(60),
    });
    this.pipeline = new IngestPipeline(this, 'OrdersIngest', {
      source: IngestSource.fromReplicatedBucket(uploads),
      prefix: INGEST_PREFIX,
      suffixes: ['.csv'],
      processor: ingest,
      destination: IngestDestination.database(database, APPLICATION_USER),
      batchSize: 5,
    });

    const purge = appFunction(this, 'PurgeIngestRecords', {
      network,
      handler: 'purge',
      description: 'Deletes the ingest records older than 90 days',
      environment: { DB_ENDPOINT: database.endpoint, DB_PORT: String(database.port), DB_USER: APPLICATION_USER, ...databaseName },
    });
    database.grantConnect(purge, APPLICATION_USER);
    database.allowConnectionsFrom(purge);
    this.purge = new ScheduledJob(this, 'NightlyPurge', {
      function: purge,
      schedule: scheduler.ScheduleExpression.cron({ hour: '3', minute: '30', timeZone: TimeZone.ETC_UTC }),
      description: 'Nightly purge of the ingest pipeline\'s old records',
    });
  }
}
