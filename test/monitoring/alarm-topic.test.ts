/**
 * AlarmTopic: the KMS-encrypted, TLS-only SNS topic CloudWatch alarms notify,
 * its subscriptions and their checks, its display name, and `setFor`/`of`,
 * which make every construct under a scope notify one topic.
 */
import { App, CfnElement, CfnParameter, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { AlarmTopic, AlarmTopicProps, SecureFunction, ThreeTierVpc } from '../../src';
import { expectCompliant } from '../compliance';
import { ENV, secureFunction } from '../serverless-fixture';

const OTHER_REGION = { ...ENV, region: 'eu-central-1' };

/** The ARN CloudFormation renders for `arn:<partition>:cloudwatch:<region>:<account>:alarm:*`. */
function alarmArnPattern(region: string, account: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:${region}:${account}:alarm:*`]] };
}

/** A stack of its own app, with a topic in it. */
function topicStack(props: AlarmTopicProps = {}): { app: App; stack: Stack; topic: AlarmTopic } {
  const app = new App();
  const stack = new Stack(app, 'Alarms', { env: ENV });
  return { app, stack, topic: new AlarmTopic(stack, 'Topic', props) };
}

/** A stack with a network (its alarms off, so that only the function alarms) and a SecureFunction. */
function workload(app: App, id: string, env = ENV): { stack: Stack; fn: SecureFunction } {
  const stack = new Stack(app, id, { env });
  const network = new ThreeTierVpc(stack, 'Network', { natGateways: 1, alarms: { enabled: false } });
  return { stack, fn: secureFunction(stack, 'Fn', network) };
}

/** The AlarmActions and OKActions of every alarm of `stack`. */
function alarmActions(stack: Stack): unknown[] {
  return Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
    .map((alarm) => [alarm.Properties.AlarmActions, alarm.Properties.OKActions]);
}

function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

describe('AlarmTopic, the defaults', () => {
  const { stack, topic } = topicStack();
  const template = Template.fromStack(stack);
  const topicId = logicalIdOf(topic);
  const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
  const fromThisAccountsAlarms = {
    StringEquals: { 'aws:SourceAccount': ENV.account },
    ArnLike: { 'aws:SourceArn': alarmArnPattern(ENV.region, ENV.account) },
  };

  test('encrypted with a key of its own that rotates', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(topic.encryptionKey.node.path).toBe('Alarms/TopicKey');
  });

  test('TLS-only: publishing without TLS is denied', () => {
    const [policy] = Object.values<any>(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policy.Properties.Topics).toEqual([{ Ref: topicId }]);
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Sid: 'AllowPublishThroughSSLOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: { Ref: topicId },
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('the topic policy lets CloudWatch publish, for alarms of this account and region only', () => {
    const [policy] = Object.values<any>(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Sid: 'AllowCloudWatchAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: topicId },
      Condition: fromThisAccountsAlarms,
    });
  });

  test('the key policy lets CloudWatch encrypt for the topic, for alarms of this account and region only', () => {
    // "Enable compatibility between event sources from AWS services and encrypted topics", Amazon SNS Developer Guide.
    const key = template.findResources('AWS::KMS::Key')[keyId];
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'AllowCloudWatchAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: fromThisAccountsAlarms,
    });
  });

  test('the display name says whose alarms it carries; no subscription', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Alarms of Alarms/Topic' });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('in another region, the alarm ARNs name that region', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: OTHER_REGION });
    new AlarmTopic(other, 'Topic');
    const [policy] = Object.values<any>(Template.fromStack(other).findResources('AWS::SNS::TopicPolicy'));
    const statement = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'AllowCloudWatchAlarmsToPublish');
    expect(statement.Condition.ArnLike).toEqual({ 'aws:SourceArn': alarmArnPattern('eu-central-1', ENV.account) });
  });
});

describe('subscriptions', () => {
  test('each email address and https endpoint is subscribed with its protocol', () => {
    const { stack, topic } = topicStack({
      emailAddresses: ['oncall@example.com', 'ops@example.org'],
      httpsEndpoints: ['https://events.example.com/alarms'],
    });
    const subscriptions = Object.values<any>(Template.fromStack(stack).findResources('AWS::SNS::Subscription')).map((s) => s.Properties);
    const redrive = { deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(topic.deliveryDeadLetterQueue!), 'Arn'] } };
    expect(subscriptions).toEqual(expect.arrayContaining([
      { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: logicalIdOf(topic) }, RedrivePolicy: redrive },
      { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: { Ref: logicalIdOf(topic) }, RedrivePolicy: redrive },
      { Protocol: 'https', Endpoint: 'https://events.example.com/alarms', TopicArn: { Ref: logicalIdOf(topic) }, RedrivePolicy: redrive },
    ]));
    expect(subscriptions).toHaveLength(3);
  });

  test('a notification SNS gives up on waits in a dead-letter queue on a key of its own, which SNS may use for this topic only', () => {
    // "Configuring an Amazon SNS dead-letter queue" (https://docs.aws.amazon.com/sns/latest/dg/sns-configure-dead-letter-queue.html);
    // the Serverless pack's SNSRedrivePolicy rule asks it of every subscription. Evaluated in test/contracts/monitoring.contract.test.ts.
    const { stack, topic } = topicStack({ emailAddresses: ['oncall@example.com'] });
    const template = Template.fromStack(stack);
    const queue = template.toJSON().Resources[logicalIdOf(topic.deliveryDeadLetterQueue!)];
    const keyId = queue.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    expect(keyId).not.toEqual(logicalIdOf(topic.encryptionKey));
    const statements = template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
    expect(statements).toContainEqual({
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Condition: { ArnEquals: { 'aws:SourceArn': { Ref: logicalIdOf(topic) } } },
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Resource: '*',
    });
  });

  test('with subscriptions, it passes all six cdk-nag packs', () => {
    const { stack } = topicStack({ emailAddresses: ['oncall@example.com'], httpsEndpoints: ['https://events.example.com/alarms'] });
    expectCompliant(stack);
  });

  test('without subscriptions, there is no dead-letter queue', () => {
    const { stack, topic } = topicStack();
    expect(topic.deliveryDeadLetterQueue).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::SQS::Queue', 0);
  });

  test.each(['oncall', 'a b@example.com', '', 'oncall@example', '@example.com'])('the email address %j is refused', (address) => {
    const app = new App();
    const stack = new Stack(app, 'Alarms', { env: ENV });
    expect(() => new AlarmTopic(stack, 'Topic', { emailAddresses: ['oncall@example.com', address] })).toThrow(new Error(
      `\`emailAddresses\` holds an address that is not an email address: '${address}'. Give addresses like 'oncall@example.com'.`,
    ));
    // Checked before anything is created.
    expect(stack.node.children).toEqual([]);
  });

  test.each(['http://x.example.com', 'ftp://x', '', 'https://', 'events.example.com/alarms'])('the endpoint %j is refused', (url) => {
    const app = new App();
    const stack = new Stack(app, 'Alarms', { env: ENV });
    expect(() => new AlarmTopic(stack, 'Topic', { httpsEndpoints: [url] })).toThrow(new Error(
      `\`httpsEndpoints\` holds an endpoint that is not an https:// URL: '${url}'. Give URLs like 'https://events.example.com/alarms'.`,
    ));
    expect(stack.node.children).toEqual([]);
  });

  test('tokens are accepted unchecked, and subscribed', () => {
    const app = new App();
    const stack = new Stack(app, 'Alarms', { env: ENV });
    const email = new CfnParameter(stack, 'Email');
    const url = new CfnParameter(stack, 'Url');
    new AlarmTopic(stack, 'Topic', { emailAddresses: [email.valueAsString], httpsEndpoints: [url.valueAsString] });
    const subscriptions = Object.values<any>(Template.fromStack(stack).findResources('AWS::SNS::Subscription'))
      .map((s) => [s.Properties.Protocol, s.Properties.Endpoint]);
    expect(subscriptions).toEqual(expect.arrayContaining([['email', { Ref: 'Email' }], ['https', { Ref: 'Url' }]]));
    expect(subscriptions).toHaveLength(2);
  });
});

