import { Annotations, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeNagRules } from '../core/acknowledge';
import { AlarmOptions } from '../core/alarm-options';
import {
  addressesNeededForSequentialSubnets,
  allocateSequentialSubnets,
  blockSize,
  formatIpv4Cidr,
  networkAddress,
  parseIpv4Cidr,
} from '../core/cidr';
import { ControlTowerAcknowledgments } from '../core/control-tower-acknowledgments';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../core/encryption';
import { LogOptions } from '../core/log-options';
import { PavedRoadOptions } from '../core/paved-road-options';
import { DEFAULT_LOG_RETENTION, Profile } from '../core/profile';
import { scopeProviderLogs } from '../core/provider-logs';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { AlarmSpec, createAlarmSet, validateAlarmOptions } from '../private/alarm-set';
import { publicSubnetDefaultRoute, restrictDefaultSecurityGroupParts } from '../private/cdk-internals';
import { alarmWidgets, graphWidgets } from '../private/monitoring-widgets';
import { checkSecurityGroupRuleQuota } from '../private/quotas';
import { createRetainedLogGroup, validateLogOptions } from '../private/retained-log-group';
import { createServiceRole } from '../private/service-role';
import { planTierAcls, portRanges, TierAcl } from '../private/tier-network-acls';

/** Subnet group names of the three tiers, as they appear in `SubnetSelection`s and the console. */
const PUBLIC_TIER = 'Public';
const APPLICATION_TIER = 'Application';
const DATA_TIER = 'Data';

const DEFAULT_CIDR = '10.0.0.0/16';
const DEFAULT_MAX_AZS = 3;
// The engines' standard ports and the non-default ports MultiAzDatabase uses.
const DEFAULT_DATABASE_PORTS = [3306, 3307, 5432, 5433];
const MIN_VPC_PREFIX = 16;
const MAX_VPC_PREFIX = 28;
const DEFAULT_APPLICATION_EGRESS_PORTS = [80, 443];
const MAX_APPLICATION_EGRESS_PORT_RANGES = 6;
/**
 * Amazon VPC quotas, "Rules per network ACL": 20 by default, per direction,
 * "includes the default deny rules", and "can be increased up to a maximum of 40".
 */
const DEFAULT_NETWORK_ACL_RULE_QUOTA = 20;
const MAX_NETWORK_ACL_RULE_QUOTA = 40;
/** The default deny rule (`*`) every network ACL holds in each direction, which counts toward the quota. */
const DEFAULT_DENY_RULES = 1;

/**
 * Properties of a `ThreeTierVpc`.
 */
export interface ThreeTierVpcProps extends PavedRoadOptions {
  /**
   * The IPv4 CIDR block of the VPC. The prefix must be between /16 and /28, and
   * the address must be the block's network address.
   *
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;

  /**
   * How many Availability Zones the tiers span. At least 2, so that every tier
   * survives the loss of one AZ.
   *
   * In an environment-agnostic stack (no `env.account` and `env.region`), CDK
   * cannot look the region's AZs up, so the first `maxAzs` AZs are chosen at
   * deploy time with `Fn::GetAZs`; the region must then have at least `maxAzs`
   * AZs. In a stack with an environment, the region's AZs come from the CDK
   * context and at most `maxAzs` of them are used.
   *
   * @default 3
   */
  readonly maxAzs?: number;

  /**
   * How many NAT gateways carry the application tier's egress. Between 1 and
   * `maxAzs`. One per AZ keeps egress working when an AZ fails; 1 is cheaper,
   * and routes every AZ's egress through one AZ.
   *
   * @default - one per Availability Zone (PRODUCTION profile), 1 (DEVELOPMENT)
   */
  readonly natGateways?: number;

  /**
   * The prefix length of each public subnet.
   *
   * @default - the VPC prefix + 8 (a /24 in a /16), but no smaller than /28
   */
  readonly publicCidrMask?: number;

  /**
   * The prefix length of each application subnet.
   *
   * @default - the VPC prefix + 4 (a /20 in a /16), but no smaller than /28
   */
  readonly applicationCidrMask?: number;

  /**
   * The prefix length of each data subnet.
   *
   * @default - the VPC prefix + 6 (a /22 in a /16), but no smaller than /28
   */
  readonly dataCidrMask?: number;

  /**
   * Send the VPC flow logs to this S3 bucket (under `vpc-flow-logs/`) instead of
   * CloudWatch Logs.
   *
   * @default - flow logs go to a new CloudWatch log group encrypted with a customer-managed KMS key
   */
  readonly flowLogsBucket?: s3.IBucket;

