import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createEncryptedAlarmTopic, createRotatingKey } from '../../src/core/encryption';

describe('createEncryptedAlarmTopic', () => {
  // Amazon SNS API Reference, CreateTopic: "DisplayName – The display name to
  // use for a topic with SMS subscriptions" of up to 100 characters.
  test('keeps a display name of 100 characters or fewer as it is', () => {
    const stack = new Stack(new App(), 'Stack');
    createEncryptedAlarmTopic(stack, 'Topic', 'x'.repeat(100));
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'x'.repeat(100) });
  });

  test('cuts a longer display name (a long construct path) to 100 characters', () => {
    const stack = new Stack(new App(), 'Stack');
    createEncryptedAlarmTopic(stack, 'Topic', `Database alarms of ${'Level/'.repeat(40)}`);
    const [topic] = Object.values(Template.fromStack(stack).findResources('AWS::SNS::Topic')) as any[];
    expect(topic.Properties.DisplayName).toEqual(`Database alarms of ${'Level/'.repeat(40)}`.slice(0, 97) + '...');
    expect(topic.Properties.DisplayName).toHaveLength(100);
  });
});

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
