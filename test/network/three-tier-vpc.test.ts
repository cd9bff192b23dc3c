import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ThreeTierVpc, ThreeTierVpcProps } from '../../src';
import { summarizeIpv4Cidrs } from '../../src/core/cidr';
import { expectCompliant } from '../compliance';

const ENV = { account: '123456789012', region: 'us-east-1' };

function envAgnosticStack() {
  return new Stack(new App(), 'TestStack');
}

function envStack(azs?: string[]) {
  const app = new App({
    context: azs ? { [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: azs } : {},
  });
  return new Stack(app, 'TestStack', { env: ENV });
}

function build(props?: ThreeTierVpcProps, stack = envAgnosticStack()) {
  const vpc = new ThreeTierVpc(stack, 'Network', props);
  return { stack, vpc, template: Template.fromStack(stack) };
}

/** Logical ids of the route tables of one tier, found through their subnets' tags. */
function routeTableIdsOfTier(template: Template, tier: string): string[] {
  const subnets = template.findResources('AWS::EC2::Subnet', {
    Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: tier }]) },
  });
  const associations = Object.values(template.findResources('AWS::EC2::SubnetRouteTableAssociation'));
  return associations
    .filter((a: any) => Object.keys(subnets).includes(a.Properties.SubnetId.Ref))
    .map((a: any) => a.Properties.RouteTableId.Ref);
}

function routesOf(template: Template, routeTableIds: string[]) {
  return Object.values(template.findResources('AWS::EC2::Route')).filter((r: any) => routeTableIds.includes(r.Properties.RouteTableId.Ref));
}