  /**
   * The CloudWatch Logs group of the flow logs (not used when `flowLogsBucket`
   * is set). A given key must let the regional CloudWatch Logs service
   * principal use it.
   *
   * @default - kept a year, encrypted with a new customer-managed key (rotation on) whose policy allows CloudWatch Logs
   */
  readonly logs?: LogOptions;

  /**
   * The alarms, each notifying the topic when it fires and when it returns to
   * OK. Names and defaults: `NatGatewayPortAllocationErrors` (per NAT gateway:
   * any `ErrorPortAllocation` in a 5-minute period: connections through it are
   * failing), `NatGatewayPacketsDropped` (per NAT gateway: more than 100
   * packets dropped in each of 3 periods of 5 minutes) and `FlowLogDelivery`
   * (no flow log event reached the log group for 6 hours; not with
   * `flowLogsBucket`). The same in both profiles.
   *
   * @default - all on, notifying a new KMS-encrypted, TLS-only topic
   */
  readonly alarms?: AlarmOptions;

  /**
   * Add gateway endpoints for Amazon S3 and Amazon DynamoDB, routed from the
   * application and data tiers, so that traffic to them stays on the AWS network.
   *
   * @default true
   */
  readonly gatewayEndpoints?: boolean;

  /**
   * Interface endpoints to create in the application tier, with private DNS and
   * a security group that allows HTTPS from inside the VPC only. For example
   * `ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER`, which secret rotation in
   * isolated subnets needs.
   *
   * @default - none
   */
  readonly interfaceEndpoints?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * Remove all rules from the VPC's default security group, so that nothing that
   * falls back to it gets network access.
   *
   * @default true
   */
  readonly restrictDefaultSecurityGroup?: boolean;

  /**
   * Give each tier its own network ACL as a second layer behind security groups:
   *
   * - public: TCP 80 and 443 from anywhere and TCP from inside the VPC (to the
   *   NAT gateways), plus ephemeral return traffic;
   * - application: TCP from the public, application and data tiers, plus
   *   ephemeral return traffic from the internet (through NAT) and AWS services;
   *   out to the internet on `applicationEgressPorts` only;
   * - data: `databasePorts` from the application and data tiers only (RDS Proxy
   *   sits in the data tier and reaches the database across AZs), HTTPS from the
   *   data tier itself (interface endpoints placed there), and HTTPS out to the
   *   S3 and DynamoDB gateway endpoints, plus ephemeral return traffic;
   * - every tier: ICMP "fragmentation needed" (type 3, code 4) in and out, which
   *   path MTU discovery needs.
   *
   * @default true
   */
  readonly networkAcls?: boolean;

  /**
   * The TCP ports the application tier may reach outside the VPC, through the
   * NAT gateways. Anything else (SMTP, a database elsewhere) is refused by the
   * network ACLs; add its port here. At most 6 port ranges (consecutive ports
   * form one), so the ACLs stay within 20 rules per direction. Ignored when
   * `networkAcls` is false.
   *
   * @default [80, 443]
   */
  readonly applicationEgressPorts?: number[];

  /**
   * The TCP ports the data tier's network ACL admits from the application tier.
   * Consecutive ports share one ACL entry. Ignored when `networkAcls` is false.
   *
   * @default [3306, 3307, 5432, 5433] (MySQL and PostgreSQL: the standard ports, and the non-default ports `MultiAzDatabase` uses)
   */
  readonly databasePorts?: number[];

  /**
   * The rules a network ACL may hold per direction in your account and
   * region: 20 unless AWS has raised the quota ("Rules per network ACL",
   * adjustable up to 40). The tiers' ACLs are checked against it
   * at synth, the default deny rule included, so that a deployment never fails
   * on it. Ignored when `networkAcls` is false.
   *
   * @default 20
   */
  readonly networkAclRuleQuota?: number;
}

/**
 * A VPC with three subnet tiers across at least two Availability Zones.
 *
 * - **public** (`Public`): load balancers and NAT gateways; instances get no public IP automatically;
 * - **application** (`Application`): private, with egress through NAT;
 * - **data** (`Data`): isolated, with no route to or from the internet.
 *
 * Flow logs, S3 and DynamoDB gateway endpoints, a closed default security group
 * and per-tier network ACLs are on by default.
 */
export class ThreeTierVpc extends Construct implements IMonitored {
  /** The VPC. */
  public readonly vpc: ec2.IVpc;

