import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { createServiceRole } from '../../src/private/service-role';

function build(extra: { onlyForThisAccount?: boolean; roleName?: string } = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const made = createServiceRole(stack, 'Delivery', {
    service: 'delivery.logs.amazonaws.com',
    roleDescription: 'Lets the service deliver',
    policyDescription: 'Delivers, and nothing else',
    statements: [new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['arn:aws:logs:eu-west-1:111111111111:log-group:x:*'] })],
    ...extra,
  });
  return { stack, made, template: Template.fromStack(stack).toJSON() };
}

test('a role trusted by one service for this account only, its permissions in a customer-managed policy attached to it', () => {
  const { template, made, stack } = build();
  const roleId = stack.getLogicalId(made.role.node.defaultChild as iam.CfnRole);
  expect(roleId).toMatch(/^DeliveryRole/);
  expect(template.Resources[roleId].Properties).toEqual({
    Description: 'Lets the service deliver',
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      }],
    },
  });
  const policyId = stack.getLogicalId(made.policy.node.defaultChild as iam.CfnManagedPolicy);
  expect(policyId).toMatch(/^DeliveryPolicy/);
  expect(template.Resources[policyId].Properties).toEqual(expect.objectContaining({
    Description: 'Delivers, and nothing else',
    Roles: [{ Ref: roleId }],
  }));
  expect(Object.values<any>(template.Resources).map((r) => r.Type).sort()).toEqual(['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role']);
});

test('a role for a service that acts for the whole account, and a given name', () => {
  const { template, made, stack } = build({ onlyForThisAccount: false, roleName: 'delivery' });
  const role = template.Resources[stack.getLogicalId(made.role.node.defaultChild as iam.CfnRole)].Properties;
  expect(role.AssumeRolePolicyDocument.Statement[0].Condition).toBeUndefined();
  expect(role.RoleName).toBe('delivery');
});
