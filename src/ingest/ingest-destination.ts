import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SecureFunction } from '../compute/secure-function';
import { MultiAzDatabase } from '../database/multi-az-database';
import { SecureTable } from '../database/secure-table';

/** Where an `IngestPipeline`'s processor writes what it reads. */
export abstract class IngestDestination {
  /**
   * A `MultiAzDatabase`, as `dbUser` with IAM authentication (through its
   * proxy when it has one). The processor gets `rds-db:connect` for that
   * user, the connection from its security group is allowed, and it must
   * run in the database's VPC. The processor receives `DB_ENDPOINT`,
   * `DB_PORT` and `DB_USER`.
   *
   * @param database the database
   * @param dbUser the database user, which must exist with IAM authentication allowed (see `MultiAzDatabase.grantConnect`)
   */
  public static database(database: MultiAzDatabase, dbUser: string): IngestDestination {
    return new DatabaseDestination(database, dbUser);
  }

  /**
   * A `SecureTable`: the processor may write items (and use the table's key
   * through DynamoDB), and receives `TABLE_NAME`.
   */
  public static table(table: SecureTable): IngestDestination {
    return new TableDestination(table);
  }

  /**
   * Checks that `processor` can reach the destination, then grants it access
   * and tells it where the destination is.
   *
   * @internal
   */
  public abstract _validate(processor: SecureFunction): void;

  /** @internal */
  public abstract _bind(processor: SecureFunction): void;
}

class DatabaseDestination extends IngestDestination {
  constructor(private readonly database: MultiAzDatabase, private readonly dbUser: string) {
    super();
  }

  public _validate(processor: SecureFunction): void {
    if (processor.vpc !== this.database.vpc) {
      throw new Error(`\`processor\` must run in the database's VPC (${this.database.vpc.node.path}) to connect to ${this.database.node.path}, ` +
        `got a function in ${processor.vpc.node.path}.`);
    }
  }

  public _bind(processor: SecureFunction): void {
    this.database.grantConnect(processor, this.dbUser);
    this.database.allowConnectionsFrom(processor);
    processor.addEnvironment('DB_ENDPOINT', this.database.endpoint);
    processor.addEnvironment('DB_PORT', String(this.database.port));
    processor.addEnvironment('DB_USER', this.dbUser);
  }
}

class TableDestination extends IngestDestination {
  constructor(private readonly table: SecureTable) {
    super();
  }

  public _validate(_processor: SecureFunction): void {}

  public _bind(processor: SecureFunction): void {
    this.table.grantWriteData(processor);
    // DynamoDB's API over HTTPS, through a gateway endpoint or the NAT gateway.
    processor.connections.allowToAnyIpv4(ec2.Port.tcp(443), 'DynamoDB over HTTPS');
    processor.addEnvironment('TABLE_NAME', this.table.tableName);
  }
}
