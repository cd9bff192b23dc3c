import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DatabaseEngine, MultiAzDatabase, MultiAzDatabaseProps, ThreeTierVpc } from '../../src';
import { expectCompliant } from '../compliance';
import { resolveName, TWO_STACK_IDS } from '../names';

function build(props: Partial<MultiAzDatabaseProps> = {}) {
  const stack = new Stack(new App(), 'DataStack');
  const network = new ThreeTierVpc(stack, 'Network');
  const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, ...props });
  return { stack, network, database, template: Template.fromStack(stack) };
}

function only(template: Template, type: string, props?: any): [string, any] {
  const found = Object.entries(template.findResources(type, props ? { Properties: props } : undefined));
  expect(found).toHaveLength(1);
  return found[0] as [string, any];
}

/** Logical ids of the ThreeTierVpc's data subnets. */
function dataSubnetIds(template: Template): string[] {
  return Object.keys(template.findResources('AWS::EC2::Subnet', {
    Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Data' }]) },
  })).sort();
}

describe('MultiAzDatabase defaults (Aurora PostgreSQL in a ThreeTierVpc)', () => {
  test('an encrypted, deletion-protected Aurora PostgreSQL 17.9 cluster kept as a snapshot, with 14 days of backups', () => {
    const { template } = build();
    const [, cluster] = only(template, 'AWS::RDS::DBCluster');
    expect(cluster.DeletionPolicy).toEqual('Snapshot');
    expect(cluster.Properties).toEqual(expect.objectContaining({
      Engine: 'aurora-postgresql',
      EngineVersion: '17.9',
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersKey/), 'Arn'] },
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
      CopyTagsToSnapshot: true,
      EnableIAMDatabaseAuthentication: true,
      Port: 5433,
      EnableCloudwatchLogsExports: ['postgresql'],
    }));
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('a writer and two readers (the PRODUCTION profile), each in a different AZ of the data subnets', () => {
    const { template } = build();
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance')) as any[];
    expect(instances).toHaveLength(3);
    expect(instances.map((i) => i.Properties.AvailabilityZone)).toEqual([
      { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
      { 'Fn::Select': [2, { 'Fn::GetAZs': '' }] },
    ]);
    const [, subnetGroup] = only(template, 'AWS::RDS::DBSubnetGroup');
    expect(subnetGroup.Properties.SubnetIds.map((s: any) => s.Ref).sort()).toEqual(dataSubnetIds(template));
  });

  test('instances: Performance Insights encrypted with the key, enhanced monitoring at 60 s, minor upgrades, never public', () => {
    const { template } = build();
    for (const instance of Object.values(template.findResources('AWS::RDS::DBInstance')) as any[]) {
      expect(instance.Properties).toEqual(expect.objectContaining({
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersKey/), 'Arn'] },
        MonitoringInterval: 60,
        MonitoringRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersMonitoringRole/), 'Arn'] },
        AutoMinorVersionUpgrade: true,
        PubliclyAccessible: false,
      }));
    }
  });

  test('TLS is forced by the cluster parameter group', () => {
    const { template } = build();
    const [, parameters] = only(template, 'AWS::RDS::DBClusterParameterGroup');
    expect(parameters.Properties.Parameters).toEqual({ 'rds.force_ssl': '1' });
  });

  test('the monitoring role has a customer-managed policy for RDSOSMetrics only, no AWS managed policy', () => {
    const { template } = build();
    const [roleId, role] = only(template, 'AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })] } });
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [
          // The log group both with and without the trailing ':*' that IAM policies use for log-group actions
          // (CloudWatch Logs API Reference, LogGroup: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html).
          Match.objectLike({
            Action: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:DescribeLogStreams'],
            Resource: [
              { 'Fn::Join': ['', Match.arrayWith([':log-group:RDSOSMetrics'])] },
              { 'Fn::Join': ['', Match.arrayWith([':log-group:RDSOSMetrics:*'])] },
            ],
          }),
          Match.objectLike({ Resource: { 'Fn::Join': ['', Match.arrayWith([':log-group:RDSOSMetrics:log-stream:*'])] } }),
        ],
      },
    });
  });

  test('exported logs go to KMS-encrypted log groups kept one year, created before the cluster', () => {
    const { template } = build();
    const rdsLogGroups = Object.entries(template.findResources('AWS::Logs::LogGroup')).filter(([, r]) => JSON.stringify(r).includes('/aws/rds/cluster/'));
    expect(rdsLogGroups).toHaveLength(1);
    const [logGroupId, logGroup] = rdsLogGroups[0] as [string, any];
    const [, cluster] = only(template, 'AWS::RDS::DBCluster');
    const clusterIdentifier = resolveName(cluster.Properties.DBClusterIdentifier, TWO_STACK_IDS[0]);
    expect(resolveName(logGroup.Properties.LogGroupName, TWO_STACK_IDS[0])).toEqual(`/aws/rds/cluster/${clusterIdentifier}/postgresql`);
    expect(logGroup.Properties.RetentionInDays).toEqual(365);
    expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OrdersKey/), 'Arn'] });
    expect(cluster.DependsOn).toContain(logGroupId);
  });

  test('the master credentials are generated into Secrets Manager, encrypted with the key, and rotated every 30 days', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersKey'), 'Arn'] },
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"dbadmin"}', GenerateStringKey: 'password' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    // The single-user rotation application (multi-user rotation would alternate users behind the proxy's back).
    expect(JSON.stringify(template.toJSON().Mappings)).toContain('SecretsManagerRDSPostgreSQLRotationSingleUser');
    // The endpoint's own regional DNS name, the first of its DNS entries ("HostedZoneId:DnsName"), which AWS publishes
    // as vpce-<id>-<suffix>.secretsmanager.<region>.vpce.amazonaws.com (AWS PrivateLink Guide, "Access AWS services
    // through AWS PrivateLink": https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html);
    // not https://<endpoint id>.secretsmanager.<region>.amazonaws.com, a name AWS does not publish.
    const [, application] = only(template, 'AWS::Serverless::Application');
    expect(application.Properties.Parameters.endpoint).toEqual({
      'Fn::Join': ['', ['https://', {
        'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [expect.stringMatching(/^OrdersSecretsManagerEndpoint/), 'DnsEntries'] }] }] }],
      }]],
    });
  });

  test('rotation reaches Secrets Manager through an endpoint without private DNS in the data subnets', () => {
    const { template } = build();
    const [, endpoint] = only(template, 'AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' });
    expect(endpoint.Properties.PrivateDnsEnabled).toBe(false);
    expect(endpoint.Properties.ServiceName).toEqual({ 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.secretsmanager']] });
    expect(endpoint.Properties.SubnetIds.map((s: any) => s.Ref).sort()).toEqual(dataSubnetIds(template));
  });

  test('the ThreeTierVpc data-tier ACL lets the rotation function reach its endpoint in another AZ', () => {
    const { template } = build();
    const dataAcl = Object.keys(template.findResources('AWS::EC2::NetworkAcl')).find((id) => id.includes('DataNetworkAcl'))!;
    const https = (Object.values(template.findResources('AWS::EC2::NetworkAclEntry')) as any[])
      .filter((e) => e.Properties.NetworkAclId.Ref === dataAcl && !e.Properties.Egress && e.Properties.PortRange?.From === 443)
      .map((e) => e.Properties.CidrBlock);
    // The data tier's subnets, summarised: 10.0.64.0/22, 10.0.68.0/22 and 10.0.72.0/22.
    expect(https).toEqual(['10.0.64.0/21', '10.0.72.0/22']);
  });

  test('RDS Proxy in the data subnets requires TLS and IAM authentication, end to end for every user but the master', () => {
    const { template } = build();
    const [, proxy] = only(template, 'AWS::RDS::DBProxy');
    expect(proxy.Properties.RequireTLS).toBe(true);
    expect(proxy.Properties.EngineFamily).toEqual('POSTGRESQL');
    // Clients present IAM tokens; the proxy signs in as any user with IAM
    // ("Configuring IAM authentication for RDS Proxy", end-to-end IAM
    // authentication: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam-setup.html),
    // and as the master user with its secret, the only one registered.
    expect(proxy.Properties.DefaultAuthScheme).toEqual('IAM_AUTH');
    expect(proxy.Properties.Auth).toEqual([{
      AuthScheme: 'SECRETS',
      IAMAuth: 'REQUIRED',
      SecretArn: { Ref: expect.stringMatching(/^OrdersSecret/) },
    }]);
    expect(proxy.Properties.VpcSubnetIds.map((s: any) => s.Ref).sort()).toEqual(dataSubnetIds(template));
  });

  test('the proxy role reads only this secret and decrypts only with its key, through a customer-managed policy', () => {
    const { template } = build();
    const [roleId, role] = only(template, 'AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'rds.amazonaws.com' } })] } });
    expect(role.Properties.Policies).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }))).toEqual([]);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: Match.stringLikeRegexp('^OrdersSecretAttachment') } },
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
          },
        ],
      },
    });
  });

  test('a read-only proxy endpoint for the readers, and a target group that waits for the writer', () => {
    const { template, database } = build();
    template.hasResourceProperties('AWS::RDS::DBProxyEndpoint', { TargetRole: 'READ_ONLY' });
    const [, targetGroup] = only(template, 'AWS::RDS::DBProxyTargetGroup');
    const writerId = Object.keys(template.findResources('AWS::RDS::DBInstance')).find((id) => id.includes('Writer'));
    expect(targetGroup.DependsOn).toContain(writerId);
    const stack = Stack.of(database);
    expect(stack.resolve(database.endpoint)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OrdersProxy/), 'Endpoint'] });
    expect(stack.resolve(database.readerEndpoint)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OrdersProxyReadOnlyEndpoint/), 'Endpoint'] });
    expect(database.port).toEqual(5433);
  });

  test('security groups: only the proxy and the rotation function reach the database; nothing is open to 0.0.0.0/0', () => {
    const { template } = build();
    const groupId = (logicalPrefix: string) => {
      const ids = Object.keys(template.findResources('AWS::EC2::SecurityGroup')).filter((id) => id.startsWith(logicalPrefix));
      expect(ids).toHaveLength(1);
      return ids[0];
    };
    const database = groupId('OrdersDatabaseSecurityGroup');
    const proxy = groupId('OrdersProxySecurityGroup');
    const rotation = groupId('OrdersRotationSecurityGroup');
    const endpoint = groupId('OrdersSecretsManagerEndpointSecurityGroup');

    const ingress = (Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as any[]).map((r) => r.Properties);
    const into = (group: string) => ingress.filter((r) => r.GroupId['Fn::GetAtt'][0] === group)
      .map((r) => `${r.SourceSecurityGroupId?.['Fn::GetAtt'][0] ?? r.CidrIp}:${r.FromPort}-${r.ToPort}`).sort();
    expect(into(database)).toEqual([`${proxy}:5433-5433`, `${rotation}:5433-5433`].sort());
    expect(into(endpoint)).toEqual([`${rotation}:443-443`]);
    expect(into(proxy)).toEqual([]);

    // No security group anywhere in the stack admits or sends to 0.0.0.0/0 (the VPC's own
    // interface endpoints are off by default, and NACLs are not security groups).
    const everything = JSON.stringify([
      template.findResources('AWS::EC2::SecurityGroup'),
      template.findResources('AWS::EC2::SecurityGroupIngress'),
      template.findResources('AWS::EC2::SecurityGroupEgress'),
    ]);
    expect(everything).not.toContain('0.0.0.0/0');
    expect(everything).not.toContain('::/0');
  });

  test('allowConnectionsFrom opens the proxy, on the database port, to that peer only', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network');
    const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc });
    const app = new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc, allowAllOutbound: false });
    database.allowConnectionsFrom(app);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersProxySecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppSecurityGroup'), 'GroupId'] },
      FromPort: 5433,
      ToPort: 5433,
      IpProtocol: 'tcp',
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppSecurityGroup'), 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersProxySecurityGroup'), 'GroupId'] },
      FromPort: 5433,
    });
  });

  test('grantConnect grants rds-db:connect on the proxy for that database user', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network');
    const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc });
    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    database.grantConnect(role, 'orders_app');
    const template = Template.fromStack(stack);
    // A customer-managed policy beside the role, not CDK's inline default policy.
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AppRole') }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'rds-db:connect',
          Resource: {
            'Fn::Join': ['', [
              'arn:', { Ref: 'AWS::Partition' }, ':rds-db:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':dbuser:',
              { 'Fn::Select': [6, { 'Fn::Split': [':', { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersProxy'), 'DBProxyArn'] }] }] },
              '/orders_app',
            ]],
          },
        }],
      },
    });
  });

  test('grantConnect lets the proxy sign in to the database as that user with IAM, once per user; never as the master', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network');
    const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, masterUsername: 'admin_user' });
    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    database.grantConnect(role, 'orders_app');
    database.grantConnect(new iam.Role(stack, 'OtherRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }), 'orders_app');
    database.grantConnect(role, 'reports_app');
    database.grantConnect(role, 'admin_user');
    const template = Template.fromStack(stack);
    const [, policy] = only(template, 'AWS::IAM::ManagedPolicy', { Roles: [{ Ref: Match.stringLikeRegexp('^OrdersProxyRole') }] });
    const userOnTheDatabase = (user: string) => ({
      Effect: 'Allow',
      Action: 'rds-db:connect',
      Resource: {
        'Fn::Join': ['', [
          'arn:', { Ref: 'AWS::Partition' }, ':rds-db:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':dbuser:',
          { 'Fn::GetAtt': [expect.stringMatching(/^Orders[0-9A-F]{8}$/), 'DBClusterResourceId'] }, `/${user}`,
        ]],
      },
    });
    expect(policy.Properties.PolicyDocument.Statement.slice(2)).toEqual([userOnTheDatabase('orders_app'), userOnTheDatabase('reports_app')]);
  });

  test('grantConnect to a role that is not an L2 Role falls back to CDK\'s grant', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network');
    const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc });
    const imported = iam.Role.fromRoleName(stack, 'Imported', 'existing-role');
    database.grantConnect(imported, 'reporting');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['existing-role'],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'rds-db:connect' })] },
    });
  });

  test('grantConnect rejects a malformed database user', () => {
    const { database } = build();
    expect(() => database.grantConnect(new iam.AnyPrincipal(), 'orders app')).toThrow(new Error(
      "`dbUser` must be a database user name (a letter or '_', then letters, digits, '_', '$' or '-', at most 63 characters), got: 'orders app'."),
    );
  });

  test('alarms on CPU, freeable memory, connections and replica lag notify an encrypted topic', () => {
    const { template, database } = build();
    const metrics = (Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/RDS' } })) as any[]).map((a) => a.Properties.MetricName).sort();
    expect(metrics).toEqual(['AuroraReplicaLagMaximum', 'CPUUtilization', 'DatabaseConnections', 'FreeableMemory']);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', AlarmActions: [{ Ref: Match.stringLikeRegexp('^OrdersAlarmTopic') }] });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expect(database.alarms).toHaveLength(4);
  });

  test('AWS Backup: a daily plan into a vault encrypted with the key, selecting the cluster, with a role free of AWS managed policies', () => {
    const { template } = build();
    template.hasResource('AWS::Backup::BackupVault', { Properties: { EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersKey'), 'Arn'] } }, DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })] },
    });
    const [, selection] = only(template, 'AWS::Backup::BackupSelection');
    expect(selection.Properties.BackupSelection.Resources).toEqual([{ 'Fn::Join': ['', expect.arrayContaining([':cluster:', { Ref: expect.stringMatching(/^Orders[0-9A-F]{8}$/) }])] }]);
    const [, role] = only(template, 'AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] } });
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('MultiAzDatabase engines', () => {
  test.each<[string, () => DatabaseEngine, { port: number; tls: Record<string, string>; logs: string[]; aurora: boolean }]>([
    ['Aurora PostgreSQL', () => DatabaseEngine.auroraPostgres(), { port: 5433, tls: { 'rds.force_ssl': '1' }, logs: ['postgresql'], aurora: true }],
    // The slow query log is on (to files, which the export reads) and the general log off, for both MySQL engines:
    // "Publishing Amazon Aurora MySQL logs to Amazon CloudWatch Logs" says the logs other than the error log must be
    // turned on to be published (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Integrating.CloudWatch.html),
    // and the general log "increases the amount of data written to the database, which can degrade performance"
    // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.CommonDBATasks.Logs.html).
    ['Aurora MySQL', () => DatabaseEngine.auroraMysql(), {
      port: 3307,
      tls: {
        require_secure_transport: 'ON',
        server_audit_logging: '1',
        server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL',
        general_log: '0',
        slow_query_log: '1',
        long_query_time: '1',
        log_output: 'FILE',
      },
      logs: ['audit', 'error', 'general', 'slowquery'],
      aurora: true,
    }],
    ['PostgreSQL', () => DatabaseEngine.postgres(), { port: 5433, tls: { 'rds.force_ssl': '1' }, logs: ['postgresql', 'upgrade'], aurora: false }],
    ['MySQL', () => DatabaseEngine.mysql(), {
      port: 3307,
      tls: { require_secure_transport: 'ON', general_log: '0', slow_query_log: '1', long_query_time: '1', log_output: 'FILE' },
      logs: ['audit', 'error', 'general', 'slowquery'],
      aurora: false,
    }],
  ])('%s: non-default port, TLS and log parameters, and log exports', (_name, engine, expected) => {
    const { template, database } = build({ engine: engine() });
    expect(database.port).toEqual(expected.port);
    if (expected.aurora) {
      const [, cluster] = only(template, 'AWS::RDS::DBCluster');
      expect(cluster.Properties.Port).toEqual(expected.port);
      expect(cluster.Properties.EnableCloudwatchLogsExports).toEqual(expected.logs);
      expect(only(template, 'AWS::RDS::DBClusterParameterGroup')[1].Properties.Parameters).toEqual(expected.tls);
    } else {
      template.resourceCountIs('AWS::RDS::DBCluster', 0);
      const [, instance] = only(template, 'AWS::RDS::DBInstance');
      expect(instance.Properties).toEqual(expect.objectContaining({
        MultiAZ: true,
        Port: String(expected.port),
        EnableCloudwatchLogsExports: expected.logs,
        StorageEncrypted: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 14,
        EnableIAMDatabaseAuthentication: true,
        EnablePerformanceInsights: true,
        MonitoringInterval: 60,
        AutoMinorVersionUpgrade: true,
        PubliclyAccessible: false,
        AllocatedStorage: '100',
        StorageType: 'gp3',
      }));
      expect(only(template, 'AWS::RDS::DBParameterGroup')[1].Properties.Parameters).toEqual(expected.tls);
    }
  });

  test('Aurora MySQL backtracks 24 hours', () => {
    const { template } = build({ engine: DatabaseEngine.auroraMysql() });
    template.hasResourceProperties('AWS::RDS::DBCluster', { BacktrackWindow: 86400 });
  });

  test('RDS MySQL writes its audit log through the MariaDB audit plugin', () => {
    const { template } = build({ engine: DatabaseEngine.mysql() });
    template.hasResourceProperties('AWS::RDS::OptionGroup', { OptionConfigurations: [Match.objectLike({ OptionName: 'MARIADB_AUDIT_PLUGIN' })] });
  });

  test('RDS engines: alarms on free storage instead of replica lag, and AWS Backup selects the instance', () => {
    const { template } = build({ engine: DatabaseEngine.postgres() });
    const metrics = (Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/RDS' } })) as any[]).map((a) => a.Properties.MetricName).sort();
    expect(metrics).toEqual(['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'FreeableMemory']);
    expect(only(template, 'AWS::Backup::BackupSelection')[1].Properties.BackupSelection.Resources).toEqual([
      { 'Fn::Join': ['', expect.arrayContaining([':db:', { Ref: expect.stringMatching(/^Orders[0-9A-F]{8}$/) }])] },
    ]);
    template.resourceCountIs('AWS::RDS::DBProxyEndpoint', 0);
  });

  // Each default is a version RDS still creates databases with: cfn-lint's
  // W3690/W3691 data (deprecated versions) checks the synthesized defaults in
  // `npx projen lint:templates`; this table pins what the defaults are.
  // RDS User Guide, "Supported Regions and DB engines for Amazon RDS Proxy":
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.RDS_Fea_Regions_DB-eng.Feature.RDSProxy.html
  test.each([
    ['auroraPostgres', DatabaseEngine.auroraPostgres(), 'AWS::RDS::DBCluster', '17.9', 'AWS::RDS::DBClusterParameterGroup', 'aurora-postgresql17'],
    ['auroraMysql', DatabaseEngine.auroraMysql(), 'AWS::RDS::DBCluster', '8.0.mysql_aurora.3.10.4', 'AWS::RDS::DBClusterParameterGroup', 'aurora-mysql8.0'],
    ['postgres', DatabaseEngine.postgres(), 'AWS::RDS::DBInstance', '17.9', 'AWS::RDS::DBParameterGroup', 'postgres17'],
    ['mysql', DatabaseEngine.mysql(), 'AWS::RDS::DBInstance', '8.4.8', 'AWS::RDS::DBParameterGroup', 'mysql8.4'],
  ])('DatabaseEngine.%s() defaults to a creatable version, with its parameter-group family', (_name, engine, type, version, parameterGroupType, family) => {
    const { template } = build({ engine });
    expect(engine.version).toEqual(version);
    template.hasResourceProperties(type, { EngineVersion: version });
    template.hasResourceProperties(parameterGroupType, { Family: family });
  });

  test('engine versions can be chosen', () => {
    const { template } = build({ engine: DatabaseEngine.auroraPostgres(rds.AuroraPostgresEngineVersion.VER_16_4) });
    template.hasResourceProperties('AWS::RDS::DBCluster', { EngineVersion: '16.4' });
    expect(DatabaseEngine.mysql(rds.MysqlEngineVersion.VER_8_0_39).version).toEqual('8.0.39');
  });
});

describe('MultiAzDatabase options', () => {
  test('without the proxy, clients reach the cluster directly and grants name the cluster', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network');
    const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, proxy: false });
    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    database.grantConnect(role, 'orders_app');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    expect(database.proxy).toBeUndefined();
    expect(stack.resolve(database.endpoint)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Orders[0-9A-F]{8}$/), 'Endpoint.Address'] });
    expect(stack.resolve(database.readerEndpoint)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Orders[0-9A-F]{8}$/), 'ReadEndpoint.Address'] });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: 'rds-db:connect',
          Resource: { 'Fn::Join': ['', Match.arrayWith([':dbuser:', { 'Fn::GetAtt': [Match.stringLikeRegexp('^Orders[0-9A-F]{8}$'), 'DBClusterResourceId'] }])] },
        })],
      },
    });
  });

  test('readers, instance type, port, database name, backup retention, username, rotation and log retention', () => {
    const { template } = build({
      readers: 2,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE),
      port: 6543,
      databaseName: 'orders',
      backupRetention: Duration.days(35),
      masterUsername: 'owner',
      secretRotationInterval: Duration.days(7),
      logs: { retention: logs.RetentionDays.TWO_YEARS },
    });
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance')) as any[];
    expect(instances).toHaveLength(3);
    expect(instances.map((i) => i.Properties.AvailabilityZone['Fn::Select'][0])).toEqual([0, 1, 2]);
    expect(instances.every((i) => i.Properties.DBInstanceClass === 'db.r7g.xlarge')).toBe(true);
    template.hasResourceProperties('AWS::RDS::DBCluster', { Port: 6543, DatabaseName: 'orders', BackupRetentionPeriod: 35 });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"owner"}' }) });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
    const [, logGroup] = only(template, 'AWS::Logs::LogGroup', { RetentionInDays: 731 });
    expect(resolveName(logGroup.Properties.LogGroupName, TWO_STACK_IDS[0])).toMatch(/^\/aws\/rds\/cluster\/.+\/postgresql$/);
  });

  test('a given key, alarm topic and Secrets Manager endpoint are used; AWS Backup can be turned off', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network', { interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER] });
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'GivenTopic');
    const endpoint = network.vpc.node.findAll().find((c): c is ec2.InterfaceVpcEndpoint => c instanceof ec2.InterfaceVpcEndpoint)!;
    const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, encryptionKey: key, alarms: { topic }, secretsManagerEndpoint: endpoint, awsBackup: false });
    const template = Template.fromStack(stack);
    expect(database.encryptionKey).toBe(key);
    expect(database.alarmTopic).toBe(topic);
    template.hasResourceProperties('AWS::RDS::DBCluster', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GivenKey'), 'Arn'] } });
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 3); // S3, DynamoDB and the VPC's Secrets Manager endpoint
    // The given endpoint's own regional DNS name.
    const endpointId = stack.getLogicalId(endpoint.node.defaultChild as ec2.CfnVPCEndpoint);
    expect(only(template, 'AWS::Serverless::Application')[1].Properties.Parameters.endpoint).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [endpointId, 'DnsEntries'] }] }] }] }]],
    });
    template.resourceCountIs('AWS::Backup::BackupPlan', 0);
    // The exported logs get a key of their own, whose policy lets CloudWatch Logs use it.
    template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchLogsForThisAccount' })]) } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^GivenTopic') }] });
  });

  test('an imported Secrets Manager endpoint (which must have private DNS) is called by the regional Secrets Manager name', () => {
    const stack = new Stack(new App(), 'DataStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const network = new ThreeTierVpc(stack, 'Network');
    const endpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'Shared', { vpcEndpointId: 'vpce-0123456789abcdef0', port: 443 });
    new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, secretsManagerEndpoint: endpoint });
    const template = Template.fromStack(stack);
    expect(only(template, 'AWS::Serverless::Application')[1].Properties.Parameters.endpoint).toEqual(
      { 'Fn::Join': ['', ['https://secretsmanager.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] });
  });

  test('subnets with a route through NAT get a warning', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network');
    new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, vpcSubnets: network.applicationSubnets });
    Annotations.fromStack(stack).hasWarning('/DataStack/Orders', Match.stringLikeRegexp('^`vpcSubnets` includes subnets with a route to the internet through NAT \\(ApplicationSubnet1, ApplicationSubnet2, ApplicationSubnet3\\)'));
  });
});

