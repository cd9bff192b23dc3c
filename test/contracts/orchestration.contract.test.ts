/**
 * Service-access contracts of EventFanout and Workflow: what SNS, Lambda,
 * Step Functions, CloudWatch Logs, X-Ray, EventBridge, EventBridge Scheduler
 * and API Gateway do at run time, evaluated against the synthesized
 * policies (a permissions boundary on every role included).
 */
import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { alarmTopicContracts, Contract, describeContracts, SynthesizedAccount } from './account';
import { ApiAuthorization, EventFanout, PermissionsBoundary, SecureFunction, SecureRestApi, ThreeTierVpc, Workflow, WorkflowTrigger } from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const PARTNER = '222222222222';

const app = new App();
const stack = new Stack(app, 'Orders', { env: ENV });
const partnerStack = new Stack(app, 'Partner', { env: { account: PARTNER, region: ENV.region } });
const network = new ThreeTierVpc(stack, 'Network');
const code = lambda.Code.fromInline('exports.handler = async () => ({ ok: true });');
const fn = (id: string) => new SecureFunction(stack, id, { vpc: network.vpc, code, handler: 'index.handler' });
const validate = fn('ValidateOrder');
const biller = fn('Biller');
const bystander = fn('Bystander');

const events = new EventFanout(stack, 'OrderEvents');
events.addSubscriber('Billing', { filterPolicy: { status: sns.SubscriptionFilter.stringFilter({ allowlist: ['PAID'] }) } }).addConsumer(biller);
events.addSubscriber('Partner', { account: PARTNER, stack: partnerStack });
// Whoever deploys the partner stack creates its subscription: CloudFormation with a role of the partner account that may subscribe.
new iam.Role(partnerStack, 'PartnerDeployer', {
  assumedBy: new iam.AccountRootPrincipal(),
  managedPolicies: [new iam.ManagedPolicy(partnerStack, 'PartnerDeployerPolicy', {
    statements: [new iam.PolicyStatement({ actions: ['sns:Subscribe'], resources: [`arn:aws:sns:${ENV.region}:${ENV.account}:*`] })],
  })],
});
const otherEvents = new EventFanout(stack, 'OtherEvents');
otherEvents.addSubscriber('Audit');

const api = new SecureRestApi(stack, 'Api', { authorization: ApiAuthorization.iam() });
const checkout = new Workflow(stack, 'Checkout', {
  definition: new tasks.LambdaInvoke(stack, 'Validate', { lambdaFunction: validate, outputPath: '$.Payload' })
    .next(new tasks.SnsPublish(stack, 'Notify', { topic: events.topic, message: sfn.TaskInput.fromJsonPathAt('$') })),
  triggers: [
    WorkflowTrigger.schedule(scheduler.ScheduleExpression.expression('rate(1 hour)')),
    WorkflowTrigger.eventPattern({ source: ['shop.orders'] }),
    WorkflowTrigger.api(api, '/checkout'),
  ],
});
events.grantPublish(checkout.role);
new Workflow(stack, 'Other', { definition: new sfn.Pass(stack, 'Nothing') });

const stateMachines = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
new PermissionsBoundary(stack, 'Boundary', {
  services: ['sqs', 'sns', 'kms', 'logs', 'xray', 'ec2'],
  statements: [
    new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [stack.formatArn({ service: 'lambda', resource: 'function', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })] }),
    new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachines] }),
  ],
}).applyTo(stack);
const account = new SynthesizedAccount(app);

const topic = account.arnOf('AWS::SNS::Topic', 'OrderEventsTopic');
const otherTopic = account.arnOf('AWS::SNS::Topic', 'OtherEventsTopic');
const fanoutKey = account.arnOf('AWS::KMS::Key', 'OrderEventsKey');
const billingQueue = account.arnOf('AWS::SQS::Queue', 'OrderEventsBillingQueue');
const billingDeliveryDeadLetters = account.arnOf('AWS::SQS::Queue', 'OrderEventsBillingDeliveryDeadLetterQueue');
const partnerQueue = account.arnOf('AWS::SQS::Queue', 'OrderEventsPartnerQueue', 'Partner');
const partnerKey = account.arnOf('AWS::KMS::Key', 'OrderEventsPartnerKey', 'Partner');
const stateMachine = account.arnOf('AWS::StepFunctions::StateMachine', 'CheckoutStateMachine');
const otherStateMachine = account.arnOf('AWS::StepFunctions::StateMachine', 'OtherStateMachine');
const workflowKey = account.arnOf('AWS::KMS::Key', 'CheckoutKey');
const workflowLogs = account.logGroupArnOf('CheckoutLogs');
const ruleDeadLetters = account.arnOf('AWS::SQS::Queue', 'CheckoutRuleTriggerDeadLetterQueue');
const scheduleDeadLetters = account.arnOf('AWS::SQS::Queue', 'CheckoutScheduleTriggerDeadLetterQueue');
const rule = account.arnOf('AWS::Events::Rule', 'CheckoutRuleTrigger');

