import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks as AwsSolutionsChecksV3 } from 'cdk-nag-v3';
import { NagAcknowledgments } from '../../src';
import { auditStack } from '../compliance';

const REASON = 'EC2 network-interface actions support no resource-level permissions.';

function stackWithWildcardPolicy() {
  const stack = new Stack(new App(), 'AckStack');
  const policy = new iam.ManagedPolicy(stack, 'Networking', {
    statements: [new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces'], resources: ['*'] })],
  });
  new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), managedPolicies: [policy] });
  return { stack, policy: policy.node.defaultChild as iam.CfnManagedPolicy };
}

describe('NagAcknowledgments', () => {
  test('a granular acknowledgment holds under cdk-nag 2 and cdk-nag 3', () => {
    const unacknowledged = stackWithWildcardPolicy().stack;
    expect(auditStack(unacknowledged).findings.map((f) => `${f.ruleId}[${f.findingId}]`)).toContain('AwsSolutions-IAM5[Resource::*]');
    expect(new AwsSolutionsChecksV3().validateScope(unacknowledged).violations.map((v) => v.ruleName)).toContain('AwsSolutions-IAM5[Resource::*]');

    const { stack, policy } = stackWithWildcardPolicy();
    NagAcknowledgments.add(policy, [{ id: 'AwsSolutions-IAM5', reason: REASON, appliesTo: ['Resource::*'] }]);

    const report = auditStack(stack);
    expect(report.findings).toEqual([]);
    expect(report.acknowledgments).toContainEqual(expect.objectContaining({ ruleId: 'AwsSolutions-IAM5', findingId: 'Resource::*', reason: REASON }));
    expect(new AwsSolutionsChecksV3().validateScope(stack).violations).toEqual([]);
  });

  test('a reason shorter than 10 characters is refused, naming the rule and the resource', () => {
    const { policy } = stackWithWildcardPolicy();
    expect(() => NagAcknowledgments.add(policy, [{ id: 'AwsSolutions-IAM5', reason: 'needed' }]))
      .toThrow(/^The acknowledgment of AwsSolutions-IAM5 on AckStack\/Networking\/Resource needs a reason of at least 10 characters, got: 'needed'\.$/);
  });
});
