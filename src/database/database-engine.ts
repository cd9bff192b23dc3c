import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * The engine family, which decides the TLS parameter, the log exports and the
 * rotation function.
 */
export enum DatabaseEngineFamily {
  /** PostgreSQL and Aurora PostgreSQL. */
  POSTGRESQL = 'POSTGRESQL',
  /** MySQL and Aurora MySQL. */
  MYSQL = 'MYSQL',
}

/**
 * The database engine of a `MultiAzDatabase`: Aurora (a writer and readers in
 * a cluster) or an RDS Multi-AZ DB instance. Each factory takes an optional
 * version and defaults to one that RDS still creates databases with and that
 * RDS Proxy supports. A default moves to a newer version when RDS deprecates
 * it, so pass a version to pin one.
 */
export class DatabaseEngine {
  /**
   * Aurora PostgreSQL: a writer and readers across AZs.
   * @param version @default rds.AuroraPostgresEngineVersion.VER_17_9
   */
  public static auroraPostgres(version?: rds.AuroraPostgresEngineVersion): DatabaseEngine {
    const v = version ?? rds.AuroraPostgresEngineVersion.VER_17_9;
    return new DatabaseEngine('aurora-postgresql', DatabaseEngineFamily.POSTGRESQL, true, v.auroraPostgresFullVersion,
      rds.DatabaseClusterEngine.auroraPostgres({ version: v }), undefined);
  }

  /**
   * Aurora MySQL: a writer and readers across AZs, with backtracking.
   * @param version @default rds.AuroraMysqlEngineVersion.VER_3_10_4
   */
  public static auroraMysql(version?: rds.AuroraMysqlEngineVersion): DatabaseEngine {
    const v = version ?? rds.AuroraMysqlEngineVersion.VER_3_10_4;
    return new DatabaseEngine('aurora-mysql', DatabaseEngineFamily.MYSQL, true, v.auroraMysqlFullVersion,
      rds.DatabaseClusterEngine.auroraMysql({ version: v }), undefined);
  }

  /**
   * PostgreSQL on an RDS Multi-AZ DB instance (a standby in another AZ).
   * @param version @default rds.PostgresEngineVersion.VER_17_9
   */
  public static postgres(version?: rds.PostgresEngineVersion): DatabaseEngine {
    const v = version ?? rds.PostgresEngineVersion.VER_17_9;
    return new DatabaseEngine('postgres', DatabaseEngineFamily.POSTGRESQL, false, v.postgresFullVersion,
      undefined, rds.DatabaseInstanceEngine.postgres({ version: v }));
  }

  /**
   * MySQL on an RDS Multi-AZ DB instance (a standby in another AZ).
   * @param version @default rds.MysqlEngineVersion.VER_8_4_8
   */
  public static mysql(version?: rds.MysqlEngineVersion): DatabaseEngine {
    const v = version ?? rds.MysqlEngineVersion.VER_8_4_8;
    return new DatabaseEngine('mysql', DatabaseEngineFamily.MYSQL, false, v.mysqlFullVersion,
      undefined, rds.DatabaseInstanceEngine.mysql({ version: v }));
  }

  /** The RDS engine name, such as `aurora-postgresql` or `mysql`. */
  public readonly name: string;

  /** PostgreSQL or MySQL. */
  public readonly family: DatabaseEngineFamily;

  /** True for Aurora clusters, false for RDS Multi-AZ DB instances. */
  public readonly isAurora: boolean;

  /** The full engine version, such as `17.9`. */
  public readonly version: string;

  /**
   * The engine for `rds.DatabaseCluster` (Aurora only).
   * @internal
   */
  public readonly _clusterEngine?: rds.IClusterEngine;

  /**
   * The engine for `rds.DatabaseInstance` (RDS engines only).
   * @internal
   */
  public readonly _instanceEngine?: rds.IInstanceEngine;

  private constructor(name: string, family: DatabaseEngineFamily, isAurora: boolean, version: string,
    clusterEngine: rds.IClusterEngine | undefined, instanceEngine: rds.IInstanceEngine | undefined) {
    this.name = name;
    this.family = family;
    this.isAurora = isAurora;
    this.version = version;
    this._clusterEngine = clusterEngine;
    this._instanceEngine = instanceEngine;
  }

  /**
   * The port used when none is given: one above the engine's standard port,
   * because scanners and the cdk-nag packs flag the standard one.
   */
  public get defaultPort(): number {
    return this.family === DatabaseEngineFamily.POSTGRESQL ? 5433 : 3307;
  }

  /**
   * The parameter group's parameters: those that refuse unencrypted
   * connections and, for MySQL engines, the logs behind the exports. The slow
   * query log (queries over 1 second) is on, written to files so that it can
   * be exported (Aurora MySQL also writes its audit log, through advanced
   * auditing). The general log stays off: it writes every statement with its
   * literal values and slows the database ("MySQL database log files", RDS
   * User Guide); turn it on for a while when you need it, and the `general`
   * export delivers it.
   */
  public get parameters(): { [name: string]: string } {
    if (this.family === DatabaseEngineFamily.POSTGRESQL) {
      return { 'rds.force_ssl': '1' };
    }
    const logs = { general_log: '0', slow_query_log: '1', long_query_time: '1', log_output: 'FILE' };
    return this.isAurora
      ? { require_secure_transport: 'ON', server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL', ...logs }
      : { require_secure_transport: 'ON', ...logs };
  }

  /** The logs exported to CloudWatch Logs. */
  public get logExports(): string[] {
    if (this.family === DatabaseEngineFamily.POSTGRESQL) {
      return this.isAurora ? ['postgresql'] : ['postgresql', 'upgrade'];
    }
    // RDS MySQL writes the audit log through the MariaDB audit plugin (see `_auditOptionGroup`).
    return ['audit', 'error', 'general', 'slowquery'];
  }

  /**
   * The single-user rotation function: it keeps one user, so RDS Proxy, which
   * reads this secret, keeps working (multi-user rotation alternates users).
   * @internal
   */
  public get _rotationApplication(): secretsmanager.SecretRotationApplication {
    return this.family === DatabaseEngineFamily.POSTGRESQL
      ? secretsmanager.SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER
      : secretsmanager.SecretRotationApplication.MYSQL_ROTATION_SINGLE_USER;
  }

  /** @internal */
  public get _proxyEngineFamily(): string {
    return this.family === DatabaseEngineFamily.POSTGRESQL ? 'POSTGRESQL' : 'MYSQL';
  }
}