// RDS identifiers, proxy names and backup vault names are unique per account
// and region, and the log groups and the vault are retained: every name
// carries the stack id's first 8 hex digits, so a second copy of a stack, a
// re-created stack and a replacement never collide. Naming rules: RDS User
// Guide, "Naming constraints in Amazon RDS"
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints);
// AWS Backup, CreateBackupVault (BackupVaultName: ^[a-zA-Z0-9\-\_]{2,50}$).
describe('MultiAzDatabase names', () => {
  const RDS_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

  function names(template: Template, stackId: string) {
    const resolveAll = (type: string, property: string) => (Object.values(template.findResources(type)) as any[])
      .map((r) => resolveName(r.Properties[property], stackId)).sort();
    return {
      clusters: resolveAll('AWS::RDS::DBCluster', 'DBClusterIdentifier'),
      instances: resolveAll('AWS::RDS::DBInstance', 'DBInstanceIdentifier'),
      proxies: resolveAll('AWS::RDS::DBProxy', 'DBProxyName'),
      proxyEndpoints: resolveAll('AWS::RDS::DBProxyEndpoint', 'DBProxyEndpointName'),
      logGroups: (Object.values(template.findResources('AWS::Logs::LogGroup')) as any[])
        .filter((r) => JSON.stringify(r.Properties.LogGroupName ?? '').includes('/aws/rds/'))
        .map((r) => resolveName(r.Properties.LogGroupName, stackId)),
      vaults: resolveAll('AWS::Backup::BackupVault', 'BackupVaultName'),
    };
  }

  test('every name carries the stack id, is stable for one stack and differs for another', () => {
    const { template } = build();
    const [first, second] = TWO_STACK_IDS.map((id) => names(template, id));
    expect(first.clusters).toHaveLength(1);
    const identifier = first.clusters[0];
    expect(identifier).toMatch(/^datastack-orders-[a-f0-9]{8}-51af3dc0$/);
    expect(first.instances).toEqual([`${identifier}-reader1`, `${identifier}-reader2`, `${identifier}-writer`]);
    expect(first.proxies).toEqual([`${identifier}-proxy`]);
    expect(first.proxyEndpoints).toEqual([`${identifier}-ro`]);
    expect(first.logGroups).toEqual([`/aws/rds/cluster/${identifier}/postgresql`]);
    expect(first.vaults).toHaveLength(1);
    expect(first.vaults[0]).toMatch(/^DataStack-Orders-[A-F0-9]{8}-51af3dc0$/);
    expect(JSON.stringify(second)).toEqual(JSON.stringify(first).replace(/51af3dc0/g, '9c1e04f0'));
    expect(names(template, TWO_STACK_IDS[0])).toEqual(first);
  });

  test('two databases in one account and region get different proxy names (no feature flag needed)', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network');
    new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc });
    new MultiAzDatabase(stack, 'Users', { vpc: network.vpc });
    const { proxies } = names(Template.fromStack(stack), TWO_STACK_IDS[0]);
    expect(new Set(proxies).size).toBe(2);
  });

  test('names keep to the RDS and AWS Backup limits on a 200-character path with 15 readers', () => {
    const stack = new Stack(new App(), 'DataStack');
    const network = new ThreeTierVpc(stack, 'Network');
    let scope: Construct = stack;
    for (let i = 0; i < 8; i++) {
      scope = new Construct(scope, `Level${i}WithAFairlyLongName`);
    }
    const database = new MultiAzDatabase(scope, 'OrdersDatabaseWithALongName', { vpc: network.vpc, readers: 15 });
    expect(database.node.path.length).toBeGreaterThan(200);
    const template = Template.fromStack(stack);
    // EC2 refuses a security group description over 255 characters (found by aws-cdk-lib's built-in validation).
    const descriptions = Object.values<any>(template.findResources('AWS::EC2::SecurityGroup')).map((group) => group.Properties.GroupDescription);
    expect(descriptions.filter((description) => description.includes('OrdersDatabaseWithALongName'))).toHaveLength(4);
    for (const description of descriptions) {
      expect(description.length).toBeLessThanOrEqual(255);
    }
    const found = names(template, TWO_STACK_IDS[0]);
    expect(found.instances).toHaveLength(16);
    for (const name of [...found.clusters, ...found.instances, ...found.proxyEndpoints]) {
      expect(name).toMatch(RDS_NAME);
      expect(name.length).toBeLessThanOrEqual(63);
    }
    expect(found.proxies[0]).toMatch(RDS_NAME);
    expect(found.proxies[0].length).toBeLessThanOrEqual(60);
    expect(found.vaults[0]).toMatch(/^[a-zA-Z0-9\-_]{2,50}$/);
  });

  test('a given identifier names the database, its instances, proxy and log groups, for a database that already has it', () => {
    const { template } = build({ identifier: 'datastack-orders-1a2b3c4d' });
    const found = names(template, TWO_STACK_IDS[0]);
    expect(found.clusters).toEqual(['datastack-orders-1a2b3c4d']);
    expect(found.instances).toEqual(['datastack-orders-1a2b3c4d-reader1', 'datastack-orders-1a2b3c4d-reader2', 'datastack-orders-1a2b3c4d-writer']);
    expect(found.proxies).toEqual(['datastack-orders-1a2b3c4d-proxy']);
    expect(found.logGroups).toEqual(['/aws/rds/cluster/datastack-orders-1a2b3c4d/postgresql']);
  });

  test('an RDS instance is named by the identifier too', () => {
    const { template } = build({ engine: DatabaseEngine.mysql() });
    const found = names(template, TWO_STACK_IDS[1]);
    expect(found.instances).toHaveLength(1);
    expect(found.instances[0]).toMatch(/^datastack-orders-[a-f0-9]{8}-9c1e04f0$/);
    expect(found.logGroups.sort()).toEqual(['audit', 'error', 'general', 'slowquery'].map((log) => `/aws/rds/instance/${found.instances[0]}/${log}`));
    expect(found.proxies).toEqual([`${found.instances[0]}-proxy`]);
  });
});

