import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks as AwsSolutionsChecksV3 } from 'cdk-nag-v3';
import { acknowledgeNagRules } from '../../src/core/acknowledge';
import { auditStack } from '../compliance';

const REASON = 'Network ACLs are this test\'s deliberate subject.';

function stackWithAcl() {
  const stack = new Stack(new App(), 'AckStack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const acl = new ec2.NetworkAcl(stack, 'Acl', { vpc });
  return { stack, acl: acl.node.defaultChild as CfnResource };
}

describe('acknowledgeNagRules', () => {
  test('writes cdk-nag 2 metadata that cdk-nag 2 honours', () => {
    const { stack, acl } = stackWithAcl();
    expect(auditStack(stackWithAcl().stack).findings.map((f) => f.ruleId)).toContain('AwsSolutions-VPC3');

    acknowledgeNagRules(acl, { id: 'AwsSolutions-VPC3', reason: REASON });

    expect(acl.getMetadata('cdk_nag')).toEqual({ rules_to_suppress: [{ id: 'AwsSolutions-VPC3', reason: REASON }] });
    const report = auditStack(stack);
    expect(report.findings.filter((f) => f.path === 'AckStack/Acl/Resource')).toEqual([]);
    expect(report.acknowledgments).toContainEqual(expect.objectContaining({ ruleId: 'AwsSolutions-VPC3', path: 'AckStack/Acl/Resource', reason: REASON }));
  });

  test('records a Validations acknowledgment that cdk-nag 3 honours', () => {
    const before = new AwsSolutionsChecksV3().validateScope(stackWithAcl().stack);
    expect(before.violations.map((v) => v.ruleName)).toContain('AwsSolutions-VPC3');

    const { stack, acl } = stackWithAcl();
    acknowledgeNagRules(acl, { id: 'AwsSolutions-VPC3', reason: REASON });

    const after = new AwsSolutionsChecksV3().validateScope(stack);
    const vpc3 = after.violations.find((v) => v.ruleName === 'AwsSolutions-VPC3');
    expect(vpc3?.violatingResources.map((r) => r.constructPath) ?? []).not.toContain('AckStack/Acl/Resource');
  });

  test('keeps suppressions that were already there and does not repeat itself', () => {
    const { acl } = stackWithAcl();
    acl.addMetadata('cdk_nag', { rules_to_suppress: [{ id: 'AwsSolutions-X1', reason: 'the user\'s own reason' }] });

    acknowledgeNagRules(acl, { id: 'AwsSolutions-VPC3', reason: REASON });
    acknowledgeNagRules(acl, { id: 'AwsSolutions-VPC3', reason: REASON });

    expect(acl.getMetadata('cdk_nag').rules_to_suppress).toEqual([
      { id: 'AwsSolutions-X1', reason: 'the user\'s own reason' },
      { id: 'AwsSolutions-VPC3', reason: REASON },
    ]);
  });

  test('rejects a reason too short for cdk-nag', () => {
    const { acl } = stackWithAcl();
    expect(() => acknowledgeNagRules(acl, { id: 'AwsSolutions-VPC3', reason: 'ok' })).toThrow(new Error(
      "The acknowledgment of AwsSolutions-VPC3 on AckStack/Acl/Resource needs a reason of at least 10 characters, got: 'ok'."),
    );
  });
});

describe('acknowledgeNagRules with granular findings', () => {
  function stackWithWildcardPolicy() {
    const stack = new Stack(new App(), 'GranularStack');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
    const policy = new iam.ManagedPolicy(stack, 'Policy', {
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::example-bucket/*'] })],
    });
    return { stack, policy: policy.node.defaultChild as CfnResource };
  }
  const FINDING = 'Resource::arn:aws:s3:::example-bucket/*';

  test('cdk-nag 2 honours applies_to, and only for that finding', () => {
    const { stack, policy } = stackWithWildcardPolicy();
    acknowledgeNagRules(policy, { id: 'AwsSolutions-IAM5', reason: REASON, appliesTo: [FINDING] });

    expect(policy.getMetadata('cdk_nag').rules_to_suppress).toEqual([{ id: 'AwsSolutions-IAM5', reason: REASON, applies_to: [FINDING] }]);
    const report = auditStack(stack);
    expect(report.findings.filter((f) => f.ruleId === 'AwsSolutions-IAM5')).toEqual([]);
    expect(report.acknowledgments).toContainEqual(expect.objectContaining({ ruleId: 'AwsSolutions-IAM5', findingId: FINDING }));
  });

  test('cdk-nag 3 honours the finding, although it contains "::"', () => {
    const before = new AwsSolutionsChecksV3().validateScope(stackWithWildcardPolicy().stack);
    expect(before.violations.map((v) => v.ruleName)).toContain(`AwsSolutions-IAM5[${FINDING}]`);

    const { stack, policy } = stackWithWildcardPolicy();
    acknowledgeNagRules(policy, { id: 'AwsSolutions-IAM5', reason: REASON, appliesTo: [FINDING] });
    const after = new AwsSolutionsChecksV3().validateScope(stack);
    expect(after.violations.map((v) => v.ruleName)).not.toContain(`AwsSolutions-IAM5[${FINDING}]`);
  });

  test('another finding of the same rule stays open', () => {
    const { stack, policy } = stackWithWildcardPolicy();
    acknowledgeNagRules(policy, { id: 'AwsSolutions-IAM5', reason: REASON, appliesTo: ['Resource::arn:aws:s3:::other-bucket/*'] });
    expect(auditStack(stack).findings.map((f) => `${f.ruleId}[${f.findingId}]`)).toContain(`AwsSolutions-IAM5[${FINDING}]`);
  });
});
