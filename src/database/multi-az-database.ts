import { Annotations, ArnFormat, CfnResource, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DatabaseEngine } from './database-engine';
import { acknowledgeNagRules, flattenLikeCdkNag } from '../core/acknowledge';
import { AlarmOptions } from '../core/alarm-options';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../core/encryption';
import { LogOptions } from '../core/log-options';
import { grantWithManagedPolicy } from '../core/managed-policy-grant';
import { PavedRoadOptions } from '../core/paved-road-options';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { AlarmSpec, createAlarmSet } from '../private/alarm-set';
import { createDatabaseBackend, DatabaseBackend } from '../private/database-backend';
import { addDatabaseBackup } from '../private/database-backup';
import { DATABASE_ALARM_PERIOD, DatabasePlan, MAX_IDENTIFIER_LENGTH, planDatabase } from '../private/database-plan';
import { securityGroupDescription } from '../private/descriptions';
import { graphWidgets } from '../private/monitoring-widgets';
import { uniquePhysicalName } from '../private/physical-name';
import { checkSecurityGroupRuleQuota } from '../private/quotas';
import { createRetainedLogGroup } from '../private/retained-log-group';
import { createServiceRole } from '../private/service-role';

const DEFAULT_ROTATION_DAYS = 30;

/**
 * Properties of a `MultiAzDatabase`.
 */
export interface MultiAzDatabaseProps extends PavedRoadOptions {
  /** The VPC to place the database, its proxy and its rotation function in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets for the database, the proxy and the rotation function. They
   * must span at least 2 AZs and must not be public.
   *
   * @default - the VPC's isolated subnets (`ThreeTierVpc.dataSubnets`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The DB cluster identifier (Aurora) or DB instance identifier. It also
   * names the Aurora instances (`<identifier>-writer`, `<identifier>-reader1`,
   * ...), the proxy (`<identifier>-proxy`) and the exported log groups
   * (`/aws/rds/cluster/<identifier>/<log>`). Lowercase letters, digits and
   * single hyphens, starting with a letter, at most 50 characters.
   *
   * Give one only to keep a database that already has that identifier: RDS
   * identifiers are unique per account and region, and a fixed one blocks a
   * replacement of the database and a re-deployment of the stack while the
   * retained log groups of a destroyed copy exist.
   *
   * @default - a name from the construct path and the first 8 hex digits of
   * the stack's id, unique to each stack instance and stable across updates
   */
  readonly identifier?: string;

  /**
   * The engine.
   *
   * @default DatabaseEngine.auroraPostgres()
   */
  readonly engine?: DatabaseEngine;

  /**
   * Aurora readers, each in a different AZ from the writer where the subnets
   * allow. Aurora only: RDS engines run as Multi-AZ DB instances with a standby.
   *
   * @default - 2 for Aurora (PRODUCTION profile), 1 (DEVELOPMENT)
   */
  readonly readers?: number;

  /**
   * The instance type of the writer, the readers or the Multi-AZ instance.
   *
   * @default - r6g.large for Aurora, m6g.large for RDS engines (PRODUCTION profile); t4g.medium (DEVELOPMENT)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The port the database and the proxy listen on; between 1150 and 65535.
   *
   * @default - 5433 for PostgreSQL engines, 3307 for MySQL engines (not the engine's well-known port)
   */
  readonly port?: number;

  /**
   * The name of a database to create.
   *
   * @default - none; only the engine's default database exists
   */
  readonly databaseName?: string;

  /**
   * How long automated backups are kept; 1 to 35 days.
   *
   * @default Duration.days(14)
   */
  readonly backupRetention?: Duration;

  /**
   * Put RDS Proxy in front of the database. Clients then connect to the proxy
   * with IAM authentication and TLS, and `endpoint`, `connections` and
   * `grantConnect` refer to it.
   *
   * @default true
   */
  readonly proxy?: boolean;

