import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { auroraWriterInstance } from './cdk-internals';
import { DatabasePlan } from './database-plan';
import { ruleIds } from './nag-packs';
import { acknowledgeNagRules } from '../core/acknowledge';
import { DatabaseEngineFamily } from '../database/database-engine';

/** What a backend is built from: the parts `MultiAzDatabase` creates before it. */
export interface DatabaseBackendProps {
  readonly plan: DatabasePlan;
  readonly vpc: ec2.IVpc;
  readonly identifier: string;
  readonly secret: rds.DatabaseSecret;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly encryptionKey: kms.IKey;
  readonly monitoringRole: iam.IRole;
  readonly parameterGroup: rds.IParameterGroup;
  readonly instanceType: ec2.InstanceType;
  /** The exported logs' groups, which must exist before the database writes to them. */
  readonly logGroups: logs.ILogGroup[];
  readonly databaseName?: string;
  readonly allocatedStorageGiB?: number;
}

/**
 * The database itself, behind one interface whatever the engine family:
 * everything `MultiAzDatabase` needs from it once it exists.
 */
export interface DatabaseBackend {
  /** The Aurora cluster, for Aurora engines. */
  readonly cluster?: rds.DatabaseCluster;
  /** The Multi-AZ DB instance, for RDS engines. */
  readonly instance?: rds.DatabaseInstance;
  /** The database's own endpoint, for clients that do not use the proxy. */
  readonly endpoint: string;
  /** The database's own read endpoint (the instance's endpoint for RDS engines). */
  readonly readerEndpoint: string;
  /** The master user's secret, attached to the database. */
  readonly secret: secretsmanager.ISecret;
  /** The resource id IAM names the database by in `rds-db:connect` grants. */
  readonly resourceId: string;
  /** The ARN AWS Backup selects. */
  readonly backupArn: string;
  /** What AWS Backup's role may also describe: Aurora's automated backups. */
  readonly automatedBackupArns: string[];
  /** The instance that must be available before the proxy registers it and AWS Backup selects it (Aurora: the writer). */
  readonly writer: rds.CfnDBInstance;
  /** The dimensions of the database's CloudWatch metrics. */
  readonly metricDimensions: Record<string, string>;
  /** Whether the proxy gets a read-only endpoint (Aurora's readers). */
  readonly hasReaders: boolean;
  /** The proxy's target, as a reference without security groups (see `MultiAzDatabase`'s proxy). */
  proxyTarget(scope: Construct): rds.ProxyTarget;
}

/** Builds the database of `props.plan.engine`'s family under `scope`, as its `Resource` child. */
export function createDatabaseBackend(scope: Construct, props: DatabaseBackendProps): DatabaseBackend {
  return props.plan.engine.isAurora ? createAuroraCluster(scope, props) : createMultiAzInstance(scope, props);
}