describe('display name', () => {
  // "Display names ... can include up to 100 characters" (Amazon SNS API Reference, CreateTopic, DisplayName attribute).
  function displayNameOf(id: string, props: AlarmTopicProps = {}): string {
    const app = new App();
    const stack = new Stack(app, 'Alarms', { env: ENV });
    new AlarmTopic(stack, id, props);
    const [topic] = Object.values<any>(Template.fromStack(stack).findResources('AWS::SNS::Topic'));
    return topic.Properties.DisplayName;
  }

  test('a given display name is used as is', () => {
    expect(displayNameOf('Topic', { displayName: 'On-call alarms' })).toBe('On-call alarms');
  });

  test('100 characters are kept', () => {
    const name = 'x'.repeat(100);
    expect(displayNameOf('Topic', { displayName: name })).toBe(name);
  });

  test('a given name of 101 characters is cut to 100, ending in ...', () => {
    const name = `${'a'.repeat(97)}bcde`;
    expect(displayNameOf('Topic', { displayName: name })).toBe(`${'a'.repeat(97)}...`);
  });

  test('the default name of a long construct path is cut to 100, ending in ...', () => {
    // 'Alarms of Alarms/' is 17 characters: 17 + 120 is over the limit.
    const id = 'T'.repeat(120);
    const displayName = displayNameOf(id);
    expect(displayName).toBe(`Alarms of Alarms/${'T'.repeat(80)}...`);
    expect(displayName).toHaveLength(100);
  });
});