  /** Selects the public subnets (load balancers, NAT gateways). */
  public readonly publicSubnets: ec2.SubnetSelection;

  /** Selects the application subnets (private, egress through NAT). */
  public readonly applicationSubnets: ec2.SubnetSelection;

  /** Selects the data subnets (isolated: no route to or from the internet). */
  public readonly dataSubnets: ec2.SubnetSelection;

  /** The CloudWatch log group that receives the flow logs; undefined when they go to S3. */
  public readonly flowLogGroup?: logs.ILogGroup;

  /** The KMS key that encrypts the flow log group; undefined when flow logs go to S3. */
  public readonly flowLogsEncryptionKey?: kms.IKey;

  /** The topic the alarms notify, when there are alarms. */
  public readonly alarmTopic?: sns.ITopic;

  /** The CloudWatch alarms. */
  public readonly alarms: cloudwatch.IAlarm[];

  /**
   * @param scope the construct to add the VPC to
   * @param id the construct id; the VPC itself is its `Resource` child
   * @param props all optional; the defaults build three tiers in three AZs
   * @throws if a prop is invalid, before anything is added to `scope`
   */
  constructor(scope: Construct, id: string, props: ThreeTierVpcProps = {}) {
    // Every prop is checked before super(), so a bad value never leaves a
    // half-built VPC (or even an empty ThreeTierVpc node) in the construct tree.
    const plan = planThreeTierVpc(scope, props);
    super(scope, id);
    if (props.permissionsBoundary) {
      attachConstructBoundary(this, props.permissionsBoundary);
    }
    const { cidr, masks, availabilityZones, natGateways } = plan;
    if (plan.azShortfallWarning) {
      Annotations.of(this).addWarningV2('cdk-paved-road:three-tier-vpc-fewer-azs', plan.azShortfallWarning);
    }

    this.publicSubnets = { subnetGroupName: PUBLIC_TIER };
    this.applicationSubnets = { subnetGroupName: APPLICATION_TIER };
    this.dataSubnets = { subnetGroupName: DATA_TIER };

    const gatewayEndpointSubnets = [this.applicationSubnets, this.dataSubnets];
    const vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      availabilityZones,
      natGateways,
      natGatewaySubnets: this.publicSubnets,
      restrictDefaultSecurityGroup: props.restrictDefaultSecurityGroup ?? true,
      subnetConfiguration: [
        // Load balancers and NAT gateways carry their own public addresses, so
        // nothing launched here should get one by accident.
        { name: PUBLIC_TIER, subnetType: ec2.SubnetType.PUBLIC, cidrMask: masks.public, mapPublicIpOnLaunch: false },
        { name: APPLICATION_TIER, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: masks.application },
        { name: DATA_TIER, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: masks.data },
      ],
      gatewayEndpoints: props.gatewayEndpoints === false ? undefined : {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: gatewayEndpointSubnets },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: gatewayEndpointSubnets },
      },
    });
    this.vpc = vpc;
    if (props.restrictDefaultSecurityGroup ?? true) {
      this.scopeDefaultSecurityGroupProviderLogs(vpc, DEFAULT_LOG_RETENTION, props.permissionsBoundary);
    }

    for (const subnet of vpc.publicSubnets) {
      // The public tier exists to route to the internet gateway; the route is its purpose.
      const defaultRoute = publicSubnetDefaultRoute(subnet);
      if (defaultRoute) {
        acknowledgeNagRules(defaultRoute, ...PUBLIC_ROUTE_ACKNOWLEDGMENTS);
      }
    }

    if (props.flowLogsBucket) {
      new ec2.FlowLog(this, 'FlowLog', {
        resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
        destination: ec2.FlowLogDestination.toS3(props.flowLogsBucket, 'vpc-flow-logs/'),
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
    } else {
      const cloudWatch = this.addCloudWatchFlowLogs(vpc, props.logs);
      this.flowLogGroup = cloudWatch.logGroup;
      this.flowLogsEncryptionKey = cloudWatch.key;
    }

    const alarmSet = createAlarmSet(this, props.alarms, vpcAlarms(vpc, this.flowLogGroup), {
      enabledByDefault: true,
      defaultTopic: () => new AlarmTopic(this, 'AlarmTopic', { displayName: `Network alarms of ${this.node.path}` }),
    });
    this.alarmTopic = alarmSet.topic;
    this.alarms = alarmSet.alarms;

    if (props.interfaceEndpoints && props.interfaceEndpoints.length > 0) {
      this.addInterfaceEndpoints(vpc, cidr, props.interfaceEndpoints);
    }

    if (plan.networkAcls.length > 0) {
      this.addNetworkAcls(vpc, plan.networkAcls);
    }
  }

  /**
   * aws-cdk-lib's provider that closes the default security group gives its
   * role the AWS managed policy AWSLambdaBasicExecutionRole (logs on every log
   * group) and leaves its logs unencrypted and kept forever. Its logs get their
   * own encrypted log group here, and the role a customer-managed policy for
   * that group only. The provider is one per stack, so this runs once.
   */
  private scopeDefaultSecurityGroupProviderLogs(vpc: ec2.Vpc, retention: logs.RetentionDays, permissionsBoundary?: iam.IManagedPolicy): void {
    const parts = restrictDefaultSecurityGroupParts(vpc);
    const scoped = parts && scopeProviderLogs(parts.provider, 'closes default security groups', retention);
    if (!parts || !scoped) {
      return;
    }
    const { policy, role } = scoped;
    const { customResource } = parts;
    // The function must find its permissions in place the first time it runs.
    customResource.node.addDependency(policy);
    if (permissionsBoundary) {
      // The provider's role lives at the stack's root, outside this construct.
      attachConstructBoundary(role, permissionsBoundary);
    }
  }

  private addCloudWatchFlowLogs(vpc: ec2.Vpc, options: LogOptions | undefined) {
    let key = options?.encryptionKey;
    if (!key) {
      const created = createRotatingKey(this, 'FlowLogsKey', `Encrypts the VPC flow logs of ${this.node.path}`);
      allowCloudWatchLogsToUse(created);
      key = created;
    }

    const logGroup = createRetainedLogGroup(this, 'FlowLogs', { encryptionKey: key, options });

    const { role, policy } = createServiceRole(this, 'FlowLogs', {
      service: 'vpc-flow-logs.amazonaws.com',
      roleDescription: `Lets VPC Flow Logs deliver ${this.node.path}'s flow logs to CloudWatch Logs`,
      policyDescription: `Writes ${this.node.path}'s flow logs to its own log group only`,
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [logGroup.logGroupArn],
        }),
      ],
    });

    const flowLog = new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, role.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    // Flow Logs checks the role when the flow log is created: its permissions must be in place by then.
    flowLog.node.addDependency(policy);
    return { logGroup, key };
  }

  private addInterfaceEndpoints(vpc: ec2.Vpc, cidr: string, services: ec2.InterfaceVpcEndpointAwsService[]) {
    const securityGroup = new ec2.SecurityGroup(this, 'InterfaceEndpointsSecurityGroup', {
      vpc,
      description: 'Admits HTTPS from inside the VPC to its interface endpoints',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
    checkSecurityGroupRuleQuota(this);
    const seen = new Set<string>();
    for (const service of services) {
      if (seen.has(service.shortName)) {
        continue;
      }
      seen.add(service.shortName);
      vpc.addInterfaceEndpoint(`${endpointIdFor(service.shortName)}Endpoint`, {
        service,
        subnets: this.applicationSubnets,
        privateDnsEnabled: true,
        securityGroups: [securityGroup],
        open: false,
      });
    }
  }

  private addNetworkAcls(vpc: ec2.Vpc, acls: TierAcl[]) {
    const selections = { public: this.publicSubnets, application: this.applicationSubnets, data: this.dataSubnets };
    const ids = { public: 'PublicNetworkAcl', application: 'ApplicationNetworkAcl', data: 'DataNetworkAcl' };
    for (const { tier, ingress, egress } of acls) {
      const acl = this.tierAcl(vpc, ids[tier], selections[tier]);
      addRules(acl, ec2.TrafficDirection.INGRESS, ingress);
      addRules(acl, ec2.TrafficDirection.EGRESS, egress);
    }
  }

  private tierAcl(vpc: ec2.Vpc, id: string, subnetSelection: ec2.SubnetSelection): ec2.NetworkAcl {
    const acl = new ec2.NetworkAcl(this, id, { vpc, subnetSelection });
    acknowledgeNagRules(acl.node.defaultChild as ec2.CfnNetworkAcl, NETWORK_ACL_ACKNOWLEDGMENT);
    return acl;
  }

  /** The flow log's incoming events, and a graph per alarm (NAT gateway errors, flow log delivery). */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const flowLogs = this.flowLogGroup ? [{
      title: 'Flow log events',
      left: [new cloudwatch.Metric({
        namespace: 'AWS/Logs',
        metricName: 'IncomingLogEvents',
        dimensionsMap: { LogGroupName: this.flowLogGroup.logGroupName },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      })],
    }] : [];
    return [...graphWidgets(this, flowLogs), ...alarmWidgets(this.alarms)];
  }
}