describe('MultiAzDatabase compliance', () => {
  test('default MultiAzDatabase in a default ThreeTierVpc: zero open findings in all six packs', () => {
    const { stack } = build();
    const report = expectCompliant(stack);
    const databaseAcks = [...new Set(report.acknowledgments.filter((a) => a.path.startsWith('DataStack/Orders/')).map((a) => `${a.ruleId}[${a.findingId}]`))].sort();
    expect(databaseAcks).toEqual([
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:RDSOSMetrics:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:RDSOSMetrics:log-stream:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster-auto-backup:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster-snapshot:awsbackup:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:snapshot:awsbackup:*]',
      'HIPAA.Security-RDSInBackupPlan[]',
      'NIST.800.53.R4-RDSInBackupPlan[]',
      'NIST.800.53.R5-RDSInBackupPlan[]',
    ]);
  });

  test('each Aurora instance acknowledges the built-in CloudFormation validation\'s W3010 (its zone is pinned on purpose), and nothing else of the database does', () => {
    const { stack } = build();
    const acknowledged = stack.node.findAll()
      .filter((c) => c.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && 'CloudFormation-Validate::W3010' in (m.data as object)))
      .map((c) => c.node.path);
    // (Newer aws-cdk-lib releases acknowledge it on the stack too, for the VPC's own subnets.)
    expect(acknowledged.filter((path) => path.startsWith('DataStack/Orders/'))).toEqual(['Writer', 'Reader1', 'Reader2'].map((id) => `DataStack/Orders/Resource/${id}/Resource`));
  });

  test.each([
    ['Aurora MySQL', () => DatabaseEngine.auroraMysql()],
    ['PostgreSQL', () => DatabaseEngine.postgres()],
    ['MySQL', () => DatabaseEngine.mysql()],
  ])('%s: zero open findings', (_name, engine) => {
    expectCompliant(build({ engine: engine() }).stack);
  });

  test('maximal configuration: zero open findings', () => {
    const stack = new Stack(new App(), 'DataStack', { env: { account: '111111111111', region: 'us-east-1' } });
    const network = new ThreeTierVpc(stack, 'Network');
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    const database = new MultiAzDatabase(stack, 'Orders', {
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      engine: DatabaseEngine.auroraMysql(),
      readers: 2,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE),
      port: 6033,
      databaseName: 'orders',
      backupRetention: Duration.days(30),
      proxy: true,
      encryptionKey: key,
      masterUsername: 'owner',
      secretRotationInterval: Duration.days(14),
      logs: { retention: logs.RetentionDays.TEN_YEARS },
      awsBackup: true,
    });
    database.allowConnectionsFrom(new ec2.SecurityGroup(stack, 'AppSecurityGroup', { vpc: network.vpc, allowAllOutbound: false }));
    expectCompliant(stack);
  });
});