  /**
   * The alarms, each notifying the topic when it fires and when it returns to
   * OK, over 5-minute periods. Names and defaults: `CpuUtilization` (average
   * CPU above 80 % for 3 periods), `FreeableMemory` (below 256 MiB, in bytes,
   * for 3), `DatabaseConnections` (more than 500 for 3), and `ReplicaLag`
   * (Aurora: above 1,000 ms for 3) or `FreeStorageSpace` (instances: below
   * 10 GiB, in bytes, for 3). The same in both profiles: an alarm that stays
   * quiet in development says nothing about production.
   *
   * @default - all five on, notifying a new KMS-encrypted, TLS-only topic
   */
  readonly alarms?: AlarmOptions;

  /**
   * The key that encrypts storage, Performance Insights, the secret, the
   * backups and the exported logs. A given key must allow CloudWatch Logs.
   *
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The master user's name. Its password is generated into Secrets Manager.
   *
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;

  /**
   * How often the master password is rotated.
   *
   * @default Duration.days(30)
   */
  readonly secretRotationInterval?: Duration;

  /**
   * The Secrets Manager interface endpoint the rotation function calls. The
   * function runs in the database subnets, which have no route out. An
   * `InterfaceVpcEndpoint` of this app is called by its endpoint-specific DNS
   * name; an imported endpoint must have private DNS on, since the function
   * then calls the regional Secrets Manager name.
   *
   * @default - a new endpoint in the database subnets, without private DNS so
   * that it never conflicts with an endpoint the VPC already has; only the
   * rotation function may reach it
   */
  readonly secretsManagerEndpoint?: ec2.IInterfaceVpcEndpoint;

  /**
   * The log groups of the exported database logs.
   *
   * @default - kept a year, encrypted with `encryptionKey` when the database
   * creates its key, else with a new key that CloudWatch Logs may use
   */
  readonly logs?: LogOptions;

  /**
   * Storage of an RDS Multi-AZ instance, in GiB. Ignored for Aurora.
   *
   * @default 100
   */
  readonly allocatedStorageGiB?: number;

  /**
   * Back the database up with AWS Backup as well (daily, kept 35 days, in a
   * vault encrypted with `encryptionKey`), in addition to RDS automated backups.
   *
   * @default true
   */
  readonly awsBackup?: boolean;

}


/**
 * A Multi-AZ relational database behind RDS Proxy, reachable only from the
 * peers you allow: Aurora (a writer and readers across AZs) or an RDS Multi-AZ
 * DB instance, in subnets with no route to the internet.
 *
 * Storage, Performance Insights, the secret, the logs and the backups are
 * encrypted with a customer-managed key; TLS is forced by parameter group and
 * by the proxy; IAM authentication is on; the master password lives in Secrets
 * Manager and rotates every 30 days.
 */
export class MultiAzDatabase extends Construct implements IMonitored, ec2.IConnectable {
  /** The engine. */
  public readonly engine: DatabaseEngine;

  /** Where clients connect: the proxy's endpoint, or the writer's when `proxy` is false. */
  public readonly endpoint: string;

  /**
   * Where read-only clients connect: the proxy's read-only endpoint (Aurora),
   * the cluster's reader endpoint (Aurora without proxy), or the same as
   * `endpoint` for an RDS Multi-AZ instance, whose standby does not serve reads.
   */
  public readonly readerEndpoint: string;

  /** The port clients connect to. */
  public readonly port: number;

  /** The master user's secret (username, password, host, port), encrypted with `encryptionKey`. */
  public readonly secret: secretsmanager.ISecret;

  /** The proxy, when `proxy` is on. */
  public readonly proxy?: rds.IDatabaseProxy;

  /** The Aurora cluster, for Aurora engines. */
  public readonly cluster?: rds.IDatabaseCluster;

  /** The Multi-AZ DB instance, for RDS engines. */
  public readonly instance?: rds.IDatabaseInstance;