describe('ThreeTierVpc defaults', () => {
  test('three tiers in three AZs: nine subnets, three per tier', () => {
    const { template } = build();
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    for (const [tier, type] of [['Public', 'Public'], ['Application', 'Private'], ['Data', 'Isolated']]) {
      expect(Object.keys(template.findResources('AWS::EC2::Subnet', {
        Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: tier }, { Key: 'aws-cdk:subnet-type', Value: type }]) },
      }))).toHaveLength(3);
    }
  });

  test('default masks are /24 public, /20 application, /22 data', () => {
    const { vpc } = build();
    const cidrs = (selection: ec2.SubnetSelection) => vpc.vpc.selectSubnets(selection).subnets.map((s) => s.ipv4CidrBlock);
    expect(cidrs(vpc.publicSubnets)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(cidrs(vpc.applicationSubnets)).toEqual(['10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20']);
    expect(cidrs(vpc.dataSubnets)).toEqual(['10.0.64.0/22', '10.0.68.0/22', '10.0.72.0/22']);
  });

  test('in an environment-agnostic stack, the three AZs are chosen at deploy time', () => {
    const { template } = build();
    for (const index of [0, 1, 2]) {
      template.hasResourceProperties('AWS::EC2::Subnet', {
        AvailabilityZone: { 'Fn::Select': [index, { 'Fn::GetAZs': '' }] },
      });
    }
  });

  test('in a stack with an environment, the region\'s AZs come from the context', () => {
    const { template } = build({}, envStack(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']));
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    for (const az of ['us-east-1a', 'us-east-1b', 'us-east-1c']) {
      expect(Object.keys(template.findResources('AWS::EC2::Subnet', { Properties: { AvailabilityZone: az } }))).toHaveLength(3);
    }
  });

  test('data subnets have no route to an internet or NAT gateway', () => {
    const { template } = build();
    const dataRouteTables = routeTableIdsOfTier(template, 'Data');
    expect(dataRouteTables).toHaveLength(3);
    expect(routesOf(template, dataRouteTables)).toEqual([]);
  });

  test('application subnets reach the internet only through NAT, public subnets through the internet gateway', () => {
    const { template } = build();
    const applicationRoutes = routesOf(template, routeTableIdsOfTier(template, 'Application'));
    expect(applicationRoutes).toHaveLength(3);
    for (const route of applicationRoutes as any[]) {
      expect(route.Properties).toEqual(expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: expect.anything() }));
      expect(route.Properties.GatewayId).toBeUndefined();
    }
    const publicRoutes = routesOf(template, routeTableIdsOfTier(template, 'Public'));
    expect(publicRoutes).toHaveLength(3);
    for (const route of publicRoutes as any[]) {
      expect(route.Properties).toEqual(expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: expect.anything() }));
    }
  });

  test('one NAT gateway per AZ, in the public tier', () => {
    const { template } = build();
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  test('public subnets do not hand out public IPs', () => {
    const { template } = build();
    expect(Object.keys(template.findResources('AWS::EC2::Subnet', { Properties: { MapPublicIpOnLaunch: true } }))).toHaveLength(0);
    // ec2.Vpc already sets false on private and isolated subnets; the public tier is the one that matters.
    expect(Object.keys(template.findResources('AWS::EC2::Subnet', { Properties: { MapPublicIpOnLaunch: false } }))).toHaveLength(9);
  });

  test('flow logs go to a KMS-encrypted log group kept for one year', () => {
    const { template, vpc } = build();
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('NetworkFlowLogs') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NetworkFlowLogsKey'), 'Arn'] },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    expect(vpc.flowLogGroup).toBeDefined();
    expect(vpc.flowLogsEncryptionKey).toBeDefined();
  });

  test('the flow logs key lets only CloudWatch Logs of this account use it', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsForThisAccount',
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('the flow logs role has a customer-managed policy scoped to its log group, and no inline policy', () => {
    const { template } = build();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('NetworkFlowLogs'), 'Arn'] },
        }],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^NetworkFlowLogsRole') }],
    });
    // The flow log is created once the role has its permissions.
    const [flowLogId, flowLog] = Object.entries<any>(template.findResources('AWS::EC2::FlowLog'))[0];
    expect(flowLogId).toMatch(/^NetworkFlowLog/);
    expect(flowLog.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^NetworkFlowLogsPolicy/)]));
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        })],
      },
    });
    expect(Object.values<any>(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'vpc-flow-logs.amazonaws.com' } })] } } }))
      .map((role) => role.Properties.ManagedPolicyArns)).toEqual([undefined]);
  });

  test('S3 and DynamoDB gateway endpoints serve the application and data tiers', () => {
    const { template } = build();
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    const applicationAndData = [...routeTableIdsOfTier(template, 'Application'), ...routeTableIdsOfTier(template, 'Data')].sort();
    for (const service of ['s3', 'dynamodb']) {
      const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint', {
        Properties: { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${service}`]] } },
      })) as any[];
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0].Properties.RouteTableIds.map((r: any) => r.Ref).sort()).toEqual(applicationAndData);
    }
  });

  test('the default security group is restricted', () => {
    const { template } = build();
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('each tier has its own network ACL', () => {
    const { template } = build();
    template.resourceCountIs('AWS::EC2::NetworkAcl', 3);
    template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 9);
  });

  /** ICMP "fragmentation needed", which path MTU discovery needs in and out of every tier. */
  const PATH_MTU = { cidr: '0.0.0.0/0', from: -1, to: -1, protocol: 1, icmp: { Type: 3, Code: 4 } };

  test('public ACL admits 80 and 443 from anywhere, TCP from inside the VPC (to NAT), ephemeral return traffic and path MTU discovery', () => {
    const { template } = build();
    expect(aclEntries(template, 'PublicNetworkAcl', false)).toEqual([
      { cidr: '0.0.0.0/0', from: 443, to: 443, protocol: 6 },
      { cidr: '0.0.0.0/0', from: 80, to: 80, protocol: 6 },
      { cidr: '0.0.0.0/0', from: 1024, to: 65535, protocol: 6 },
      { cidr: '10.0.0.0/16', from: 0, to: 65535, protocol: 6 },
      PATH_MTU,
    ]);
    expect(aclEntries(template, 'PublicNetworkAcl', true)).toEqual([
      { cidr: '0.0.0.0/0', from: 443, to: 443, protocol: 6 },
      { cidr: '0.0.0.0/0', from: 80, to: 80, protocol: 6 },
      { cidr: '0.0.0.0/0', from: 1024, to: 65535, protocol: 6 },
      { cidr: '10.0.16.0/20', from: -1, to: -1, protocol: -1 },
      { cidr: '10.0.32.0/19', from: -1, to: -1, protocol: -1 },
      PATH_MTU,
    ]);
  });

  test('application ACL admits the public, application and data tiers, ephemeral return traffic and path MTU discovery; out to the internet on 80 and 443 only', () => {
    const { template } = build();
    const tiers = ['10.0.0.0/23', '10.0.2.0/24', '10.0.16.0/20', '10.0.32.0/19', '10.0.64.0/21', '10.0.72.0/22'];
    expect(aclEntries(template, 'ApplicationNetworkAcl', false)).toEqual([
      ...tiers.map((cidr) => ({ cidr, from: 0, to: 65535, protocol: 6 })),
      { cidr: '0.0.0.0/0', from: 1024, to: 65535, protocol: 6 },
      PATH_MTU,
    ]);
    expect(aclEntries(template, 'ApplicationNetworkAcl', true)).toEqual([
      { cidr: '0.0.0.0/0', from: 80, to: 80, protocol: 6 },
      { cidr: '0.0.0.0/0', from: 443, to: 443, protocol: 6 },
      { cidr: '0.0.0.0/0', from: 1024, to: 65535, protocol: 6 },
      ...tiers.map((cidr) => ({ cidr, from: 0, to: 65535, protocol: 6 })),
      PATH_MTU,
    ]);
  });

  test('data ACL admits only the application and data tiers (database ports, HTTPS within the tier) and return traffic; out to the tiers and the gateway endpoints', () => {
    const { template } = build();
    const peers = ['10.0.16.0/20', '10.0.32.0/19', '10.0.64.0/21', '10.0.72.0/22'];
    const dataTier = ['10.0.64.0/21', '10.0.72.0/22'];
    expect(aclEntries(template, 'DataNetworkAcl', false)).toEqual([
      ...peers.map((cidr) => ({ cidr, from: 3306, to: 3307, protocol: 6 })),
      ...peers.map((cidr) => ({ cidr, from: 5432, to: 5433, protocol: 6 })),
      ...dataTier.map((cidr) => ({ cidr, from: 443, to: 443, protocol: 6 })),
      { cidr: '0.0.0.0/0', from: 1024, to: 65535, protocol: 6 },
      PATH_MTU,
    ]);
    expect(aclEntries(template, 'DataNetworkAcl', true)).toEqual([
      ...peers.map((cidr) => ({ cidr, from: 0, to: 65535, protocol: 6 })),
      { cidr: '0.0.0.0/0', from: 443, to: 443, protocol: 6 },
      PATH_MTU,
    ]);
  });

  /**
   * A network ACL cannot name the S3 and DynamoDB prefix lists ("You can't reference prefix lists in network ACL
   * rules", https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html), so the data tier's HTTPS
   * rule names anywhere, and what bounds it is routing: the data tier's route tables send nothing out of the VPC
   * but the gateway endpoints' prefix lists.
   */
  test('the data tier reaches S3 and DynamoDB through the gateway endpoints, and nothing else outside the VPC', () => {
    const { vpc, template } = build();
    const dataRouteTables = new Set(vpc.vpc.isolatedSubnets.map((subnet) => subnet.routeTable.routeTableId));
    const resolved = (value: unknown) => JSON.stringify(Stack.of(vpc).resolve(value));
    const dataRouteTableIds = new Set([...dataRouteTables].map(resolved));
    const routesOut = Object.values<any>(template.findResources('AWS::EC2::Route'))
      .filter((route) => dataRouteTableIds.has(JSON.stringify(route.Properties.RouteTableId)));
    expect(routesOut).toEqual([]);
    const endpoints = Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }));
    expect(endpoints).toHaveLength(2);
    for (const endpoint of endpoints) {
      const tables = new Set(endpoint.Properties.RouteTableIds.map((id: unknown) => JSON.stringify(id)));
      expect([...dataRouteTableIds].every((id) => tables.has(id))).toBe(true);
    }
  });

  test('without gateway endpoints the data tier sends nothing outside the VPC and takes return traffic from the tiers only', () => {
    const { template } = build({ gatewayEndpoints: false });
    expect(aclEntries(template, 'DataNetworkAcl', true).filter((e) => e.cidr === '0.0.0.0/0').map((e) => e.protocol)).toEqual([1]);
    expect(aclEntries(template, 'DataNetworkAcl', false).filter((e) => e.from === 1024).map((e) => e.cidr))
      .toEqual(['10.0.16.0/20', '10.0.32.0/19', '10.0.64.0/21', '10.0.72.0/22']);
  });

  test('members select the three tiers by name', () => {
    const { vpc } = build();
    expect(vpc.publicSubnets).toEqual({ subnetGroupName: 'Public' });
    expect(vpc.applicationSubnets).toEqual({ subnetGroupName: 'Application' });
    expect(vpc.dataSubnets).toEqual({ subnetGroupName: 'Data' });
    expect(vpc.vpc.selectSubnets(vpc.dataSubnets).subnets).toEqual(vpc.vpc.isolatedSubnets);
    expect(vpc.vpc.selectSubnets(vpc.applicationSubnets).subnets).toEqual(vpc.vpc.privateSubnets);
  });

  test('has zero open findings across all six cdk-nag packs', () => {
    const { stack } = build();
    const report = expectCompliant(stack);
    // The only acknowledgments: the public tier's route to the internet gateway, and the network ACLs (AwsSolutions-VPC3).
    expect([...new Set(report.acknowledgments.map((a) => a.ruleId))].sort()).toEqual([
      'AwsSolutions-VPC3',
      'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
    ]);
    const routeAcks = report.acknowledgments.filter((a) => a.ruleId.endsWith('VPCNoUnrestrictedRouteToIGW'));
    expect(routeAcks.every((a) => /\/Resource\/PublicSubnet\d\/DefaultRoute$/.test(a.path))).toBe(true);
  });
});

describe('ThreeTierVpc options', () => {
  test('custom CIDR, two AZs and per-tier masks', () => {
    const { vpc, template } = build({ cidr: '172.16.0.0/20', maxAzs: 2, publicCidrMask: 26, applicationCidrMask: 23, dataCidrMask: 25 });
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '172.16.0.0/20' });
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    expect(vpc.vpc.selectSubnets(vpc.dataSubnets).subnets.map((s) => s.ipv4CidrBlock)).toEqual(['172.16.6.0/25', '172.16.6.128/25']);
  });

  test('default masks follow the VPC prefix', () => {
    const { vpc } = build({ cidr: '10.1.0.0/20' });
    expect(vpc.vpc.selectSubnets(vpc.publicSubnets).subnets[0].ipv4CidrBlock).toMatch(/\/28$/);
    expect(vpc.vpc.selectSubnets(vpc.applicationSubnets).subnets[0].ipv4CidrBlock).toMatch(/\/24$/);
    expect(vpc.vpc.selectSubnets(vpc.dataSubnets).subnets[0].ipv4CidrBlock).toMatch(/\/26$/);
  });

  test('one NAT gateway as the cheaper option', () => {
    const { template } = build({ natGateways: 1 });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
  });

  test('flow logs to S3', () => {
    const stack = envAgnosticStack();
    const bucket = new s3.Bucket(stack, 'FlowLogsBucket');
    const { template, vpc } = build({ flowLogsBucket: bucket }, stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      LogDestinationType: 's3',
      LogDestination: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('FlowLogsBucket'), 'Arn'] }, '/vpc-flow-logs/']] },
    });
    // Only the default-security-group provider's own log group and key remain.
    expect(withoutProviderLogs(template, 'AWS::Logs::LogGroup')).toEqual([]);
    expect(withoutProviderLogs(template, 'AWS::KMS::Key')).toEqual([]);
    expect(vpc.flowLogGroup).toBeUndefined();
  });

  test('flow logs with a given key and retention', () => {
    const stack = envAgnosticStack();
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    const { template, vpc } = build({ logs: { encryptionKey: key, retention: logs.RetentionDays.TWO_YEARS } }, stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('GivenKey'), 'Arn'] } });
    expect(withoutProviderLogs(template, 'AWS::KMS::Key')).toEqual([stack.getLogicalId(key.node.defaultChild as kms.CfnKey)]);
    expect(vpc.flowLogsEncryptionKey).toBe(key);
  });

  test('interface endpoints in the application tier, HTTPS from inside the VPC only', () => {
    const { template } = build({
      interfaceEndpoints: [
        ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        ec2.InterfaceVpcEndpointAwsService.KMS,
        ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      ],
    });
    const applicationSubnets = Object.keys(template.findResources('AWS::EC2::Subnet', {
      Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Application' }]) },
    })).sort();
    const interfaces = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } })) as any[];
    expect(interfaces).toHaveLength(2);
    for (const endpoint of interfaces) {
      expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
      expect(endpoint.Properties.SubnetIds.map((s: any) => s.Ref).sort()).toEqual(applicationSubnets);
    }
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('gateway endpoints, default security group restriction and network ACLs can be turned off', () => {
    const { template } = build({ gatewayEndpoints: false, restrictDefaultSecurityGroup: false, networkAcls: false });
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 0);
    template.resourceCountIs('AWS::EC2::NetworkAcl', 0);
  });

  test('more ports out to the internet for the application tier, through NAT', () => {
    const { template } = build({ applicationEgressPorts: [443, 80, 587, 5432, 5433] });
    expect(aclEntries(template, 'ApplicationNetworkAcl', true).filter((e) => e.cidr === '0.0.0.0/0' && e.protocol === 6).map((e) => `${e.from}-${e.to}`))
      .toEqual(['80-80', '443-443', '587-587', '5432-5433', '1024-65535']);
    expect(aclEntries(template, 'PublicNetworkAcl', true).filter((e) => e.cidr === '0.0.0.0/0' && e.protocol === 6).map((e) => `${e.from}-${e.to}`))
      .toEqual(['443-443', '80-80', '587-587', '5432-5433', '1024-65535']);
  });

  test('custom database ports in the data ACL; consecutive ports share an entry', () => {
    const { template } = build({ databasePorts: [1433, 1433, 1521, 1522, 1523] });
    const ranges = new Set(aclEntries(template, 'DataNetworkAcl', false).map((e) => `${e.from}-${e.to}`));
    expect([...ranges]).toEqual(['1433-1433', '1521-1523', '443-443', '1024-65535', '-1--1']);
  });

  test('fewer AZs in the region than maxAzs: spans what exists, with a warning', () => {
    const { stack, template } = build({ maxAzs: 3 }, envStack(['eu-south-2a', 'eu-south-2b']));
    template.resourceCountIs('AWS::EC2::Subnet', 6);
    Annotations.fromStack(stack).hasWarning('/TestStack/Network', Match.stringLikeRegexp('`maxAzs` is 3, but region us-east-1 offers 2 Availability Zones; the VPC spans 2.'));
  });

  test('maximal configuration has zero open findings across all six cdk-nag packs', () => {
    const stack = envStack(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']);
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    new ThreeTierVpc(stack, 'Network', {
      cidr: '10.20.0.0/16',
      maxAzs: 4,
      natGateways: 2,
      publicCidrMask: 25,
      applicationCidrMask: 21,
      dataCidrMask: 23,
      logs: { encryptionKey: key, retention: logs.RetentionDays.TEN_YEARS },
      gatewayEndpoints: true,
      interfaceEndpoints: [
        ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        ec2.InterfaceVpcEndpointAwsService.KMS,
        ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      ],
      restrictDefaultSecurityGroup: true,
      networkAcls: true,
      databasePorts: [5432, 3306, 1433],
    });
    expect(() => expectCompliant(stack)).not.toThrow();
  });

  test('flow logs to S3 keep the VPC itself free of findings', () => {
    const app = new App();
    const bucketStack = new Stack(app, 'LogsStack');
    const bucket = new s3.Bucket(bucketStack, 'FlowLogsBucket');
    const stack = new Stack(app, 'TestStack');
    new ThreeTierVpc(stack, 'Network', { flowLogsBucket: bucket });
    expect(() => expectCompliant(stack)).not.toThrow();
  });
});

describe('ThreeTierVpc bad input', () => {
  test.each<[string, ThreeTierVpcProps, string]>([
    ['a CIDR that does not parse', { cidr: '10.0.0/16' }, "`cidr` must be an IPv4 CIDR block such as '10.0.0.0/16', got: '10.0.0/16'."],
    ['a CIDR with an octet above 255', { cidr: '10.300.0.0/16' }, "`cidr` must be an IPv4 CIDR block such as '10.0.0.0/16', got: '10.300.0.0/16'."],
    ['a prefix below /16', { cidr: '10.0.0.0/8' }, "`cidr` must have a prefix between /16 and /28 (the sizes AWS allows for a VPC), got: '10.0.0.0/8'."],
    ['a prefix above /28', { cidr: '10.0.0.0/29' }, "`cidr` must have a prefix between /16 and /28 (the sizes AWS allows for a VPC), got: '10.0.0.0/29'."],
    ['a CIDR that is not a network address', { cidr: '10.0.1.0/16' }, "`cidr` must start at its network address, got: '10.0.1.0/16'. Did you mean '10.0.0.0/16'?"],
    ['maxAzs below 2', { maxAzs: 1 }, '`maxAzs` must be a whole number of at least 2, so that every tier survives the loss of an Availability Zone, got: 1.'],
    ['a fractional maxAzs', { maxAzs: 2.5 }, '`maxAzs` must be a whole number of at least 2, so that every tier survives the loss of an Availability Zone, got: 2.5.'],
    ['natGateways above maxAzs', { maxAzs: 2, natGateways: 3 }, '`natGateways` must be a whole number between 1 and `maxAzs` (2), got: 3.'],
    ['no NAT gateway', { natGateways: 0 }, '`natGateways` must be a whole number between 1 and `maxAzs` (3), got: 0.'],
    ['a tier mask outside /16 to /28', { dataCidrMask: 29 }, '`dataCidrMask` must be a whole number between 16 and 28 (the subnet sizes AWS allows), got: 29.'],
    [
      'a tier mask wider than the VPC',
      { cidr: '10.0.0.0/20', applicationCidrMask: 18 },
      "`applicationCidrMask` must not be wider than the VPC's /20 (`cidr` '10.0.0.0/20'), got: 18.",
    ],
    [
      'tier masks that do not fit the VPC',
      { cidr: '10.0.0.0/24', publicCidrMask: 26 },
      "The tier masks do not fit the VPC: `publicCidrMask` 26, `applicationCidrMask` 28 and `dataCidrMask` 28 across 3 Availability Zones need 288 addresses, but `cidr` '10.0.0.0/24' has 256. Use longer masks, fewer AZs, or a larger `cidr`.",
    ],
    ['no database ports', { databasePorts: [] }, "`databasePorts` must list at least one port, got: []. Set `networkAcls: false` to go without the data tier's network ACL."],
    ['a database port out of range', { databasePorts: [5432, 70000] }, '`databasePorts` must hold TCP ports between 1 and 65535, got: 70000.'],
    ['an egress port out of range', { applicationEgressPorts: [443, 0] }, '`applicationEgressPorts` must hold TCP ports between 1 and 65535, got: 0.'],
    // Network ACL rules: 20 per ACL and direction (Amazon VPC quotas, https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
    ['egress ports over the ACL rule quota', { applicationEgressPorts: [21, 25, 80, 443, 587, 993, 8443] },
      '`applicationEgressPorts` must form at most 6 port ranges (consecutive ports form one), got: 7. Each range is a rule in two network ACLs, which hold 20 rules per direction.'],
  ])('%s', (_case, props, message) => {
    const stack = envAgnosticStack();
    expect(() => new ThreeTierVpc(stack, 'Network', props)).toThrow(message);
    // Nothing is half-created: not even the ThreeTierVpc node joined the tree.
    expect(stack.node.tryFindChild('Network')).toBeUndefined();
  });

  test('a region with a single AZ', () => {
    const stack = envStack(['us-east-1a']);
    expect(() => new ThreeTierVpc(stack, 'Network')).toThrow(new Error(
      '`maxAzs` needs at least 2 Availability Zones, but region us-east-1 offers 1 (us-east-1a) in the CDK context.'),
    );
    expect(stack.node.tryFindChild('Network')).toBeUndefined();
  });
});

interface AclEntrySummary { cidr: string; from: number; to: number; protocol: number; icmp?: { Type: number; Code: number } }

/** The entries of one tier's ACL in rule-number order, reduced to what the rules mean. */
function aclEntries(template: Template, aclId: string, egress: boolean): AclEntrySummary[] {
  const acls = Object.keys(template.findResources('AWS::EC2::NetworkAcl')).filter((id) => id.includes(aclId));
  expect(acls).toHaveLength(1);
  return (Object.values(template.findResources('AWS::EC2::NetworkAclEntry')) as any[])
    .filter((e) => e.Properties.NetworkAclId.Ref === acls[0] && e.Properties.Egress === egress)
    .sort((a, b) => a.Properties.RuleNumber - b.Properties.RuleNumber)
    .map((e) => {
      expect(e.Properties.RuleAction).toEqual('allow');
      return {
        cidr: e.Properties.CidrBlock,
        from: e.Properties.PortRange?.From ?? -1,
        to: e.Properties.PortRange?.To ?? -1,
        protocol: e.Properties.Protocol,
        ...(e.Properties.Icmp ? { icmp: e.Properties.Icmp } : {}),
      };
    });
}

/** Logical ids of `type`, except the logs of aws-cdk-lib's default-security-group provider. */
/** The resources of `type` but those of the default-security-group provider's logs and of the alarm topic. */
function withoutProviderLogs(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type)).filter((id) => !id.startsWith('CustomVpcRestrictDefaultSGCustomResourceProvider') && !id.startsWith('NetworkAlarmTopic'));
}

// Amazon VPC quotas (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html),
// "Rules per network ACL": 20 by default, "a one-way quota", which "includes the default deny
// rules" and "can be increased up to a maximum of 40".
describe('ThreeTierVpc network ACL rule quota', () => {
  const ACLS = ['PublicNetworkAcl', 'ApplicationNetworkAcl', 'DataNetworkAcl'];

  test.each([2, 3, 4, 5, 6])('the default ports fit the quota in every ACL and direction with %i AZs', (maxAzs) => {
    const { template } = build({ maxAzs });
    for (const acl of ACLS) {
      for (const egress of [false, true]) {
        // The default deny rule counts toward the quota too.
        expect(aclEntries(template, acl, egress).length + 1).toBeLessThanOrEqual(20);
      }
    }
    // 5 AZs is the fullest: 14 inbound entries in the data tier.
    if (maxAzs === 5) {
      expect(aclEntries(template, 'DataNetworkAcl', false)).toHaveLength(14);
    }
  });

  // The quota is checked on subnets worked out before ec2.Vpc creates them;
  // the ACL entries must name exactly the subnets it then creates.
  test.each<[string, ThreeTierVpcProps]>([
    ['the defaults', {}],
    ['5 AZs', { maxAzs: 5 }],
    ['a /20 with uneven masks', { cidr: '172.16.0.0/20', maxAzs: 2, publicCidrMask: 27, applicationCidrMask: 23, dataCidrMask: 25 }],
    ['6 AZs in a /18', { cidr: '10.20.0.0/18', maxAzs: 6 }],
  ])('the ACLs of %s name the subnets ec2.Vpc creates', (_case, props) => {
    const { vpc, template } = build(props);
    const cidrsOf = (subnets: ec2.ISubnet[]) => subnets.map((s) => s.ipv4CidrBlock);
    const dataPeers = summarizeIpv4Cidrs([...cidrsOf(vpc.vpc.privateSubnets), ...cidrsOf(vpc.vpc.isolatedSubnets)]);
    const allTiers = summarizeIpv4Cidrs([...cidrsOf(vpc.vpc.publicSubnets), ...cidrsOf(vpc.vpc.privateSubnets), ...cidrsOf(vpc.vpc.isolatedSubnets)]);
    expect(aclEntries(template, 'DataNetworkAcl', true).filter((e) => e.cidr !== '0.0.0.0/0').map((e) => e.cidr)).toEqual(dataPeers);
    expect(aclEntries(template, 'ApplicationNetworkAcl', false).filter((e) => e.cidr !== '0.0.0.0/0').map((e) => e.cidr)).toEqual(allTiers);
  });

  test('a raised quota admits more rules', () => {
    const { template } = build({ databasePorts: [1433, 1521, 3306, 5432, 27017], networkAclRuleQuota: 40 });
    expect(aclEntries(template, 'DataNetworkAcl', false)).toHaveLength(24);
  });

  test.each<[string, ThreeTierVpcProps, string]>([
    [
      'four separate database ports in 3 AZs',
      { databasePorts: [1433, 1521, 3306, 5432] },
      'The data tier\'s inbound network ACL needs 21 rules (20 entries and the default deny), more than the quota of 20 per direction (`networkAclRuleQuota`): ' +
      '`databasePorts` [1433, 1521, 3306, 5432] form 4 port range(s), each a rule for every CIDR block of the application and data tiers in 3 Availability Zones. ' +
      'Use fewer or consecutive ports, fewer Availability Zones (`maxAzs`), or have AWS raise the quota (up to 40) and set `networkAclRuleQuota`.',
    ],
    [
      'five separate database ports in 5 AZs, with a raised quota of 25',
      { maxAzs: 5, databasePorts: [1433, 1521, 3306, 5432, 27017], networkAclRuleQuota: 25 },
      'The data tier\'s inbound network ACL needs 30 rules (29 entries and the default deny), more than the quota of 25 per direction (`networkAclRuleQuota`): ' +
      '`databasePorts` [1433, 1521, 3306, 5432, 27017] form 5 port range(s), each a rule for every CIDR block of the application and data tiers in 5 Availability Zones. ' +
      'Use fewer or consecutive ports, fewer Availability Zones (`maxAzs`), or have AWS raise the quota (up to 40) and set `networkAclRuleQuota`.',
    ],
    [
      'a quota below the default',
      { networkAclRuleQuota: 10 },
      '`networkAclRuleQuota` must be a whole number from 20 to 40 (the default quota of rules per network ACL and direction, and the most AWS raises it to), got: 10.',
    ],
    [
      'a quota above what AWS grants',
      { networkAclRuleQuota: 41 },
      '`networkAclRuleQuota` must be a whole number from 20 to 40 (the default quota of rules per network ACL and direction, and the most AWS raises it to), got: 41.',
    ],
  ])('%s is refused at synth', (_case, props, message) => {
    const stack = envAgnosticStack();
    expect(() => new ThreeTierVpc(stack, 'Network', props)).toThrow(new Error(message));
    expect(stack.node.tryFindChild('Network')).toBeUndefined();
  });

  test('without network ACLs nothing is counted', () => {
    const { template } = build({ networkAcls: false, databasePorts: [1433, 1521, 3306, 5432, 27017] });
    template.resourceCountIs('AWS::EC2::NetworkAclEntry', 0);
  });
});

// AWS Control Tower CT.EC2.PR.5 fails an ingress entry from anywhere whose TCP range holds 22 or 3389;
// return traffic needs 1024-65535 ("A NAT gateway uses ports 1024-65535", "AWS Lambda functions use
// ports 1024-65535": VPC User Guide, https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
test('CT.EC2.PR.5 is acknowledged on the ephemeral-port entries from anywhere, and on nothing else', () => {
  const { template } = build();
  const entries = Object.values(template.findResources('AWS::EC2::NetworkAclEntry')) as any[];
  const acknowledged = entries.filter((e) => (e.Metadata?.guard?.SuppressedRules ?? []).includes('CT.EC2.PR.5'));
  expect(acknowledged).toHaveLength(3);
  for (const entry of acknowledged) {
    expect(entry.Properties).toEqual(expect.objectContaining({ Egress: false, CidrBlock: '0.0.0.0/0', Protocol: 6, PortRange: { From: 1024, To: 65535 } }));
    expect(entry.Metadata.cdk_paved_road_controls['CT.EC2.PR.5'])
      .toMatch(/^Network ACLs are stateless, and NAT gateways and Lambda functions use source ports 1024-65535/);
  }
  const otherFromAnywhere = entries.filter((e) => !acknowledged.includes(e) && e.Properties.CidrBlock === '0.0.0.0/0' && !e.Properties.Egress);
  expect(otherFromAnywhere.map((e) => e.Properties.PortRange ?? e.Properties.Icmp))
    .toEqual(expect.arrayContaining([{ From: 443, To: 443 }, { From: 80, To: 80 }]));
  expect(otherFromAnywhere.every((e) => e.Properties.Protocol === 1 || e.Properties.PortRange.To < 3389)).toBe(true);
});

describe('ThreeTierVpc default security group provider', () => {
  test('its role writes only its own encrypted log group, through a customer-managed policy, once per stack', () => {
    const stack = new Stack(new App(), 'Providers');
    new ThreeTierVpc(stack, 'First');
    new ThreeTierVpc(stack, 'Second', { cidr: '10.1.0.0/16' });
    const template = Template.fromStack(stack);
    const [roleId, role] = Object.entries<any>(template.findResources('AWS::IAM::Role'))
      .find(([id]) => id.startsWith('CustomVpcRestrictDefaultSGCustomResourceProviderRole'))!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const [handlerId] = Object.keys(template.findResources('AWS::Lambda::Function'))
      .filter((id) => id.startsWith('CustomVpcRestrictDefaultSGCustomResourceProviderHandler'));
    const logGroups = template.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: handlerId }]] } },
    });
    expect(Object.keys(logGroups)).toHaveLength(1);
    const [logGroupId, logGroup] = Object.entries<any>(logGroups)[0];
    expect(logGroup.Properties.KmsKeyId).toBeDefined();
    expect(logGroup.Properties.RetentionInDays).toEqual(365);
    const policies = Object.entries<any>(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: roleId }] } }));
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0];
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
    }]);
    const customResources = Object.values<any>(template.findResources('Custom::VpcRestrictDefaultSG'));
    expect(customResources).toHaveLength(2);
    for (const resource of customResources) {
      expect(resource.DependsOn).toContain(policyId);
    }
  });
});
