import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createRotatingKey } from '../../src/core/encryption';

describe('createRotatingKey', () => {
  // AWS KMS Developer Guide, "Grants in AWS KMS" and the condition keys
  // kms:GrantIsForAWSResource and aws:PrincipalIsAWSService; AWS Control
  // Tower CT.KMS.PR.3. Evaluated in test/contracts/database.contract.test.ts.
  test('rotates, is retained, and denies grants that are neither for an AWS resource nor made by an AWS service', () => {
    const stack = new Stack(new App(), 'Stack');
    createRotatingKey(stack, 'Key', 'A key');
    const [key] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')) as any[];
    expect(key.DeletionPolicy).toEqual('Retain');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'DenyGrantsExceptForAwsResources',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
  });
});