const partnerDeployer = { role: { logicalIdPrefix: 'PartnerDeployer', stack: 'Partner' } };
const subscribing = (protocol: string, endpoint: string) => ({ 'sns:Protocol': protocol, 'sns:Endpoint': endpoint });
const role = (logicalIdPrefix: string, inStack?: string) => ({ role: { logicalIdPrefix, stack: inStack } });
const sns_ = { service: 'sns.amazonaws.com' };
const fromTopic = (arn: string, owner = ENV.account) => ({ 'aws:SourceArn': arn, 'aws:SourceAccount': owner });
const inContext = (machine: string) => ({ 'kms:EncryptionContext:aws:states:stateMachineArn': machine });
const workflowRole = role('CheckoutRole');

const SNS_SQS = 'https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html';
const SNS_SQS_KMS = 'https://docs.aws.amazon.com/sns/latest/dg/sns-enable-encryption-for-topic-sqs-queue-subscriptions.html';
const SNS_DLQ = 'https://docs.aws.amazon.com/sns/latest/dg/sns-configure-dead-letter-queue.html';
const SNS_CROSS_ACCOUNT = 'https://docs.aws.amazon.com/sns/latest/dg/sns-send-message-to-sqs-cross-account.html';
const SNS_SSE = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html';
const LAMBDA_SQS = 'https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions';
const SFN_ROLE = 'https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html';
const SFN_KMS = 'https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html';
const SFN_LOGS = 'https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html';
const SFN_XRAY = 'https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html';
const SFN_LAMBDA = 'https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html';
const SFN_SNS = 'https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html';
const LOGS_KMS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html';
const SCHEDULER_ROLE = 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role';
const SCHEDULER_DLQ = 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html';
const EVENTBRIDGE_ROLE = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html';
const EVENTBRIDGE_DLQ = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html';
const APIGW_SFN = 'https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-api-gateway.html';