interface ThreeTierVpcPlan {
  readonly cidr: string;
  readonly masks: { public: number; application: number; data: number };
  readonly availabilityZones: string[];
  readonly natGateways: number;
  readonly profile: Profile;
  /** The tiers' network ACLs, empty when `networkAcls` is false. */
  readonly networkAcls: TierAcl[];
  readonly azShortfallWarning?: string;
}

/** Validates every prop and works out what to build, without creating anything. */
function planThreeTierVpc(scope: Construct, props: ThreeTierVpcProps): ThreeTierVpcPlan {
  const cidr = props.cidr ?? DEFAULT_CIDR;
  const vpcBlock = validateCidr(cidr);
  const maxAzs = validateMaxAzs(props.maxAzs ?? DEFAULT_MAX_AZS);
  const masks = {
    public: validateMask('publicCidrMask', props.publicCidrMask, defaultMask(vpcBlock.prefix, 8)),
    application: validateMask('applicationCidrMask', props.applicationCidrMask, defaultMask(vpcBlock.prefix, 4)),
    data: validateMask('dataCidrMask', props.dataCidrMask, defaultMask(vpcBlock.prefix, 6)),
  };
  const natGateways = validateNatGateways(props.natGateways, maxAzs);
  validateLogOptions('logs', props.logs);
  validateAlarmOptions('alarms', props.alarms, VPC_ALARM_NAMES, vpcAlarmPeriod);
  const profile = props.profile ?? Profile.of(scope);
  const { availabilityZones, azShortfallWarning } = chooseAvailabilityZones(Stack.of(scope), maxAzs);
  validateTiersFit(cidr, vpcBlock.prefix, availabilityZones.length, masks);
  const databasePorts = validateDatabasePorts(props.databasePorts ?? DEFAULT_DATABASE_PORTS);
  const applicationEgressPorts = validateApplicationEgressPorts(props.applicationEgressPorts ?? DEFAULT_APPLICATION_EGRESS_PORTS);
  const networkAcls = (props.networkAcls ?? true)
    ? planTierAcls({
      vpcCidr: cidr,
      tiers: tierCidrs(cidr, availabilityZones.length, masks),
      databasePorts,
      applicationEgressPorts,
      gatewayEndpoints: props.gatewayEndpoints !== false,
    })
    : [];
  validateNetworkAclQuota(networkAcls, props.networkAclRuleQuota, { maxAzs: availabilityZones.length, databasePorts, applicationEgressPorts });
  return {
    cidr,
    masks,
    availabilityZones,
    // One NAT gateway per AZ in production unless told otherwise; never more than there are AZs.
    natGateways: Math.min(natGateways ?? (profile.isProduction ? availabilityZones.length : 1), availabilityZones.length),
    profile,
    networkAcls,
    azShortfallWarning,
  };
}

