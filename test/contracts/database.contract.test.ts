/**
 * Service-access contracts of MultiAzDatabase (Aurora PostgreSQL behind RDS
 * Proxy) and ThreeTierVpc: what RDS Proxy, AWS Backup, RDS enhanced
 * monitoring, VPC flow logs, CloudWatch and CloudWatch Logs do at run time,
 * and what an application granted a connection does, evaluated against the
 * synthesized policies.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { alarmTopicContracts, Contract, describeContracts, SynthesizedAccount } from './account';
import { MultiAzDatabase, ThreeTierVpc } from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const APP_USER = 'orders_app';

const app = new App();
const stack = new Stack(app, 'Data', { env: ENV });
const network = new ThreeTierVpc(stack, 'Network');
const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc });
database.grantConnect(new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }), APP_USER);
// An administrator with every KMS action on the database key.
new iam.Role(stack, 'KeyAdmin', { assumedBy: new iam.AccountRootPrincipal() })
  .addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:*'], resources: [database.encryptionKey.keyArn] }));
const account = new SynthesizedAccount(app);

const arn = (service: string, resource: string) => `arn:aws:${service}:${ENV.region}:${ENV.account}:${resource}`;
const proxyRole = { role: { logicalIdPrefix: 'OrdersProxyRole' } };
const backupRole = { role: { logicalIdPrefix: 'OrdersBackupRole' } };
const monitoringRole = { role: { logicalIdPrefix: 'OrdersMonitoringRole' } };
const flowLogsRole = { role: { logicalIdPrefix: 'NetworkFlowLogsRole' } };
const application = { role: { logicalIdPrefix: 'AppRole' } };
const keyAdmin = { role: { logicalIdPrefix: 'KeyAdmin' } };

const secret = account.arnOf('AWS::SecretsManager::Secret', 'OrdersSecret');
const databaseKey = account.arnOf('AWS::KMS::Key', 'OrdersKey');
const cluster = account.valueOf('AWS::RDS::DBCluster', 'Orders', 'DBClusterArn');
const clusterResourceId = account.valueOf('AWS::RDS::DBCluster', 'Orders', 'DBClusterResourceId');
const proxyResourceId = account.valueOf('AWS::RDS::DBProxy', 'OrdersProxy', 'DBProxyArn').split(':')[6];
const vault = account.valueOf('AWS::Backup::BackupVault', 'OrdersBackupVault', 'BackupVaultArn');
const databaseLogs = account.logGroupArnOf('OrdersPostgresqlLog');
const topic = account.arnOf('AWS::SNS::Topic', 'OrdersAlarmTopic');
const topicKey = account.arnOf('AWS::KMS::Key', 'OrdersAlarmTopicKey');
const alarm = account.arnOf('AWS::CloudWatch::Alarm', 'OrdersCpuAlarm');
const networkTopic = account.arnOf('AWS::SNS::Topic', 'NetworkAlarmTopic');
const networkTopicKey = account.arnOf('AWS::KMS::Key', 'NetworkAlarmTopicKey');
const networkAlarm = account.arnOf('AWS::CloudWatch::Alarm', 'NetworkFlowLogDeliveryAlarm');
const flowLogs = account.logGroupArnOf('NetworkFlowLogs');
const flowLogsKey = account.arnOf('AWS::KMS::Key', 'NetworkFlowLogsKey');
const osMetrics = arn('logs', 'log-group:RDSOSMetrics');
const stream = (logGroup: string) => `${logGroup}:log-stream:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
const fromLogs = (logGroup: string) => ({ 'kms:EncryptionContext:aws:logs:arn': logGroup });
const thisAccount = { 'aws:SourceAccount': ENV.account };

const PROXY_IAM = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam-setup.html';
const PROXY_SECRETS = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html';
const IAM_DB_AUTH = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html';
const BACKUP_ROLE = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForBackup.html';
const MONITORING = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html';
const LOG_GROUP_ARN = 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html';
const LOGS_KMS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html';
const FLOW_LOGS = 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html';
const KMS_GRANTS = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource';

const CONTRACTS: Contract[] = [
  {
    title: 'RDS Proxy assumes the proxy role',
    source: PROXY_IAM,
    caller: { service: 'rds.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: account.arnOf('AWS::IAM::Role', 'OrdersProxyRole'),
    context: thisAccount,
  },
  {
    title: 'RDS Proxy reads the master user\'s secret',
    source: PROXY_SECRETS,
    caller: proxyRole,
    action: 'secretsmanager:GetSecretValue',
    resource: secret,
  },
  {
    title: 'RDS Proxy decrypts the master user\'s secret, through Secrets Manager',
    source: PROXY_SECRETS,
    caller: proxyRole,
    action: 'kms:Decrypt',
    resource: databaseKey,
    context: { 'kms:ViaService': `secretsmanager.${ENV.region}.amazonaws.com`, 'kms:EncryptionContext:SecretARN': secret },
  },
  {
    title: 'RDS Proxy signs in to the database as the application user with IAM (end-to-end IAM authentication)',
    source: PROXY_IAM,
    caller: proxyRole,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${clusterResourceId}/${APP_USER}`),
  },
  {
    title: 'the application connects to the proxy as its user',
    source: IAM_DB_AUTH,
    caller: application,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${proxyResourceId}/${APP_USER}`),
  },
  {
    title: 'AWS Backup assumes the backup role',
    source: BACKUP_ROLE,
    caller: { service: 'backup.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: account.arnOf('AWS::IAM::Role', 'OrdersBackupRole'),
    context: thisAccount,
  },
  {
    title: 'AWS Backup describes the cluster',
    source: BACKUP_ROLE,
    caller: backupRole,
    action: 'rds:DescribeDBClusters',
    resource: cluster,
  },
  {
    title: 'AWS Backup describes the cluster\'s automated backups',
    source: BACKUP_ROLE,
    caller: backupRole,
    action: 'rds:DescribeDBClusterAutomatedBackups',
    resource: cluster,
  },
  {
    title: 'AWS Backup snapshots the cluster (the cluster side)',
    source: BACKUP_ROLE,
    caller: backupRole,
    action: 'rds:CreateDBClusterSnapshot',
    resource: cluster,
  },
  {
    title: 'AWS Backup snapshots the cluster (the snapshot it names awsbackup:job-<id>)',
    source: BACKUP_ROLE,
    caller: backupRole,
    action: 'rds:CreateDBClusterSnapshot',
    resource: arn('rds', 'cluster-snapshot:awsbackup:job-0a1b2c3d-4e5f'),
  },
  {
    title: 'AWS Backup shares its snapshot for a copy',
    source: BACKUP_ROLE,
    caller: backupRole,
    action: 'rds:ModifyDBClusterSnapshotAttribute',
    resource: arn('rds', 'cluster-snapshot:awsbackup:job-0a1b2c3d-4e5f'),
  },
  {
    title: 'AWS Backup creates a grant on the database key for RDS',
    source: BACKUP_ROLE,
    caller: backupRole,
    action: 'kms:CreateGrant',
    resource: databaseKey,
    context: { 'kms:GrantIsForAWSResource': 'true' },
  },
  {
    title: 'RDS creates a grant on the database key for the cluster, with the credentials of a role allowed kms:*',
    source: KMS_GRANTS,
    caller: keyAdmin,
    action: 'kms:CreateGrant',
    resource: databaseKey,
    context: { 'kms:GrantIsForAWSResource': 'true', 'kms:ViaService': `rds.${ENV.region}.amazonaws.com` },
  },
  {
    title: 'AWS Backup records the recovery point in the vault',
    source: BACKUP_ROLE,
    caller: backupRole,
    action: 'backup:CopyIntoBackupVault',
    resource: vault,
  },
  {
    title: 'RDS enhanced monitoring assumes the monitoring role',
    source: MONITORING,
    caller: { service: 'monitoring.rds.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: account.arnOf('AWS::IAM::Role', 'OrdersMonitoringRole'),
    context: thisAccount,
  },
  {
    title: 'enhanced monitoring creates the RDSOSMetrics log group',
    source: MONITORING,
    caller: monitoringRole,
    action: 'logs:CreateLogGroup',
    resource: osMetrics,
  },
  {
    title: 'enhanced monitoring lists the RDSOSMetrics log group\'s streams',
    source: LOG_GROUP_ARN,
    caller: monitoringRole,
    action: 'logs:DescribeLogStreams',
    resource: osMetrics,
  },
  {
    title: 'enhanced monitoring writes an instance\'s metrics',
    source: MONITORING,
    caller: monitoringRole,
    action: 'logs:PutLogEvents',
    resource: stream(osMetrics),
  },
  {
    title: 'CloudWatch Logs encrypts the exported database log group with the database key',
    source: LOGS_KMS,
    caller: { service: `logs.${ENV.region}.amazonaws.com` },
    action: 'kms:GenerateDataKey',
    resource: databaseKey,
    context: fromLogs(databaseLogs),
  },
  ...alarmTopicContracts('a database', { topic, topicKey, alarm, account: ENV.account }),
  ...alarmTopicContracts('a network', { topic: networkTopic, topicKey: networkTopicKey, alarm: networkAlarm, account: ENV.account }),
  {
    title: 'VPC Flow Logs assumes the flow logs role',
    source: FLOW_LOGS,
    caller: { service: 'vpc-flow-logs.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: account.arnOf('AWS::IAM::Role', 'NetworkFlowLogsRole'),
    context: thisAccount,
  },
  {
    title: 'VPC Flow Logs creates a stream in the flow log group',
    source: FLOW_LOGS,
    caller: flowLogsRole,
    action: 'logs:CreateLogStream',
    resource: stream(flowLogs),
  },
  {
    title: 'VPC Flow Logs writes flow records',
    source: FLOW_LOGS,
    caller: flowLogsRole,
    action: 'logs:PutLogEvents',
    resource: stream(flowLogs),
  },
  {
    title: 'CloudWatch Logs encrypts the flow log group with its key',
    source: LOGS_KMS,
    caller: { service: `logs.${ENV.region}.amazonaws.com` },
    action: 'kms:GenerateDataKey',
    resource: flowLogsKey,
    context: fromLogs(flowLogs),
  },
];

const REFUSED: Contract[] = [
  {
    title: 'A role with kms:* on the database key creates a grant for itself',
    source: KMS_GRANTS,
    caller: keyAdmin,
    action: 'kms:CreateGrant',
    resource: databaseKey,
  },
  {
    title: 'A role with kms:* on the database key creates a grant that is not for an AWS resource',
    source: KMS_GRANTS,
    caller: keyAdmin,
    action: 'kms:CreateGrant',
    resource: databaseKey,
    context: { 'kms:GrantIsForAWSResource': 'false' },
  },
  {
    title: 'RDS Proxy signs in as a user no grant names',
    source: PROXY_IAM,
    caller: proxyRole,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${clusterResourceId}/reporting`),
  },
  {
    title: 'RDS Proxy reads another secret',
    source: PROXY_SECRETS,
    caller: proxyRole,
    action: 'secretsmanager:GetSecretValue',
    resource: arn('secretsmanager', 'secret:payments-AbCdEf'),
  },
  {
    title: 'the application connects to the proxy as the master user',
    source: IAM_DB_AUTH,
    caller: application,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${proxyResourceId}/dbadmin`),
  },
  {
    title: 'the application connects to the database directly, around the proxy',
    source: IAM_DB_AUTH,
    caller: application,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${clusterResourceId}/${APP_USER}`),
  },
  {
    title: 'AWS Backup deletes a snapshot it did not take',
    source: BACKUP_ROLE,
    caller: backupRole,
    action: 'rds:DeleteDBClusterSnapshot',
    resource: arn('rds', 'cluster-snapshot:manual-before-migration'),
  },
  {
    title: 'the backup role is assumed for another account',
    source: BACKUP_ROLE,
    caller: { service: 'backup.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: account.arnOf('AWS::IAM::Role', 'OrdersBackupRole'),
    context: { 'aws:SourceAccount': '222222222222' },
  },
  {
    title: 'enhanced monitoring writes another log group',
    source: MONITORING,
    caller: monitoringRole,
    action: 'logs:PutLogEvents',
    resource: stream(arn('logs', 'log-group:/aws/lambda/payments')),
  },
  {
    title: 'the flow logs role writes another log group',
    source: FLOW_LOGS,
    caller: flowLogsRole,
    action: 'logs:PutLogEvents',
    resource: stream(arn('logs', 'log-group:/aws/lambda/payments')),
  },
  {
    title: 'CloudWatch Logs uses the flow logs key for another account\'s log group',
    source: LOGS_KMS,
    caller: { service: `logs.${ENV.region}.amazonaws.com` },
    action: 'kms:Decrypt',
    resource: flowLogsKey,
    context: fromLogs(`arn:aws:logs:${ENV.region}:222222222222:log-group:theirs`),
  },
];

describeContracts('MultiAzDatabase and ThreeTierVpc', account, CONTRACTS, REFUSED);
