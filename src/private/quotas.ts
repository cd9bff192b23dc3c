import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/**
 * API Gateway quotas, "Client certificates per account per Region": 60
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
 */
export const CLIENT_CERTIFICATE_QUOTA = 60;

/**
 * Warns, once the app is built, when its stacks create more API Gateway
 * client certificates in one account and region than the quota allows. A
 * warning rather than an error: the account may hold others already, or have
 * a raised quota, neither of which synth can see. Registered once per app.
 */
export function checkClientCertificateQuota(scope: IConstruct): void {
  onceInApp(scope, 'clientCertificateQuota', (root) => {
    const perEnvironment = new Map<string, apigw.CfnClientCertificate[]>();
    for (const construct of root.node.findAll()) {
      if (construct instanceof apigw.CfnClientCertificate) {
        const key = environmentOf(Stack.of(construct));
        perEnvironment.set(key, [...(perEnvironment.get(key) ?? []), construct]);
      }
    }
    for (const [environment, certificates] of perEnvironment) {
      if (certificates.length <= CLIENT_CERTIFICATE_QUOTA) {
        continue;
      }
      const over = certificates[CLIENT_CERTIFICATE_QUOTA];
      Annotations.of(over.node.scope ?? over).addWarningV2('cdk-paved-road:client-certificate-quota',
        `This app creates ${certificates.length} API Gateway client certificates in ${environment}, more than the quota of ` +
          `${CLIENT_CERTIFICATE_QUOTA} per account and region; this is the ${CLIENT_CERTIFICATE_QUOTA + 1}st. ` +
          'Share one with ApiClientCertificate.fromClientCertificateId(), use ApiClientCertificate.none() where the integrations are not HTTP, ' +
          'or have AWS raise the quota.');
    }
  });
}

const checksRegistered = new Map<string, WeakSet<IConstruct>>();

/**
 * Runs `check` once the app is built, as a validation of the app's root,
 * registered once per app however many constructs ask for it.
 */
function onceInApp(scope: IConstruct, name: string, check: (root: IConstruct) => void): void {
  const root = scope.node.root;
  const apps = checksRegistered.get(name) ?? new WeakSet<IConstruct>();
  checksRegistered.set(name, apps);
  if (apps.has(root)) {
    return;
  }
  apps.add(root);
  root.node.addValidation({
    validate: () => {
      check(root);
      return [];
    },
  });
}

function environmentOf(stack: Stack): string {
  const known = (value: string) => !Token.isUnresolved(value);
  return known(stack.account) && known(stack.region)
    ? `account ${stack.account}, region ${stack.region}`
    : 'environment-agnostic stacks (one account and region at deploy time)';
}

/**
 * Amazon VPC quotas, "Inbound or outbound rules per security group": 60 per
 * direction for IPv4 (and as many for IPv6) by default
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
 */
export const SECURITY_GROUP_RULE_QUOTA = 60;

/**
 * Warns, once the app is built, about every security group that would hold
 * more IPv4 rules in one direction than the default quota allows: its inline
 * rules and the `AWS::EC2::SecurityGroupIngress`/`Egress` resources that name
 * it, from any stack of the app (an `allowConnectionsFrom` writes the rule
 * into the peer's stack). A warning: the quota can be raised, which synth
 * cannot see. Registered once per app by every construct that makes a group.
 */
export function checkSecurityGroupRuleQuota(scope: IConstruct): void {
  onceInApp(scope, 'securityGroupRuleQuota', (root) => {
    const all = root.node.findAll();
    const groups = all.filter((c): c is ec2.CfnSecurityGroup => c instanceof ec2.CfnSecurityGroup);
    const standalone = (direction: 'ingress' | 'egress', groupId: string) => all.filter((c) =>
      direction === 'ingress'
        ? c instanceof ec2.CfnSecurityGroupIngress && c.groupId === groupId && c.cidrIpv6 === undefined
        : c instanceof ec2.CfnSecurityGroupEgress && c.groupId === groupId && c.cidrIpv6 === undefined).length;
    for (const group of groups) {
      const stack = Stack.of(group);
      const inline = (rules: unknown) => (stack.resolve(rules) as Array<{ cidrIpv6?: string }> | undefined ?? [])
        .filter((rule) => rule.cidrIpv6 === undefined).length;
      for (const direction of ['ingress', 'egress'] as const) {
        const count = inline(direction === 'ingress' ? group.securityGroupIngress : group.securityGroupEgress)
            + standalone(direction, group.attrGroupId);
        if (count > SECURITY_GROUP_RULE_QUOTA) {
          Annotations.of(group.node.scope ?? group).addWarningV2('cdk-paved-road:security-group-rule-quota',
            `${group.node.path} has ${count} ${direction === 'ingress' ? 'inbound' : 'outbound'} IPv4 rules, more than the quota of ` +
              `${SECURITY_GROUP_RULE_QUOTA} per security group and direction. Admit a shared security group of the peers instead of each peer, ` +
              'or have AWS raise the quota (rules per group times groups per network interface may not exceed 1,000).');
        }
      }
    }
  });
}