/**
 * The subnets `ec2.Vpc` will create for the three tiers: its subnet
 * configurations in order (public, application, data), each across the AZs.
 */
function tierCidrs(cidr: string, azCount: number, masks: { public: number; application: number; data: number }) {
  const subnets = allocateSequentialSubnets(cidr, [masks.public, masks.application, masks.data].flatMap((mask) => Array(azCount).fill(mask)));
  return {
    public: subnets.slice(0, azCount),
    application: subnets.slice(azCount, 2 * azCount),
    data: subnets.slice(2 * azCount),
  };
}

/**
 * Each tier's ACL must fit the rules-per-direction quota, its default deny
 * rule included, or CloudFormation fails while it adds the entries.
 */
function validateNetworkAclQuota(acls: TierAcl[], givenQuota: number | undefined,
  drivers: { maxAzs: number; databasePorts: number[]; applicationEgressPorts: number[] }) {
  const quota = givenQuota ?? DEFAULT_NETWORK_ACL_RULE_QUOTA;
  if (!Number.isInteger(quota) || quota < DEFAULT_NETWORK_ACL_RULE_QUOTA || quota > MAX_NETWORK_ACL_RULE_QUOTA) {
    throw new Error(`\`networkAclRuleQuota\` must be a whole number from ${DEFAULT_NETWORK_ACL_RULE_QUOTA} to ${MAX_NETWORK_ACL_RULE_QUOTA} ` +
      `(the default quota of rules per network ACL and direction, and the most AWS raises it to), got: ${quota}.`);
  }
  for (const acl of acls) {
    for (const [direction, rules] of [['inbound', acl.ingress], ['outbound', acl.egress]] as const) {
      const needed = rules.length + DEFAULT_DENY_RULES;
      if (needed <= quota) {
        continue;
      }
      const cause = acl.tier === 'data' && direction === 'inbound'
        ? `\`databasePorts\` [${drivers.databasePorts.join(', ')}] form ${portRanges(drivers.databasePorts).length} port range(s), each a rule for every CIDR block of the application and data tiers in ${drivers.maxAzs} Availability Zones`
        : `\`applicationEgressPorts\` [${drivers.applicationEgressPorts.join(', ')}] and the tiers' CIDR blocks in ${drivers.maxAzs} Availability Zones each take a rule`;
      throw new Error(
        `The ${acl.tier} tier's ${direction} network ACL needs ${needed} rules (${rules.length} entries and the default deny), ` +
        `more than the quota of ${quota} per direction (\`networkAclRuleQuota\`): ${cause}. ` +
        'Use fewer or consecutive ports, fewer Availability Zones (`maxAzs`), or have AWS raise the quota (up to 40) and set `networkAclRuleQuota`.',
      );
    }
  }
}