/** An Aurora cluster: a writer and `plan.readers` readers, spread over the data subnets' Availability Zones. */
function createAuroraCluster(scope: Construct, props: DatabaseBackendProps): DatabaseBackend {
  const { plan, identifier, encryptionKey } = props;
  const engine = plan.engine;
  const instanceProps = (index: number): rds.ProvisionedClusterInstanceProps => ({
    instanceType: props.instanceType,
    availabilityZone: plan.availabilityZones[index % plan.availabilityZones.length],
    instanceIdentifier: `${identifier}-${index === 0 ? 'writer' : `reader${index}`}`,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: encryptionKey,
    autoMinorVersionUpgrade: true,
    publiclyAccessible: false,
  });
  const cluster = new rds.DatabaseCluster(scope, 'Resource', {
    engine: engine._clusterEngine!,
    clusterIdentifier: identifier,
    credentials: rds.Credentials.fromSecret(props.secret),
    vpc: props.vpc,
    vpcSubnets: plan.vpcSubnets,
    securityGroups: [props.securityGroup],
    port: plan.port,
    defaultDatabaseName: props.databaseName,
    writer: rds.ClusterInstance.provisioned('Writer', instanceProps(0)),
    readers: Array.from({ length: plan.readers }, (_, i) => rds.ClusterInstance.provisioned(`Reader${i + 1}`, instanceProps(i + 1))),
    storageEncrypted: true,
    storageEncryptionKey: encryptionKey,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    backup: { retention: plan.backupRetention },
    copyTagsToSnapshot: true,
    iamAuthentication: true,
    monitoringInterval: Duration.seconds(60),
    monitoringRole: props.monitoringRole,
    cloudwatchLogsExports: engine.logExports,
    parameterGroup: props.parameterGroup,
    backtrackWindow: engine.family === DatabaseEngineFamily.MYSQL ? Duration.hours(24) : undefined,
  });
  // AWS Backup protects Aurora through its cluster, which the backup selection names.
  for (const child of cluster.node.children) {
    if (child.node.defaultChild instanceof rds.CfnDBInstance) {
      acknowledgeNagRules(child.node.defaultChild, ...AURORA_INSTANCE_BACKUP_ACKNOWLEDGMENTS);
      Validations.of(child.node.defaultChild).acknowledge(AURORA_INSTANCE_ZONE_ACKNOWLEDGMENT);
    }
  }
  cluster.node.addDependency(...props.logGroups);
  const stack = Stack.of(scope);
  return {
    cluster,
    endpoint: cluster.clusterEndpoint.hostname,
    readerEndpoint: cluster.clusterReadEndpoint.hostname,
    secret: cluster.secret!,
    resourceId: cluster.clusterResourceIdentifier,
    backupArn: stack.formatArn({ service: 'rds', resource: 'cluster', resourceName: cluster.clusterIdentifier, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    automatedBackupArns: [stack.formatArn({ service: 'rds', resource: 'cluster-auto-backup', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    writer: auroraWriterInstance(cluster),
    metricDimensions: { DBClusterIdentifier: identifier },
    hasReaders: true,
    proxyTarget: (targetScope) => rds.ProxyTarget.fromCluster(rds.DatabaseCluster.fromDatabaseClusterAttributes(targetScope, 'ProxyTargetCluster', {
      clusterIdentifier: cluster.clusterIdentifier,
      engine: engine._clusterEngine,
      port: plan.port,
      securityGroups: [],
    })),
  };
}

/** An RDS Multi-AZ DB instance, whose standby in another Availability Zone takes over on failure. */
function createMultiAzInstance(scope: Construct, props: DatabaseBackendProps): DatabaseBackend {
  const { plan, identifier, encryptionKey } = props;
  const engine = plan.engine;
  const instance = new rds.DatabaseInstance(scope, 'Resource', {
    engine: engine._instanceEngine!,
    instanceIdentifier: identifier,
    credentials: rds.Credentials.fromSecret(props.secret),
    vpc: props.vpc,
    vpcSubnets: plan.vpcSubnets,
    securityGroups: [props.securityGroup],
    port: plan.port,
    databaseName: props.databaseName,
    instanceType: props.instanceType,
    multiAz: true,
    allocatedStorage: props.allocatedStorageGiB ?? 100,
    storageType: rds.StorageType.GP3,
    storageEncrypted: true,
    storageEncryptionKey: encryptionKey,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    backupRetention: plan.backupRetention,
    copyTagsToSnapshot: true,
    iamAuthentication: true,
    monitoringInterval: Duration.seconds(60),
    monitoringRole: props.monitoringRole,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: encryptionKey,
    cloudwatchLogsExports: engine.logExports,
    autoMinorVersionUpgrade: true,
    publiclyAccessible: false,
    parameterGroup: props.parameterGroup,
    // RDS MySQL's audit log comes from the MariaDB audit plugin.
    optionGroup: engine.family === DatabaseEngineFamily.MYSQL ? new rds.OptionGroup(scope, 'AuditOptions', {
      engine: engine._instanceEngine!,
      description: `Audit logging for ${scope.node.path}`,
      configurations: [{ name: 'MARIADB_AUDIT_PLUGIN', settings: { SERVER_AUDIT_EVENTS: 'CONNECT,QUERY_DDL,QUERY_DCL' } }],
    }) : undefined,
  });
  instance.node.addDependency(...props.logGroups);
  return {
    instance,
    endpoint: instance.dbInstanceEndpointAddress,
    readerEndpoint: instance.dbInstanceEndpointAddress,
    secret: instance.secret!,
    resourceId: instance.instanceResourceId!,
    backupArn: Stack.of(scope).formatArn({ service: 'rds', resource: 'db', resourceName: instance.instanceIdentifier, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    automatedBackupArns: [],
    writer: instance.node.defaultChild as rds.CfnDBInstance,
    metricDimensions: { DBInstanceIdentifier: identifier },
    hasReaders: false,
    proxyTarget: (targetScope) => rds.ProxyTarget.fromInstance(rds.DatabaseInstance.fromDatabaseInstanceAttributes(targetScope, 'ProxyTargetInstance', {
      instanceIdentifier: instance.instanceIdentifier,
      instanceEndpointAddress: instance.dbInstanceEndpointAddress,
      engine: engine._instanceEngine,
      port: plan.port,
      securityGroups: [],
    })),
  };
}

const AURORA_INSTANCE_BACKUP_ACKNOWLEDGMENTS = ruleIds('RDSInBackupPlan', ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5']).map((id) => ({
  id,
  reason: 'AWS Backup protects Aurora through its cluster, which the backup plan selects; it does not accept Aurora instances, whose storage is the cluster volume.',
}));

/**
 * aws-cdk-lib's built-in CloudFormation validation (on by default in newer
 * releases) warns on an instance's hard-coded Availability Zone (W3010). The
 * zones come from the VPC's data subnets, which is how a CDK app pins them.
 */
const AURORA_INSTANCE_ZONE_ACKNOWLEDGMENT = {
  id: 'CloudFormation-Validate::W3010',
  reason: 'Aurora instances are spread over the Availability Zones of the VPC\'s data subnets, writer and readers in different zones, so a zone failure leaves a reader to promote.',
};