describe('MultiAzDatabase bad input', () => {
  function stackWithVpc(vpcProps?: ec2.VpcProps) {
    const stack = new Stack(new App(), 'DataStack');
    const vpc = new ec2.Vpc(stack, 'Vpc', vpcProps ?? {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, { name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    return { stack, vpc };
  }

  test.each<[string, (vpc: ec2.IVpc) => Partial<MultiAzDatabaseProps>, string]>([
    ['readers below 1 for Aurora', () => ({ readers: 0 }), '`readers` must be a whole number from 1 to 15, so that a reader can take over from the writer, got: 0.'],
    [
      'readers for an RDS engine',
      () => ({ engine: DatabaseEngine.postgres(), readers: 2 }),
      '`readers` applies to Aurora engines only, got: 2 with postgres. An RDS engine runs as a Multi-AZ DB instance whose standby takes over on failure; use DatabaseEngine.auroraPostgres() or auroraMysql() for readers.',
    ],
    ['backup retention of 0 days', () => ({ backupRetention: Duration.days(0) }), '`backupRetention` must be a whole number of days from 1 to 35, got: 0 days.'],
    ['backup retention of 36 days', () => ({ backupRetention: Duration.days(36) }), '`backupRetention` must be a whole number of days from 1 to 35, got: 36 days.'],
    ['backup retention in hours', () => ({ backupRetention: Duration.hours(36) }), '`backupRetention` must be a whole number of days from 1 to 35, got: 1 day 12 hours.'],
    ['a port below 1150', () => ({ port: 1000 }), '`port` must be a whole number from 1150 to 65535, got: 1000.'],
    ...['Orders', 'orders--db', 'orders-', '1orders', 'a'.repeat(51)].map((identifier): [string, () => Partial<MultiAzDatabaseProps>, string] => [
      `the identifier '${identifier.slice(0, 12)}'`,
      () => ({ identifier }),
      `\`identifier\` must be 1 to 50 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got: '${identifier}'.`,
    ]),
    ['a port above 65535', () => ({ port: 70000 }), '`port` must be a whole number from 1150 to 65535, got: 70000.'],
    [
      'a selection that includes public subnets',
      () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }),
      '`vpcSubnets` selects public subnets (PublicSubnet1, PublicSubnet2); a database must not sit in a subnet routed to the internet. Select isolated subnets, such as ThreeTierVpc.dataSubnets (the default).',
    ],
    [
      'a selection spanning one AZ',
      (vpc) => ({ vpcSubnets: { subnets: [vpc.isolatedSubnets[0]] } }),
      '`vpcSubnets` spans 1 Availability Zone (${Token[TOKEN.',
    ],
  ])('%s', (_name, props, message) => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new MultiAzDatabase(stack, 'Orders', { vpc, ...props(vpc) })).toThrow(message);
    expect(stack.node.tryFindChild('Orders')).toBeUndefined();
  });

  test('a selection spanning one AZ names the AZ when it is known', () => {
    const stack = new Stack(new App(), 'DataStack', { env: { account: '111111111111', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expect(() => new MultiAzDatabase(stack, 'Orders', { vpc, vpcSubnets: { availabilityZones: [vpc.availabilityZones[0]] } })).toThrow(new Error(
      '`vpcSubnets` spans 1 Availability Zone (dummy1a); a Multi-AZ database needs subnets in at least 2.'),
    );
  });

  test('a VPC with one AZ', () => {
    const { stack, vpc } = stackWithVpc({ maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expect(() => new MultiAzDatabase(stack, 'Orders', { vpc })).toThrow(/^`vpcSubnets` spans 1 Availability Zone \(.+\); a Multi-AZ database needs subnets in at least 2\.$/);
    expect(stack.node.tryFindChild('Orders')).toBeUndefined();
  });

  test('a VPC without isolated subnets, and no selection', () => {
    const { stack, vpc } = stackWithVpc({ maxAzs: 2, natGateways: 1 });
    expect(() => new MultiAzDatabase(stack, 'Orders', { vpc })).toThrow(new Error(
      '`vpcSubnets` must be given: the VPC has no isolated subnets, where the database goes by default. Use a ThreeTierVpc (its dataSubnets), or select private subnets explicitly.'),
    );
  });
});