/**
 * The AZs to span. With a known environment they come from the context
 * lookup; without one, `Fn::GetAZs` picks them at deploy time, because CDK's
 * own fallback for that case stops at two AZs.
 */
function chooseAvailabilityZones(stack: Stack, maxAzs: number): { availabilityZones: string[]; azShortfallWarning?: string } {
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    return { availabilityZones: Array.from({ length: maxAzs }, (_, index) => Fn.select(index, Fn.getAzs())) };
  }
  const available = stack.availabilityZones;
  if (available.length < 2) {
    throw new Error(`\`maxAzs\` needs at least 2 Availability Zones, but region ${stack.region} offers ${available.length} (${available.join(', ') || 'none'}) in the CDK context.`);
  }
  if (available.length < maxAzs) {
    return {
      availabilityZones: [...available],
      azShortfallWarning: `\`maxAzs\` is ${maxAzs}, but region ${stack.region} offers ${available.length} Availability Zones; the VPC spans ${available.length}.`,
    };
  }
  return { availabilityZones: available.slice(0, maxAzs) };
}

/**
 * Numbers the entries 100, 110, … in the order given, leaving room for users to
 * insert their own rules between them.
 */
function addRules(acl: ec2.NetworkAcl, direction: ec2.TrafficDirection, rules: Array<[ec2.AclCidr, ec2.AclTraffic]>) {
  const prefix = direction === ec2.TrafficDirection.INGRESS ? 'Ingress' : 'Egress';
  rules.forEach(([cidr, traffic], index) => {
    const entry = acl.addEntry(`${prefix}${index + 1}`, {
      ruleNumber: 100 + index * 10,
      cidr,
      traffic,
      direction,
      ruleAction: ec2.Action.ALLOW,
    });
    const cfnEntry = entry.node.defaultChild as ec2.CfnNetworkAclEntry;
    acknowledgeNagRules(cfnEntry, NETWORK_ACL_ACKNOWLEDGMENT);
    if (direction === ec2.TrafficDirection.INGRESS && admitsRemoteDesktopFromAnywhere(cidr, traffic)) {
      ControlTowerAcknowledgments.add(cfnEntry, 'CT.EC2.PR.5', EPHEMERAL_RETURN_TRAFFIC);
    }
  });
}

const PUBLIC_ROUTE_REASON = 'The public tier exists to route to the internet gateway: its load balancers and NAT gateways need the 0.0.0.0/0 route. Application and data tiers have no such route.';
const PUBLIC_ROUTE_ACKNOWLEDGMENTS = [
  'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
  'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
  'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
].map((id) => ({ id, reason: PUBLIC_ROUTE_REASON }));

/**
 * Return traffic must be admitted on the ports the clients chose: "A NAT
 * gateway uses ports 1024-65535" and "AWS Lambda functions use ports
 * 1024-65535" (VPC User Guide, Network ACLs, "Ephemeral ports"). A range that
 * skips 3389 would drop the replies to connections that happened to pick it.
 */
const EPHEMERAL_RETURN_TRAFFIC = 'Network ACLs are stateless, and NAT gateways and Lambda functions use source ports 1024-65535 (VPC User Guide, ' +
  '"Ephemeral ports"), so replies must be admitted on all of them; a range without 3389 would drop the replies that use it. Security ' +
  'groups admit no RDP, and only the public tier is routed from the internet.';

