/**
 * Service-access contracts of AlarmTopic and OperationsDashboard: CloudWatch
 * publishing an alarm's notification (a metric alarm's and the dashboard's
 * composite ServiceHealth alarm's) to the app's one AlarmTopic through its
 * key, and SNS putting a notification it could not deliver into the topic's
 * dead-letter queue through that queue's key. Evaluated offline against the
 * synthesized policies.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { alarmTopicContracts, Contract, describeContracts, SynthesizedAccount } from './account';
import { AlarmTopic, OperationsDashboard, Workflow } from '../../src';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const OTHER_ACCOUNT = '999999999999';

const app = new App();
const platform = new Stack(app, 'Platform', { env: ENV });
AlarmTopic.setFor(app, new AlarmTopic(platform, 'Alarms', { emailAddresses: ['oncall@example.com'], httpsEndpoints: ['https://events.example.com/alarms'] }));
const workload = new Stack(app, 'Workload', { env: ENV });
const workflow = new Workflow(workload, 'Orders', { definition: new sfn.Pass(workload, 'Accept') });
new OperationsDashboard(workload, 'Operations').monitor(workflow);
const account = new SynthesizedAccount(app);

const topic = account.arnOf('AWS::SNS::Topic', 'Alarms', 'Platform');
const topicKey = account.arnOf('AWS::KMS::Key', 'AlarmsKey', 'Platform');
const deadLetters = account.arnOf('AWS::SQS::Queue', 'AlarmsDeliveryDeadLetterQueue', 'Platform');
const deadLetterKey = account.arnOf('AWS::KMS::Key', 'AlarmsDeliveryDeadLetterKey', 'Platform');
const metricAlarm = account.arnOf('AWS::CloudWatch::Alarm', 'OrdersFailedAlarm', 'Workload');
const serviceHealth = account.arnOf('AWS::CloudWatch::CompositeAlarm', 'OperationsServiceHealth', 'Workload');
const otherTopic = `arn:aws:sns:${ENV.region}:${ENV.account}:someone-elses-topic`;

const SNS_DLQ = 'https://docs.aws.amazon.com/sns/latest/dg/sns-configure-dead-letter-queue.html';
const sns = { service: 'sns.amazonaws.com' };

const ALLOWED: Contract[] = [
  ...alarmTopicContracts('a workflow\'s', { topic, topicKey, alarm: metricAlarm, account: ENV.account }),
  ...alarmTopicContracts('the dashboard\'s ServiceHealth', { topic, topicKey, alarm: serviceHealth, account: ENV.account }),
  {
    title: 'SNS puts a notification it could not deliver into the topic\'s dead-letter queue',
    source: SNS_DLQ,
    caller: sns,
    action: 'sqs:SendMessage',
    resource: deadLetters,
    context: { 'aws:SourceArn': topic },
  },
  {
    title: 'SNS encrypts it with the dead-letter queue\'s key',
    source: SNS_DLQ,
    caller: sns,
    action: 'kms:GenerateDataKey',
    resource: deadLetterKey,
    context: { 'aws:SourceArn': topic },
  },
];

const REFUSED: Contract[] = [
  ...alarmTopicContracts('another account\'s', {
    topic, topicKey, alarm: `arn:aws:cloudwatch:${ENV.region}:${OTHER_ACCOUNT}:alarm:theirs`, account: OTHER_ACCOUNT,
  }),
  {
    title: 'SNS puts another topic\'s notification into the dead-letter queue',
    source: SNS_DLQ,
    caller: sns,
    action: 'sqs:SendMessage',
    resource: deadLetters,
    context: { 'aws:SourceArn': otherTopic },
  },
  {
    title: 'SNS encrypts another topic\'s notification with the dead-letter queue\'s key',
    source: SNS_DLQ,
    caller: sns,
    action: 'kms:GenerateDataKey',
    resource: deadLetterKey,
    context: { 'aws:SourceArn': otherTopic },
  },
];

describeContracts('AlarmTopic and OperationsDashboard', account, ALLOWED, REFUSED);

describe('one alarm topic for the app', () => {
  test('the workflow and the dashboard create none of their own', () => {
    expect(account.resourcesOf('AWS::SNS::Topic').map((resource) => `${resource.stack}/${resource.logicalId}`)).toEqual([
      expect.stringMatching(/^Platform\/Alarms[0-9A-F]{8}$/),
    ]);
  });
});