  /** The key that encrypts the database and everything around it. */
  public readonly encryptionKey: kms.IKey;

  /** The topic the alarms notify, when there are alarms. */
  public readonly alarmTopic?: sns.ITopic;

  /** The CloudWatch alarms. */
  public readonly alarms: cloudwatch.IAlarm[];

  /**
   * The network face clients use: the proxy's security group (or the
   * database's, without proxy), on `port`.
   */
  public readonly connections: ec2.Connections;

  /** The VPC the database, its proxy and its rotation function are in. */
  public readonly vpc: ec2.IVpc;

  private readonly databaseSecurityGroup: ec2.SecurityGroup;
  private readonly masterUsername: string;
  /** The proxy role's policy, which gains `rds-db:connect` for each user granted a connection. */
  private proxyPolicy?: iam.ManagedPolicy;
  private readonly proxyUsers = new Set<string>();
  private readonly backend: DatabaseBackend;

  /**
   * @param scope the construct to add the database to
   * @param id the construct id
   * @param props `vpc` is required; everything else has a secure default
   * @throws if a prop is invalid, before anything is added to `scope`
   */
  constructor(scope: Construct, id: string, props: MultiAzDatabaseProps) {
    const plan = planDatabase(scope, props);
    super(scope, id);
    this.vpc = props.vpc;
    if (props.permissionsBoundary) {
      attachConstructBoundary(this, props.permissionsBoundary);
    }
    if (plan.egressSubnetWarning) {
      Annotations.of(this).addWarningV2('cdk-paved-road:database-subnets-with-egress', plan.egressSubnetWarning);
    }
    const { engine, port, vpcSubnets } = plan;
    const vpc = props.vpc;
    this.engine = engine;
    this.port = port;

    const createdKey = props.encryptionKey ? undefined : createRotatingKey(this, 'Key', `Encrypts the database ${this.node.path}`);
    this.encryptionKey = props.encryptionKey ?? createdKey!;
    // Exported logs need a key that CloudWatch Logs may use: a given one must
    // allow it already; one the database creates is given the statement.
    let logsKey: kms.IKey;
    if (props.logs?.encryptionKey) {
      logsKey = props.logs.encryptionKey;
    } else {
      const ownLogsKey = createdKey ?? createRotatingKey(this, 'LogsKey', `Encrypts the exported logs of ${this.node.path}`);
      allowCloudWatchLogsToUse(ownLogsKey);
      logsKey = ownLogsKey;
    }

    const identifier = props.identifier ?? uniquePhysicalName(this, { maxLength: MAX_IDENTIFIER_LENGTH, lowercase: true });

    // Each peer given to allowConnectionsFrom() adds a rule to the proxy's group.
    checkSecurityGroupRuleQuota(this);
    this.databaseSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc,
      description: securityGroupDescription(this, (path) => `The database ${path}: admits only its proxy and its rotation function`),
      allowAllOutbound: false,
    });
    const databaseTarget: ec2.IConnectable = {
      connections: new ec2.Connections({ securityGroups: [this.databaseSecurityGroup], defaultPort: ec2.Port.tcp(port) }),
    };

    this.masterUsername = props.masterUsername ?? 'dbadmin';
    const secret = new rds.DatabaseSecret(this, 'Secret', {
      username: this.masterUsername,
      encryptionKey: this.encryptionKey,
    });

    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine: engine._clusterEngine ?? engine._instanceEngine!,
      description: `Forces TLS on ${this.node.path}`,
      parameters: engine.parameters,
    });

    const logGroups = engine.logExports.map((logType) => createRetainedLogGroup(this, `${capitalize(logType)}Log`, {
      logGroupName: `/aws/rds/${engine.isAurora ? 'cluster' : 'instance'}/${identifier}/${logType}`,
      encryptionKey: logsKey,
      options: props.logs,
    }));

    const monitoringRole = this.createMonitoringRole();
    const instanceType = props.instanceType ?? (plan.profile.isProduction
      ? ec2.InstanceType.of(engine.isAurora ? ec2.InstanceClass.R6G : ec2.InstanceClass.M6G, ec2.InstanceSize.LARGE)
      : ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM));

    const backend = createDatabaseBackend(this, {
      plan,
      vpc,
      identifier,
      secret,
      securityGroup: this.databaseSecurityGroup,
      encryptionKey: this.encryptionKey,
      monitoringRole,
      parameterGroup,
      instanceType,
      logGroups,
      databaseName: props.databaseName,
      allocatedStorageGiB: props.allocatedStorageGiB,
    });
    this.backend = backend;
    this.cluster = backend.cluster;
    this.instance = backend.instance;
    this.secret = backend.secret;

    this.addRotation(vpc, vpcSubnets, backend.secret, databaseTarget, props);

    if (props.proxy ?? true) {
      const { proxy, connections, readOnlyEndpoint } = this.addProxy(vpc, plan, backend, identifier);
      this.proxy = proxy;
      this.connections = connections;
      this.endpoint = proxy.endpoint;
      this.readerEndpoint = readOnlyEndpoint ?? proxy.endpoint;
    } else {
      this.connections = databaseTarget.connections;
      this.endpoint = backend.endpoint;
      this.readerEndpoint = backend.readerEndpoint;
    }

    if (props.awsBackup ?? true) {
      addDatabaseBackup(this, backend, this.encryptionKey);
    }

    const alarmSet = createAlarmSet(this, props.alarms, databaseAlarms(engine.isAurora, backend.metricDimensions), {
      enabledByDefault: true,
      defaultTopic: () => new AlarmTopic(this, 'AlarmTopic', { displayName: `Database alarms of ${this.node.path}` }),
    });
    this.alarmTopic = alarmSet.topic;
    this.alarms = alarmSet.alarms;
  }

  /**
   * Lets `peer` connect on `port`: to the proxy when there is one, else to the
   * database. Nothing else is admitted.
   */
  public allowConnectionsFrom(peer: ec2.IConnectable): void {
    // Asked from the peer's side, CDK writes the ingress rule into the peer's
    // stack, so an application stack that uses the database's endpoint does not
    // also become a dependency of the database's stack (a cycle).
    peer.connections.allowTo(this, ec2.Port.tcp(this.port), `Connects to ${this.node.path}`);
  }

  /**
   * Grants `rds-db:connect` as `dbUser` with IAM authentication: on the proxy
   * when there is one, else on the database. A role created in this app gets
   * the grant as a customer-managed policy, not an inline one.
   *
   * Through the proxy, authentication is IAM end to end: the grantee signs a
   * token for the proxy, and the proxy signs in to the database as `dbUser`
   * with IAM too, so its role gets `rds-db:connect` for that user on the
   * database. Only the master user signs in with its secret. `dbUser` must
   * exist in the database with IAM authentication allowed: `GRANT rds_iam`
   * (PostgreSQL) or `IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS'` (MySQL).
   *
   * @param grantee who connects, such as a Lambda function's role
   * @param dbUser the database user, which must exist and be granted `rds_iam` (PostgreSQL) or use `AWSAuthenticationPlugin` (MySQL)
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    if (!Token.isUnresolved(dbUser) && !/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(dbUser)) {
      throw new Error(`\`dbUser\` must be a database user name (a letter or '_', then letters, digits, '_', '$' or '-', at most 63 characters), got: '${dbUser}'.`);
    }
    const databaseResourceId = this.backend.resourceId;
    if (this.proxy && dbUser !== this.masterUsername) {
      this.allowProxyToSignInAs(databaseResourceId, dbUser);
    }
    // The proxy's, the cluster's or the instance's resource id, as IAM names it.
    const resourceId = this.proxy ? Fn.select(6, Fn.split(':', this.proxy.dbProxyArn)) : databaseResourceId;
    return grantWithManagedPolicy(this, grantee, ['rds-db:connect'], [this.databaseUserArn(resourceId, dbUser)]);
  }

  private databaseUserArn(resourceId: string, dbUser: string): string {
    return Stack.of(this).formatArn({
      service: 'rds-db',
      resource: 'dbuser',
      resourceName: `${resourceId}/${dbUser}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** Lets the proxy's role sign in to the database as `dbUser` with IAM (end-to-end IAM authentication). */
  private allowProxyToSignInAs(databaseResourceId: string, dbUser: string): void {
    if (this.proxyUsers.has(dbUser)) {
      return;
    }
    this.proxyUsers.add(dbUser);
    this.proxyPolicy!.addStatements(new iam.PolicyStatement({
      actions: ['rds-db:connect'],
      resources: [this.databaseUserArn(databaseResourceId, dbUser)],
    }));
  }

  /**
   * Enhanced monitoring's role, with a customer-managed policy limited to the
   * RDSOSMetrics log group of this account and region, instead of the AWS
   * managed AmazonRDSEnhancedMonitoringRole (and no inline policy).
   */
  private createMonitoringRole(): iam.Role {
    const stack = Stack.of(this);
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: 'RDSOSMetrics', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    // IAM policies name a log group with a trailing ':*' for every log-group
    // action but tagging (CloudWatch Logs API Reference, LogGroup.arn); the
    // bare ARN stays for the form the service reference gives.
    const logGroupArns = [logGroupArn, `${logGroupArn}:*`];
    const logStreamsArn = `${logGroupArn}:log-stream:*`;
    const { role, policy } = createServiceRole(this, 'Monitoring', {
      service: 'monitoring.rds.amazonaws.com',
      roleDescription: `Lets RDS enhanced monitoring publish the OS metrics of ${this.node.path}`,
      policyDescription: 'Writes RDS enhanced monitoring metrics to the RDSOSMetrics log group, and nothing else',
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:DescribeLogStreams'], resources: logGroupArns }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'], resources: [logStreamsArn] }),
      ],
    });
    acknowledgeNagRules(policy.node.defaultChild as iam.CfnManagedPolicy, {
      id: 'AwsSolutions-IAM5',
      reason: 'RDS names each enhanced-monitoring log stream after the instance\'s resource id, which exists only after deployment; the grant stays inside the one RDSOSMetrics log group.',
      appliesTo: [`${logGroupArn}:*`, logStreamsArn].map((arn) => `Resource::${flattenLikeCdkNag(stack.resolve(arn))}`),
    });
    return role;
  }

  /**
   * Single-user rotation, through a Secrets Manager interface endpoint: the
   * database subnets have no route to the Secrets Manager API otherwise.
   */
  private addRotation(vpc: ec2.IVpc, vpcSubnets: ec2.SubnetSelection, secret: secretsmanager.ISecret,
    databaseTarget: ec2.IConnectable, props: MultiAzDatabaseProps) {
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc,
      description: securityGroupDescription(this, (path) => `The password rotation function of ${path}: reaches only the database and Secrets Manager`),
      allowAllOutbound: false,
    });
    const endpoint = props.secretsManagerEndpoint ?? new ec2.InterfaceVpcEndpoint(this, 'SecretsManagerEndpoint', {
      vpc,
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      subnets: vpcSubnets,
      privateDnsEnabled: false,
      open: false,
      securityGroups: [new ec2.SecurityGroup(this, 'SecretsManagerEndpointSecurityGroup', {
        vpc,
        description: securityGroupDescription(this, (path) => `Secrets Manager endpoint of ${path}: admits only the rotation function`),
        allowAllOutbound: false,
      })],
    });
    // SecretRotation points the function at the endpoint but opens no path to it.
    endpoint.connections.allowDefaultPortFrom(rotationSecurityGroup, 'The rotation function calls Secrets Manager');
    const rotation = new secretsmanager.SecretRotation(this, 'SecretRotation', {
      application: this.engine._rotationApplication,
      secret,
      target: databaseTarget,
      vpc,
      vpcSubnets,
      endpoint,
      securityGroup: rotationSecurityGroup,
      automaticallyAfter: props.secretRotationInterval ?? Duration.days(DEFAULT_ROTATION_DAYS),
    });
    // SecretRotation points the function at https://<endpoint id>.secretsmanager.<region>.amazonaws.com,
    // a name AWS does not publish. An interface endpoint's names are its DNS entries, the
    // regional one first (AWS::EC2::VPCEndpoint DnsEntries, "HostedZoneId:DnsName"); an
    // imported endpoint has none to read, and must have private DNS so the regional
    // Secrets Manager name resolves to it.
    const application = rotation.node.defaultChild as CfnResource;
    application.addPropertyOverride('Parameters.endpoint', endpoint instanceof ec2.InterfaceVpcEndpoint
      ? Fn.join('', ['https://', Fn.select(1, Fn.split(':', Fn.select(0, endpoint.vpcEndpointDnsEntries)))])
      : `https://secretsmanager.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`);
  }

  private addProxy(vpc: ec2.IVpc, plan: DatabasePlan, backend: DatabaseBackend, identifier: string) {
    const secret = backend.secret;
    const stack = Stack.of(this);
    const proxySecurityGroup = new ec2.SecurityGroup(this, 'ProxySecurityGroup', {
      vpc,
      description: securityGroupDescription(this, (path) => `RDS Proxy of ${path}: admits only the peers given to allowConnectionsFrom`),
      allowAllOutbound: false,
    });
    proxySecurityGroup.addEgressRule(this.databaseSecurityGroup, ec2.Port.tcp(plan.port), 'To the database');
    this.databaseSecurityGroup.addIngressRule(proxySecurityGroup, ec2.Port.tcp(plan.port), 'From the proxy');

    // The proxy's own role reads exactly this secret and decrypts it with
    // exactly this key, through a customer-managed policy (no inline policy);
    // grantConnect() adds rds-db:connect for each other user it signs in as.
    const { role, policy: proxyPolicy } = createServiceRole(this, 'Proxy', {
      service: 'rds.amazonaws.com',
      roleDescription: `Lets RDS Proxy read the credentials of ${this.node.path}`,
      policyDescription: 'Reads the master user\'s secret and signs in to the database as the users granted a connection, and nothing else',
      statements: [
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secret.secretArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
        }),
      ],
    });
    this.proxyPolicy = proxyPolicy;

    // The target is a reference without security groups: given the construct
    // itself, CDK would add a second ingress rule keyed on the endpoint's port
    // token, which the cdk-nag port rules cannot evaluate. The literal-port rule
    // above is the one the proxy needs.
    const proxyTarget = backend.proxyTarget(this);
    const proxy = new rds.DatabaseProxy(this, 'Proxy', {
      proxyTarget,
      // Proxy names are unique per account and region; aws-cdk-lib would name
      // it after its construct id ('Proxy') without a feature flag.
      dbProxyName: `${identifier}-proxy`,
      secrets: [secret],
      vpc,
      vpcSubnets: plan.vpcSubnets,
      securityGroups: [proxySecurityGroup],
      requireTLS: true,
      iamAuth: true,
      // Clients always present an IAM token. The proxy signs in to the database
      // as the master user with its secret, and as every other user with IAM
      // (end-to-end IAM authentication), so application users need no secret.
      defaultAuthScheme: rds.DefaultAuthScheme.IAM_AUTH,
      role: role.withoutPolicyUpdates(),
    });
    // The target group registers the database, which must be available first.
    const targetGroup = proxy.node.findAll().find((c): c is rds.CfnDBProxyTargetGroup => c instanceof rds.CfnDBProxyTargetGroup);
    targetGroup?.node.addDependency(backend.writer);

    let readOnlyEndpoint: string | undefined;
    if (backend.hasReaders) {
      const endpoint = new rds.CfnDBProxyEndpoint(this, 'ProxyReadOnlyEndpoint', {
        dbProxyName: proxy.dbProxyName,
        dbProxyEndpointName: `${identifier}-ro`,
        vpcSubnetIds: plan.subnets.subnetIds,
        vpcSecurityGroupIds: [proxySecurityGroup.securityGroupId],
        targetRole: 'READ_ONLY',
      });
      readOnlyEndpoint = endpoint.attrEndpoint;
    }
    const connections = new ec2.Connections({ securityGroups: [proxySecurityGroup], defaultPort: ec2.Port.tcp(plan.port) });
    return { proxy, connections, readOnlyEndpoint };
  }

  /** CPU, connections and freeable memory of the writer (AWS/RDS, 5-minute periods). */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName,
      dimensionsMap: this.backend.metricDimensions,
      statistic,
      period: Duration.minutes(5),
    });
    return graphWidgets(this, [
      { title: 'CPU utilization', left: [metric('CPUUtilization', cloudwatch.Stats.AVERAGE)], leftLabel: 'Percent' },
      { title: 'Connections', left: [metric('DatabaseConnections', cloudwatch.Stats.MAXIMUM)] },
      { title: 'Freeable memory', left: [metric('FreeableMemory', cloudwatch.Stats.MINIMUM)], leftLabel: 'Bytes' },
    ]);
  }
}