/** Whether an ingress entry admits TCP port 3389 (RDP) or 22 (SSH) from anywhere, as CT.EC2.PR.5 reads it. */
function admitsRemoteDesktopFromAnywhere(cidr: ec2.AclCidr, traffic: ec2.AclTraffic): boolean {
  const { cidrBlock } = cidr.toCidrConfig();
  const config = traffic.toTrafficConfig();
  const covers = (port: number) => (config.portRange?.from ?? Infinity) <= port && port <= (config.portRange?.to ?? -Infinity);
  return cidrBlock === '0.0.0.0/0' && config.protocol === 6 && (covers(3389) || covers(22));
}

const NETWORK_ACL_ACKNOWLEDGMENT = {
  id: 'AwsSolutions-VPC3',
  reason: 'Per-tier network ACLs are a deliberate second layer behind security groups that keeps the data tier unreachable except from the application tier; turn them off with networkAcls: false.',
};

function endpointIdFor(shortName: string): string {
  return shortName.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0].toUpperCase() + part.slice(1)).join('');
}

function defaultMask(vpcPrefix: number, bitsBelowVpc: number): number {
  return Math.min(vpcPrefix + bitsBelowVpc, MAX_VPC_PREFIX);
}

function validateCidr(cidr: string) {
  if (Token.isUnresolved(cidr)) {
    throw new Error('`cidr` must be a literal IPv4 CIDR block such as \'10.0.0.0/16\', not a token: the subnets are planned at synth time.');
  }
  const block = parseIpv4Cidr(cidr);
  if (!block) {
    throw new Error(`\`cidr\` must be an IPv4 CIDR block such as '10.0.0.0/16', got: '${cidr}'.`);
  }
  if (block.prefix < MIN_VPC_PREFIX || block.prefix > MAX_VPC_PREFIX) {
    throw new Error(`\`cidr\` must have a prefix between /${MIN_VPC_PREFIX} and /${MAX_VPC_PREFIX} (the sizes AWS allows for a VPC), got: '${cidr}'.`);
  }
  const network = networkAddress(block);
  if (network !== block.address) {
    throw new Error(`\`cidr\` must start at its network address, got: '${cidr}'. Did you mean '${formatIpv4Cidr({ address: network, prefix: block.prefix })}'?`);
  }
  return block;
}

function validateMaxAzs(maxAzs: number): number {
  if (!Number.isInteger(maxAzs) || maxAzs < 2) {
    throw new Error(`\`maxAzs\` must be a whole number of at least 2, so that every tier survives the loss of an Availability Zone, got: ${maxAzs}.`);
  }
  return maxAzs;
}

function validateMask(prop: string, given: number | undefined, fallback: number): number {
  if (given === undefined) {
    return fallback;
  }
  if (!Number.isInteger(given) || given < MIN_VPC_PREFIX || given > MAX_VPC_PREFIX) {
    throw new Error(`\`${prop}\` must be a whole number between ${MIN_VPC_PREFIX} and ${MAX_VPC_PREFIX} (the subnet sizes AWS allows), got: ${given}.`);
  }
  return given;
}

function validateTiersFit(cidr: string, vpcPrefix: number, azCount: number, masks: { public: number; application: number; data: number }) {
  const subnetMasks = [masks.public, masks.application, masks.data].flatMap((mask) => Array(azCount).fill(mask));
  const needed = addressesNeededForSequentialSubnets(subnetMasks);
  const available = blockSize(vpcPrefix);
  const tooWide = Object.entries({ publicCidrMask: masks.public, applicationCidrMask: masks.application, dataCidrMask: masks.data })
    .filter(([, mask]) => mask < vpcPrefix);
  if (tooWide.length > 0) {
    const [prop, mask] = tooWide[0];
    throw new Error(`\`${prop}\` must not be wider than the VPC's /${vpcPrefix} (\`cidr\` '${cidr}'), got: ${mask}.`);
  }
  if (needed > available) {
    throw new Error(
      `The tier masks do not fit the VPC: \`publicCidrMask\` ${masks.public}, \`applicationCidrMask\` ${masks.application} and \`dataCidrMask\` ${masks.data} ` +
      `across ${azCount} Availability Zones need ${needed} addresses, but \`cidr\` '${cidr}' has ${available}. Use longer masks, fewer AZs, or a larger \`cidr\`.`,
    );
  }
}