describe('AlarmTopic.setFor and AlarmTopic.of', () => {
  test('of() is undefined when nothing was set', () => {
    const app = new App();
    const { stack, fn } = workload(app, 'Workload');
    expect(AlarmTopic.of(stack)).toBeUndefined();
    expect(AlarmTopic.of(fn)).toBeUndefined();
  });

  test('of() on the app or a stage, above any stack, is the topic set there', () => {
    const { app, topic } = topicStack();
    AlarmTopic.setFor(app, topic);
    expect(AlarmTopic.of(app)).toBe(topic);
    expect(AlarmTopic.of(new Stage(app, 'Stage'))).toBe(topic);
  });

  test('setFor(app): a construct added afterwards notifies the app\'s topic, and creates none', () => {
    const { app, topic } = topicStack();
    AlarmTopic.setFor(app, topic);
    const { stack, fn } = workload(app, 'Workload');
    expect(AlarmTopic.of(fn)).toBe(topic);
    expect(fn.alarmTopic).toBe(topic);
    expect(fn.alarms).toHaveLength(3);
    const imported = { 'Fn::ImportValue': expect.stringMatching(/^Alarms:ExportsOutputRefTopic/) };
    expect(alarmActions(stack)).toEqual(fn.alarms.map(() => [[imported], [imported]]));
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 0);
  });

  test('setFor(app) with the topic in the same stack: alarms Ref it', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: ENV });
    const topic = new AlarmTopic(stack, 'Topic');
    AlarmTopic.setFor(app, topic);
    const network = new ThreeTierVpc(stack, 'Network', { natGateways: 1, alarms: { enabled: false } });
    const fn = secureFunction(stack, 'Fn', network);
    const ref = { Ref: logicalIdOf(topic) };
    expect(alarmActions(stack)).toEqual(fn.alarms.map(() => [[ref], [ref]]));
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('a construct given alarms.topic notifies that one instead', () => {
    const { app, topic } = topicStack();
    AlarmTopic.setFor(app, topic);
    const stack = new Stack(app, 'Workload', { env: ENV });
    const network = new ThreeTierVpc(stack, 'Network', { natGateways: 1, alarms: { enabled: false } });
    const given = new sns.Topic(stack, 'Given');
    const fn = secureFunction(stack, 'Fn', network, { alarms: { topic: given } });
    expect(fn.alarmTopic).toBe(given);
    const ref = { Ref: logicalIdOf(given) };
    expect(alarmActions(stack)).toEqual(fn.alarms.map(() => [[ref], [ref]]));
  });

  test('a construct in another region keeps a topic of its own', () => {
    // CloudWatch alarms notify topics of their own region.
    const { app, topic } = topicStack();
    AlarmTopic.setFor(app, topic);
    const { stack, fn } = workload(app, 'Frankfurt', OTHER_REGION);
    expect(AlarmTopic.of(fn)).toBeUndefined();
    expect(fn.alarmTopic).toBeInstanceOf(AlarmTopic);
    expect(fn.alarmTopic).not.toBe(topic);
    expect(fn.alarmTopic!.node.path).toBe('Frankfurt/Fn/AlarmTopic');
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
    const ref = { Ref: logicalIdOf(fn.alarmTopic as AlarmTopic) };
    expect(alarmActions(stack)).toEqual(fn.alarms.map(() => [[ref], [ref]]));
  });

  test('a construct in another account keeps a topic of its own', () => {
    const { app, topic } = topicStack();
    AlarmTopic.setFor(app, topic);
    const { fn } = workload(app, 'Partner', { ...ENV, account: '222222222222' });
    expect(AlarmTopic.of(fn)).toBeUndefined();
    expect(fn.alarmTopic!.node.path).toBe('Partner/Fn/AlarmTopic');
  });

  test('setFor twice on one scope with another topic fails', () => {
    const { app, stack, topic } = topicStack();
    const other = new AlarmTopic(stack, 'Other');
    AlarmTopic.setFor(app, topic);
    expect(() => AlarmTopic.setFor(app, other)).toThrow(new Error(
      '`AlarmTopic.setFor` was already called for \'<app>\' with Alarms/Topic; got Alarms/Other. Set one topic per scope.',
    ));
    expect(() => AlarmTopic.setFor(stack, topic)).not.toThrow();
    expect(() => AlarmTopic.setFor(stack, other)).toThrow(new Error(
      '`AlarmTopic.setFor` was already called for \'Alarms\' with Alarms/Topic; got Alarms/Other. Set one topic per scope.',
    ));
    // The first topic stays.
    expect(AlarmTopic.of(stack)).toBe(topic);
  });

  test('setFor twice with the same topic is fine', () => {
    const { app, topic } = topicStack();
    AlarmTopic.setFor(app, topic);
    expect(() => AlarmTopic.setFor(app, topic)).not.toThrow();
    expect(AlarmTopic.of(app.node.findChild('Alarms'))).toBe(topic);
  });

  test('setFor(stack) applies below that stack only', () => {
    const app = new App();
    const { stack: first, fn: inside } = workload(app, 'First');
    const topic = new AlarmTopic(first, 'Topic');
    // Constructs added before setFor keep their topic.
    expect(inside.alarmTopic!.node.path).toBe('First/Fn/AlarmTopic');
    AlarmTopic.setFor(first, topic);
    const network = first.node.findChild('Network') as ThreeTierVpc;
    const later = secureFunction(first, 'Later', network);
    const { stack: second, fn: outside } = workload(app, 'Second');
    expect(AlarmTopic.of(later)).toBe(topic);
    expect(later.alarmTopic).toBe(topic);
    expect(AlarmTopic.of(second)).toBeUndefined();
    expect(AlarmTopic.of(outside)).toBeUndefined();
    expect(outside.alarmTopic!.node.path).toBe('Second/Fn/AlarmTopic');
    Template.fromStack(second).resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('the nearest scope wins', () => {
    const { app, topic } = topicStack();
    const { stack, fn } = workload(app, 'Workload');
    const nearer = new AlarmTopic(stack, 'Nearer');
    AlarmTopic.setFor(app, topic);
    AlarmTopic.setFor(stack, nearer);
    expect(AlarmTopic.of(fn)).toBe(nearer);
    expect(AlarmTopic.of(app.node.findChild('Alarms'))).toBe(topic);
  });
});