/** The database's alarms (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html). */
function databaseAlarms(aurora: boolean, dimensionsMap: Record<string, string>): AlarmSpec[] {
  const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({
    namespace: 'AWS/RDS', metricName, dimensionsMap, statistic, period: DATABASE_ALARM_PERIOD,
  });
  const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const below = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
  const specs: AlarmSpec[] = [
    { name: 'CpuUtilization', id: 'CpuAlarm', metric: metric('CPUUtilization', 'Average'), threshold: 80, evaluationPeriods: 3, comparison: above, describe: (t, w) => `CPU above ${t}% for ${w}` },
    { name: 'FreeableMemory', id: 'FreeableMemoryAlarm', metric: metric('FreeableMemory', 'Minimum'), threshold: 256 * MIB, evaluationPeriods: 3, comparison: below, describe: (t, w) => `freeable memory below ${formatBytes(t)} for ${w}` },
    { name: 'DatabaseConnections', id: 'ConnectionsAlarm', metric: metric('DatabaseConnections', 'Maximum'), threshold: 500, evaluationPeriods: 3, comparison: above, describe: (t, w) => `more than ${t} connections for ${w}` },
  ];
  if (aurora) {
    specs.push({ name: 'ReplicaLag', id: 'ReplicaLagAlarm', metric: metric('AuroraReplicaLagMaximum', 'Maximum'), threshold: 1000, evaluationPeriods: 3, comparison: above, describe: (t, w) => `replica lag above ${t} ms for ${w}` });
  } else {
    specs.push({ name: 'FreeStorageSpace', id: 'FreeStorageAlarm', metric: metric('FreeStorageSpace', 'Minimum'), threshold: 10 * 1024 * MIB, evaluationPeriods: 3, comparison: below, describe: (t, w) => `free storage below ${formatBytes(t)} for ${w}` });
  }
  return specs;
}

const MIB = 1024 * 1024;

/** 268435456 → "256 MiB", 10737418240 → "10 GiB", 12345 → "12345 bytes". */
function formatBytes(bytes: number): string {
  if (bytes > 0 && bytes % (1024 * MIB) === 0) {
    return `${bytes / (1024 * MIB)} GiB`;
  }
  return bytes > 0 && bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} bytes`;
}


function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
