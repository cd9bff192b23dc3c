import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { summarizeIpv4Cidrs } from '../core/cidr';

/** One network ACL entry to add: where from (or to), and what traffic. */
export type AclRule = [ec2.AclCidr, ec2.AclTraffic];

/** The three tiers of a `ThreeTierVpc`, as they appear in messages. */
export type TierName = 'public' | 'application' | 'data';

/** The subnet CIDR blocks of each tier. */
export interface TierCidrs {
  readonly public: string[];
  readonly application: string[];
  readonly data: string[];
}

/** What the tiers' network ACLs must let through. */
export interface TierAclOptions {
  readonly vpcCidr: string;
  readonly tiers: TierCidrs;
  readonly databasePorts: number[];
  readonly applicationEgressPorts: number[];
  readonly gatewayEndpoints: boolean;
}

/** The entries of one tier's network ACL, in rule-number order. */
export interface TierAcl {
  readonly tier: TierName;
  readonly ingress: AclRule[];
  readonly egress: AclRule[];
}

const ANYWHERE = ec2.AclCidr.anyIpv4();
const EPHEMERAL_PORTS = ec2.AclTraffic.tcpPortRange(1024, 65535);
const ALL_TCP = ec2.AclTraffic.tcpPortRange(0, 65535);
/**
 * Path MTU discovery: a router that cannot forward a packet without
 * fragmenting it answers with ICMP type 3 code 4, which the sender must
 * receive (VPC User Guide, "Path MTU Discovery" in "Network ACLs"). Every tier
 * admits and sends it.
 */
const PATH_MTU: AclRule = [ANYWHERE, ec2.AclTraffic.icmp({ type: 3, code: 4 })];

/**
 * Every entry of the three tiers' network ACLs, worked out from the subnet
 * CIDRs alone, so that the rule quota can be checked before anything is
 * created. Each group of peers is summarised into as few CIDR blocks as
 * possible; adjacent tiers are summarised together.
 */
export function planTierAcls(options: TierAclOptions): TierAcl[] {
  const { tiers } = options;
  const blocks = (...cidrs: string[][]) => summarizeIpv4Cidrs(cidrs.flat()).map((c) => ec2.AclCidr.ipv4(c));
  const allTiers = blocks(tiers.public, tiers.application, tiers.data);
  const applicationBlocks = blocks(tiers.application);
  const dataBlocks = blocks(tiers.data);
  const dataPeers = blocks(tiers.application, tiers.data);
  const insideVpc = ec2.AclCidr.ipv4(options.vpcCidr);
  const internetPorts = portRanges(options.applicationEgressPorts);

  const publicAcl: TierAcl = {
    tier: 'public',
    ingress: [
      [ANYWHERE, ec2.AclTraffic.tcpPort(443)],
      [ANYWHERE, ec2.AclTraffic.tcpPort(80)],
      [ANYWHERE, EPHEMERAL_PORTS],
      // The application tier's connections to the internet, on their way to the NAT gateways.
      [insideVpc, ALL_TCP],
      PATH_MTU,
    ],
    egress: [
      ...uniqueTraffic([ec2.AclTraffic.tcpPort(443), ec2.AclTraffic.tcpPort(80), ...internetPorts]).map((t): AclRule => [ANYWHERE, t]),
      [ANYWHERE, EPHEMERAL_PORTS],
      ...applicationBlocks.map((c): AclRule => [c, ec2.AclTraffic.allTraffic()]),
      PATH_MTU,
    ],
  };

  const applicationAcl: TierAcl = {
    tier: 'application',
    ingress: [
      ...allTiers.map((c): AclRule => [c, ALL_TCP]),
      [ANYWHERE, EPHEMERAL_PORTS],
      PATH_MTU,
    ],
    egress: [
      ...internetPorts.map((t): AclRule => [ANYWHERE, t]),
      [ANYWHERE, EPHEMERAL_PORTS],
      ...allTiers.map((c): AclRule => [c, ALL_TCP]),
      PATH_MTU,
    ],
  };

  const dataAcl: TierAcl = {
    tier: 'data',
    ingress: [
      ...portRanges(options.databasePorts).flatMap((traffic) => dataPeers.map((c): AclRule => [c, traffic])),
      // Interface endpoints placed in the data tier (such as MultiAzDatabase's
      // Secrets Manager endpoint for rotation) are called across AZs from inside it.
      ...dataBlocks.map((c): AclRule => [c, ec2.AclTraffic.tcpPort(443)]),
      // Return traffic from the tiers, and from S3 and DynamoDB through the gateway endpoints.
      ...(options.gatewayEndpoints ? [[ANYWHERE, EPHEMERAL_PORTS] as AclRule] : dataPeers.map((c): AclRule => [c, EPHEMERAL_PORTS])),
      PATH_MTU,
    ],
    egress: [
      ...dataPeers.map((c): AclRule => [c, ALL_TCP]),
      // S3 and DynamoDB through the gateway endpoints. A network ACL cannot name their
      // prefix lists, and their published ranges change and outnumber the ACL's rule quota;
      // the data tier's route tables have no route out but the gateway endpoints' prefix
      // lists, so HTTPS to anywhere reaches S3 and DynamoDB only.
      ...(options.gatewayEndpoints ? [[ANYWHERE, ec2.AclTraffic.tcpPort(443)] as AclRule] : []),
      PATH_MTU,
    ],
  };
  return [publicAcl, applicationAcl, dataAcl];
}

/** Consecutive ports collapse into one range, so that each range costs one ACL entry per peer. */
export function portRanges(ports: number[]): ec2.AclTraffic[] {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const port of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && port === last[1] + 1) {
      last[1] = port;
    } else {
      ranges.push([port, port]);
    }
  }
  return ranges.map(([from, to]) => (from === to ? ec2.AclTraffic.tcpPort(from) : ec2.AclTraffic.tcpPortRange(from, to)));
}

/** One entry per distinct port range (443 and 80 are always there; a port given again adds nothing). */
function uniqueTraffic(traffic: ec2.AclTraffic[]): ec2.AclTraffic[] {
  const seen = new Set<string>();
  return traffic.filter((t) => {
    const key = JSON.stringify(t.toTrafficConfig());
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