function validateNatGateways(natGateways: number | undefined, maxAzs: number): number | undefined {
  if (natGateways === undefined) {
    return undefined;
  }
  if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > maxAzs) {
    throw new Error(`\`natGateways\` must be a whole number between 1 and \`maxAzs\` (${maxAzs}), got: ${natGateways}.`);
  }
  return natGateways;
}

function validateApplicationEgressPorts(ports: number[]): number[] {
  const invalid = ports.find((port) => !Number.isInteger(port) || port < 1 || port > 65535);
  if (invalid !== undefined) {
    throw new Error(`\`applicationEgressPorts\` must hold TCP ports between 1 and 65535, got: ${invalid}.`);
  }
  const ranges = portRanges(ports).length;
  if (ranges > MAX_APPLICATION_EGRESS_PORT_RANGES) {
    throw new Error(`\`applicationEgressPorts\` must form at most ${MAX_APPLICATION_EGRESS_PORT_RANGES} port ranges (consecutive ports form one), ` +
      `got: ${ranges}. Each range is a rule in two network ACLs, which hold 20 rules per direction.`);
  }
  return [...new Set(ports)];
}

function validateDatabasePorts(ports: number[]): number[] {
  if (ports.length === 0) {
    throw new Error('`databasePorts` must list at least one port, got: []. Set `networkAcls: false` to go without the data tier\'s network ACL.');
  }
  const invalid = ports.find((port) => !Number.isInteger(port) || port < 1 || port > 65535);
  if (invalid !== undefined) {
    throw new Error(`\`databasePorts\` must hold TCP ports between 1 and 65535, got: ${invalid}.`);
  }
  return [...new Set(ports)];
}

/** The alarm names of `ThreeTierVpc`, as `alarms.overrides` takes them. */
const VPC_ALARM_NAMES = ['NatGatewayPortAllocationErrors', 'NatGatewayPacketsDropped', 'FlowLogDelivery'];
const NAT_ALARM_PERIOD = Duration.minutes(5);
const FLOW_LOG_ALARM_PERIOD = Duration.hours(1);

/**
 * The VPC's alarms: NAT gateway metrics
 * (https://docs.aws.amazon.com/vpc/latest/userguide/metrics-dimensions-nat-gateway.html)
 * and the flow log group's incoming events
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html).
 */
function vpcAlarms(vpc: ec2.Vpc, flowLogGroup?: logs.ILogGroup): AlarmSpec[] {
  const natGateways = vpc.node.findAll().filter((construct): construct is ec2.CfnNatGateway => construct instanceof ec2.CfnNatGateway);
  const specs: AlarmSpec[] = natGateways.flatMap((natGateway, index) => {
    const metric = (metricName: string) => new cloudwatch.Metric({
      namespace: 'AWS/NATGateway', metricName, dimensionsMap: { NatGatewayId: natGateway.attrNatGatewayId }, statistic: 'Sum', period: NAT_ALARM_PERIOD,
    });
    const zone = `NAT gateway ${index + 1} of ${natGateways.length}`;
    return [
      {
        name: 'NatGatewayPortAllocationErrors',
        id: `NatGateway${index + 1}PortAllocationErrorsAlarm`,
        metric: metric('ErrorPortAllocation'),
        threshold: 0,
        evaluationPeriods: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        describe: (t: number, w: string) => `${zone} failed to allocate a source port more than ${t} times in ${w}; connections through it are failing`,
      },
      {
        name: 'NatGatewayPacketsDropped',
        id: `NatGateway${index + 1}PacketsDroppedAlarm`,
        metric: metric('PacketsDropCount'),
        threshold: 100,
        evaluationPeriods: 3,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        describe: (t: number, w: string) => `${zone} dropped more than ${t} packets in each period for ${w}`,
      },
    ];
  });
  if (flowLogGroup) {
    specs.push({
      name: 'FlowLogDelivery',
      id: 'FlowLogDeliveryAlarm',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Logs', metricName: 'IncomingLogEvents', dimensionsMap: { LogGroupName: flowLogGroup.logGroupName }, statistic: 'Sum', period: FLOW_LOG_ALARM_PERIOD,
      }),
      threshold: 1,
      evaluationPeriods: 6,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data point is what an undelivered hour looks like.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      describe: (t: number, w: string) => `fewer than ${t} flow log events reached the log group for ${w}: flow logs are not being delivered`,
    });
  }
  return specs;
}

function vpcAlarmPeriod(name: string): Duration {
  return name === 'FlowLogDelivery' ? FLOW_LOG_ALARM_PERIOD : NAT_ALARM_PERIOD;
}