describe('AlarmTopic is monitored', () => {
  const { stack, topic } = topicStack();

  test('it has no alarms of its own', () => {
    expect(topic.alarms).toEqual([]);
  });

  test('two graphs: messages published, and notifications that failed', () => {
    const widgets = topic.monitoringWidgets();
    expect(widgets).toHaveLength(2);
    expect(widgets.every((widget) => widget instanceof cloudwatch.GraphWidget)).toBe(true);
    const json = stack.resolve(widgets.flatMap((widget) => widget.toJson()));
    const topicName = { 'Fn::GetAtt': [logicalIdOf(topic), 'TopicName'] };
    // The region only: an accountId would ask CloudWatch for cross-account observability.
    const options = { region: ENV.region, stat: 'Sum' };
    expect(json.map((widget: any) => [widget.properties.title, widget.properties.metrics])).toEqual([
      ['Alarm notifications', [['AWS/SNS', 'NumberOfMessagesPublished', 'TopicName', topicName, options]]],
      ['Failed deliveries', [['AWS/SNS', 'NumberOfNotificationsFailed', 'TopicName', topicName, options]]],
    ]);
  });

  test('each call returns new widgets', () => {
    const [first] = topic.monitoringWidgets();
    const [second] = topic.monitoringWidgets();
    expect(first).not.toBe(second);
  });
});
