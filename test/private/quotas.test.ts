import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MultiAzDatabase, ThreeTierVpc } from '../../src';

const RULE_WARNING = (path: string, count: number, direction: string) => `${path} has ${count} ${direction} IPv4 rules, more than the quota of 60 ` +
  'per security group and direction. Admit a shared security group of the peers instead of each peer, or have AWS raise the quota ' +
  '(rules per group times groups per network interface may not exceed 1,000). [ack: cdk-paved-road:security-group-rule-quota]';

// Amazon VPC quotas (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html):
// "Inbound or outbound rules per security group", 60 by default, for IPv4 and for IPv6 each.
describe('security group rule quota', () => {
  function databaseWithPeers(peers: number) {
    const app = new App();
    const data = new Stack(app, 'Data');
    const network = new ThreeTierVpc(data, 'Network');
    const database = new MultiAzDatabase(data, 'Orders', { vpc: network.vpc });
    // The peers live in another stack, as applications do: their rules are written there.
    const apps = new Stack(app, 'Apps');
    for (let i = 0; i < peers; i++) {
      database.allowConnectionsFrom(new ec2.SecurityGroup(apps, `Peer${i}`, { vpc: network.vpc, allowAllOutbound: false }));
    }
    app.synth();
    return data;
  }

  test('61 peers allowed into a database give its proxy\'s group one rule too many: a warning', () => {
    const data = databaseWithPeers(61);
    Annotations.fromStack(data).hasWarning('/Data/Orders/ProxySecurityGroup', RULE_WARNING('Data/Orders/ProxySecurityGroup/Resource', 61, 'inbound'));
  });

  test('60 peers fit, and nothing is said', () => {
    const data = databaseWithPeers(60);
    expect(Annotations.fromStack(data).findWarning('*', Match.stringLikeRegexp('per security group and direction'))).toEqual([]);
  });

  test('inline rules count, IPv6 rules count separately', () => {
    const app = new App();
    const stack = new Stack(app, 'Network');
    const network = new ThreeTierVpc(stack, 'Network', { interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SNS] });
    const wide = new ec2.SecurityGroup(stack, 'Wide', { vpc: network.vpc, allowAllOutbound: false });
    const mixed = new ec2.SecurityGroup(stack, 'Mixed', { vpc: network.vpc, allowAllOutbound: false });
    for (let i = 0; i < 61; i++) {
      wide.addIngressRule(ec2.Peer.ipv4(`10.1.${i}.0/24`), ec2.Port.tcp(443));
      mixed.addIngressRule(i % 2 === 0 ? ec2.Peer.ipv4(`10.1.${i}.0/24`) : ec2.Peer.ipv6(`2001:db8:${i}::/48`), ec2.Port.tcp(443));
    }
    app.synth();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('per security group and direction'));
    expect(warnings.map((w) => w.id)).toEqual(['/Network/Wide']);
    expect(warnings[0].entry.data).toEqual(RULE_WARNING('Network/Wide/Resource', 61, 'inbound'));
  });
});

// AWS CloudFormation quotas: 500 resources per stack
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
// aws-cdk-lib refuses a bigger stack at synth; the library relies on that check.
describe('resources per stack', () => {
  test('aws-cdk-lib refuses a stack of more than 500 resources at synth', () => {
    const app = new App();
    const stack = new Stack(app, 'Big');
    for (let i = 0; i < 501; i++) {
      new sns.Topic(stack, `Topic${i}`);
    }
    expect(() => app.synth()).toThrow(/Number of resources in stack 'Big': 501 is greater than allowed maximum of 500/);
  });
});