const ALLOWED: Contract[] = [
  { title: 'SNS delivers a message of the topic to the Billing queue', source: SNS_SQS, caller: sns_, action: 'sqs:SendMessage', resource: billingQueue, context: fromTopic(topic) },
  { title: 'SNS encrypts it with the fan-out key', source: SNS_SQS_KMS, caller: sns_, action: 'kms:GenerateDataKey', resource: fanoutKey, context: fromTopic(topic) },
  { title: 'SNS puts a message it could not deliver in the subscription\'s dead-letter queue', source: SNS_DLQ, caller: sns_, action: 'sqs:SendMessage', resource: billingDeliveryDeadLetters, context: fromTopic(topic) },
  { title: 'SNS delivers to the partner account\'s queue', source: SNS_CROSS_ACCOUNT, caller: sns_, action: 'sqs:SendMessage', resource: partnerQueue, context: fromTopic(topic) },
  { title: 'the partner account subscribes its queue to the topic (the queue owner subscribes: no confirmation)', source: SNS_CROSS_ACCOUNT, caller: partnerDeployer, action: 'sns:Subscribe', resource: topic, context: subscribing('sqs', partnerQueue) },
  { title: 'SNS encrypts it with the partner\'s key', source: SNS_SQS_KMS, caller: sns_, action: 'kms:GenerateDataKey', resource: partnerKey, context: fromTopic(topic) },
  { title: 'Lambda receives a batch from the Billing queue with the consumer\'s role', source: LAMBDA_SQS, caller: role('BillerServiceRole'), action: 'sqs:ReceiveMessage', resource: billingQueue },
  { title: 'Lambda decrypts the batch with the fan-out key', source: LAMBDA_SQS, caller: role('BillerServiceRole'), action: 'kms:Decrypt', resource: fanoutKey },
  { title: 'Step Functions assumes the workflow role for its state machine', source: SFN_ROLE, caller: { service: 'states.amazonaws.com' }, action: 'sts:AssumeRole', resource: account.arnOf('AWS::IAM::Role', 'CheckoutRole'), context: { 'aws:SourceArn': stateMachine, 'aws:SourceAccount': ENV.account } },
  { title: 'the workflow encrypts its execution data with its key', source: SFN_KMS, caller: workflowRole, action: 'kms:GenerateDataKey', resource: workflowKey, context: inContext(stateMachine) },
  { title: 'the workflow decrypts its execution data', source: SFN_KMS, caller: workflowRole, action: 'kms:Decrypt', resource: workflowKey, context: inContext(stateMachine) },
  { title: 'the workflow invokes its Lambda task', source: SFN_LAMBDA, caller: workflowRole, action: 'lambda:InvokeFunction', resource: account.arnOf('AWS::Lambda::Function', 'ValidateOrder') },
  { title: 'the workflow publishes to the fan-out topic', source: SFN_SNS, caller: workflowRole, action: 'sns:Publish', resource: topic },
  { title: 'the workflow has SNS use the topic key', source: SNS_SSE, caller: workflowRole, action: 'kms:GenerateDataKey', resource: fanoutKey, context: { 'kms:ViaService': `sns.${ENV.region}.amazonaws.com` } },
  { title: 'Step Functions sets up the log delivery with the workflow role', source: SFN_LOGS, caller: workflowRole, action: 'logs:CreateLogDelivery', resource: '*' },
  { title: 'Step Functions sends X-Ray traces with the workflow role', source: SFN_XRAY, caller: workflowRole, action: 'xray:PutTraceSegments', resource: '*' },
  { title: 'the log delivery decrypts the workflow\'s execution data', source: SFN_KMS, caller: { service: 'delivery.logs.amazonaws.com' }, action: 'kms:Decrypt', resource: workflowKey, context: inContext(stateMachine) },
  { title: 'CloudWatch Logs encrypts the workflow\'s log group', source: LOGS_KMS, caller: { service: `logs.${ENV.region}.amazonaws.com` }, action: 'kms:GenerateDataKey', resource: workflowKey, context: { 'kms:EncryptionContext:aws:logs:arn': workflowLogs } },
  { title: 'EventBridge Scheduler assumes the schedule\'s role for this account', source: SCHEDULER_ROLE, caller: { service: 'scheduler.amazonaws.com' }, action: 'sts:AssumeRole', resource: account.arnOf('AWS::IAM::Role', 'CheckoutScheduleTriggerRole'), context: { 'aws:SourceAccount': ENV.account } },
  { title: 'EventBridge Scheduler starts the workflow', source: SCHEDULER_ROLE, caller: role('CheckoutScheduleTriggerRole'), action: 'states:StartExecution', resource: stateMachine },
  { title: 'EventBridge Scheduler encrypts the input with the workflow key', source: SFN_KMS, caller: role('CheckoutScheduleTriggerRole'), action: 'kms:GenerateDataKey', resource: workflowKey, context: inContext(stateMachine) },
  { title: 'EventBridge Scheduler sends an undelivered start to the dead-letter queue', source: SCHEDULER_DLQ, caller: role('CheckoutScheduleTriggerRole'), action: 'sqs:SendMessage', resource: scheduleDeadLetters },
  { title: 'EventBridge assumes the rule\'s role', source: EVENTBRIDGE_ROLE, caller: { service: 'events.amazonaws.com' }, action: 'sts:AssumeRole', resource: account.arnOf('AWS::IAM::Role', 'CheckoutRuleTriggerRole'), context: { 'aws:SourceAccount': ENV.account } },
  { title: 'EventBridge starts the workflow with the rule\'s role', source: EVENTBRIDGE_ROLE, caller: role('CheckoutRuleTriggerRole'), action: 'states:StartExecution', resource: stateMachine },
  { title: 'EventBridge encrypts the input with the workflow key', source: SFN_KMS, caller: role('CheckoutRuleTriggerRole'), action: 'kms:GenerateDataKey', resource: workflowKey, context: inContext(stateMachine) },
  { title: 'EventBridge puts an undeliverable event in the rule\'s dead-letter queue', source: EVENTBRIDGE_DLQ, caller: { service: 'events.amazonaws.com' }, action: 'sqs:SendMessage', resource: ruleDeadLetters, context: { 'aws:SourceArn': rule, 'aws:SourceAccount': ENV.account } },
  { title: 'EventBridge encrypts it with the workflow key', source: EVENTBRIDGE_DLQ, caller: { service: 'events.amazonaws.com' }, action: 'kms:GenerateDataKey', resource: workflowKey, context: { 'aws:SourceArn': rule, 'aws:SourceAccount': ENV.account } },
  { title: 'API Gateway assumes the API trigger\'s role', source: APIGW_SFN, caller: { service: 'apigateway.amazonaws.com' }, action: 'sts:AssumeRole', resource: account.arnOf('AWS::IAM::Role', 'CheckoutApiTriggerRole') },
  { title: 'API Gateway starts the workflow with the request body', source: APIGW_SFN, caller: role('CheckoutApiTriggerRole'), action: 'states:StartExecution', resource: stateMachine },
  ...alarmTopicContracts('the fan-out\'s', {
    topic: account.arnOf('AWS::SNS::Topic', 'OrderEventsAlarmTopic'),
    topicKey: account.arnOf('AWS::KMS::Key', 'OrderEventsAlarmTopicKey'),
    alarm: account.arnOf('AWS::CloudWatch::Alarm', 'OrderEventsBillingDeadLettersAlarm'),
    account: ENV.account,
  }),
  ...alarmTopicContracts('the workflow\'s', {
    topic: account.arnOf('AWS::SNS::Topic', 'CheckoutAlarmTopic'),
    topicKey: account.arnOf('AWS::KMS::Key', 'CheckoutAlarmTopicKey'),
    alarm: account.arnOf('AWS::CloudWatch::Alarm', 'CheckoutFailedAlarm'),
    account: ENV.account,
  }),
];

