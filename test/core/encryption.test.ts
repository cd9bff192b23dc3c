import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createEncryptedAlarmTopic } from '../../src/core/encryption';

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