const REFUSED: Contract[] = [
  { title: 'SNS delivers another topic\'s message to the Billing queue', source: SNS_SQS, caller: sns_, action: 'sqs:SendMessage', resource: billingQueue, context: fromTopic(otherTopic) },
  { title: 'SNS uses the fan-out key for another topic', source: SNS_SQS_KMS, caller: sns_, action: 'kms:GenerateDataKey', resource: fanoutKey, context: fromTopic(otherTopic) },
  { title: 'the partner account subscribes an HTTPS endpoint to the topic', source: SNS_CROSS_ACCOUNT, caller: partnerDeployer, action: 'sns:Subscribe', resource: topic, context: subscribing('https', 'https://attacker.example.com/collect') },
  { title: 'the partner account subscribes a queue of a third account', source: SNS_CROSS_ACCOUNT, caller: partnerDeployer, action: 'sns:Subscribe', resource: topic, context: subscribing('sqs', `arn:aws:sqs:${ENV.region}:333333333333:theirs`) },
  { title: 'the partner account subscribes to the other fan-out\'s topic', source: SNS_CROSS_ACCOUNT, caller: partnerDeployer, action: 'sns:Subscribe', resource: otherTopic, context: subscribing('sqs', partnerQueue) },
  { title: 'SNS delivers another topic\'s message to the partner\'s queue', source: SNS_CROSS_ACCOUNT, caller: sns_, action: 'sqs:SendMessage', resource: partnerQueue, context: fromTopic(otherTopic) },
  { title: 'the workflow decrypts with the topic key directly, not through SNS (it also encrypts the queues)', source: SNS_SSE, caller: workflowRole, action: 'kms:Decrypt', resource: fanoutKey },
  { title: 'the consumer sends to the queue it drains', source: LAMBDA_SQS, caller: role('BillerServiceRole'), action: 'sqs:SendMessage', resource: billingQueue },
  { title: 'Step Functions assumes the workflow role for another state machine', source: SFN_ROLE, caller: { service: 'states.amazonaws.com' }, action: 'sts:AssumeRole', resource: account.arnOf('AWS::IAM::Role', 'CheckoutRole'), context: { 'aws:SourceArn': otherStateMachine, 'aws:SourceAccount': ENV.account } },
  { title: 'the workflow uses its key for another state machine\'s data', source: SFN_KMS, caller: workflowRole, action: 'kms:Decrypt', resource: workflowKey, context: inContext(otherStateMachine) },
  { title: 'the workflow invokes a function that is not one of its tasks', source: SFN_LAMBDA, caller: workflowRole, action: 'lambda:InvokeFunction', resource: account.arnOf('AWS::Lambda::Function', 'Bystander') },
  { title: 'the workflow invokes a version of its task\'s function (no version wildcard)', source: SFN_LAMBDA, caller: workflowRole, action: 'lambda:InvokeFunction', resource: `${account.arnOf('AWS::Lambda::Function', 'ValidateOrder')}:7` },
  { title: 'the log delivery decrypts another state machine\'s data', source: SFN_KMS, caller: { service: 'delivery.logs.amazonaws.com' }, action: 'kms:Decrypt', resource: workflowKey, context: inContext(otherStateMachine) },
  { title: 'EventBridge Scheduler starts another state machine with the schedule\'s role', source: SCHEDULER_ROLE, caller: role('CheckoutScheduleTriggerRole'), action: 'states:StartExecution', resource: otherStateMachine },
  { title: 'EventBridge starts another state machine with the rule\'s role', source: EVENTBRIDGE_ROLE, caller: role('CheckoutRuleTriggerRole'), action: 'states:StartExecution', resource: otherStateMachine },
  { title: 'EventBridge puts another rule\'s event in the rule\'s dead-letter queue', source: EVENTBRIDGE_DLQ, caller: { service: 'events.amazonaws.com' }, action: 'sqs:SendMessage', resource: ruleDeadLetters, context: { 'aws:SourceArn': `arn:aws:events:${ENV.region}:${ENV.account}:rule/theirs`, 'aws:SourceAccount': ENV.account } },
  { title: 'API Gateway starts another state machine with the trigger\'s role', source: APIGW_SFN, caller: role('CheckoutApiTriggerRole'), action: 'states:StartExecution', resource: otherStateMachine },
];

describeContracts('EventFanout and Workflow', account, ALLOWED, REFUSED);
void bystander;
