/**
 * Service-access contracts of the reference three-tier web app, as deployed:
 * every role under the app's permissions boundary, the functions connecting
 * through RDS Proxy as the application user, API Gateway logging through the
 * platform's account setting, S3 replicating to the second region, and
 * CloudWatch Logs using the functions' key, the order workflow invoking its
 * functions and publishing to the order events fan-out, and SNS delivering to
 * the subscribers' queues, evaluated against the synthesized policies of all
 * six stacks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Contract, describeContracts, SynthesizedAccount } from './account';
import { APPLICATION_USER, MASTER_USER } from '../../examples/three-tier-web-app/lib/data-stack';
import { buildWebApp } from '../../examples/three-tier-web-app/lib/web-app';

const SETTINGS = {
  account: '111111111111', region: 'eu-west-1', replicaRegion: 'eu-central-1', hostedZoneId: 'Z123EXAMPLE', zoneName: 'shop.example.org',
};
const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'web-app-contracts-')) });
buildWebApp(app, SETTINGS);
const account = new SynthesizedAccount(app);

const arn = (service: string, resource: string, region = SETTINGS.region) => `arn:aws:${service}:${region}:${SETTINGS.account}:${resource}`;
const ordersFunction = { role: { logicalIdPrefix: 'OrdersServiceRole', stack: 'WebAppApi' } };
const filesFunction = { role: { logicalIdPrefix: 'FilesServiceRole', stack: 'WebAppApi' } };
const proxyRole = { role: { logicalIdPrefix: 'DatabaseProxyRole', stack: 'WebAppData' } };
const apiGatewayRole = { role: { logicalIdPrefix: 'ApiGatewayLoggingCloudWatchRole', stack: 'WebAppNetwork' } };
const replicationRole = { role: { logicalIdPrefix: 'UploadsReplicationRole', stack: 'WebAppData' } };

const clusterResourceId = account.valueOf('AWS::RDS::DBCluster', 'Database', 'DBClusterResourceId', 'WebAppData');
const proxyResourceId = account.valueOf('AWS::RDS::DBProxy', 'DatabaseProxy', 'DBProxyArn', 'WebAppData').split(':')[6];
const uploads = account.arnOf('AWS::S3::Bucket', 'Uploads', 'WebAppData');
const replica = account.arnOf('AWS::S3::Bucket', 'UploadsReplica', 'WebAppReplica');
const ordersExecutionLogs = account.logGroupArnOf('OrdersApiExecutionLogs', 'WebAppApi');
const ordersAccessLogs = account.logGroupArnOf('OrdersApiAccessLogs', 'WebAppApi');
const functionLogs = account.logGroupArnOf('OrdersLogs', 'WebAppApi');
const functionsKey = account.arnOf('AWS::KMS::Key', 'FunctionsKey', 'WebAppApi');
const ingestFunction = { role: { logicalIdPrefix: 'IngestOrdersServiceRole', stack: 'WebAppIngest' } };
const purgeSchedule = { role: { logicalIdPrefix: 'NightlyPurgeSchedulerRole', stack: 'WebAppIngest' } };
const ingestRule = account.arnOf('AWS::Events::Rule', 'OrdersIngestRule', 'WebAppIngest');
const ingestQueue = account.arnOf('AWS::SQS::Queue', 'OrdersIngestQueue', 'WebAppIngest');
const ingestTopic = account.arnOf('AWS::SNS::Topic', 'OrdersIngestCompletionTopic', 'WebAppIngest');
const purgeFunction = account.arnOf('AWS::Lambda::Function', 'PurgeIngestRecords', 'WebAppIngest');
const workflowRole = { role: { logicalIdPrefix: 'OrderCheckoutRole', stack: 'WebAppOrders' } };
const checkoutRouteRole = { role: { logicalIdPrefix: 'OrderCheckoutApiTriggerRole', stack: 'WebAppOrders' } };
const billingFunction = { role: { logicalIdPrefix: 'BillOrderServiceRole', stack: 'WebAppOrders' } };
const emailFunction = { role: { logicalIdPrefix: 'EmailOrderServiceRole', stack: 'WebAppOrders' } };
const orderFunction = (prefix: string) => account.arnOf('AWS::Lambda::Function', prefix, 'WebAppOrders');
const orderEvents = account.arnOf('AWS::SNS::Topic', 'OrderEventsTopic', 'WebAppOrders');
const orderEventsKey = account.arnOf('AWS::KMS::Key', 'OrderEventsKey', 'WebAppOrders');
const billingQueue = account.arnOf('AWS::SQS::Queue', 'OrderEventsBillingQueue', 'WebAppOrders');
const emailQueue = account.arnOf('AWS::SQS::Queue', 'OrderEventsEmailQueue', 'WebAppOrders');
// The state machine's name is its fixed part, then the first part of the UUID of the stack's id, which is 'id' in this account.
const [stateMachineNamePrefix] = account.resource('AWS::StepFunctions::StateMachine', 'OrderCheckoutStateMachine', 'WebAppOrders').properties.StateMachineName['Fn::Join'][1];
const checkoutWorkflow = arn('states', `stateMachine:${stateMachineNamePrefix}id`);
const fromTopic = (topic: string) => ({ 'aws:SourceArn': topic, 'aws:SourceAccount': SETTINGS.account });
const stream = (logGroup: string) => `${logGroup}:log-stream:2026/12/02/[$LATEST]0123456789abcdef`;

const PROXY_IAM = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam-setup.html';
const IAM_DB_AUTH = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html';
const API_GATEWAY_LOGGING = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html';
const S3_REPLICATION = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html';
const PRESIGNED = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html';
const LOGS_KMS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html';
const EVENTBRIDGE_SQS = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions';
const LAMBDA_SQS = 'https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions';
const SCHEDULER_ROLE = 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role';
const SNS_PUBLISH = 'https://docs.aws.amazon.com/sns/latest/api/API_Publish.html';
const SFN_LAMBDA = 'https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html';
const SFN_SNS = 'https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html';
const SNS_SSE = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html';
const SNS_SQS = 'https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html';
const APIGW_SFN = 'https://docs.aws.amazon.com/step-functions/latest/dg/tutorial-api-gateway.html';

const CONTRACTS: Contract[] = [
  {
    title: 'the orders function connects to the proxy as the application user, under the boundary',
    source: IAM_DB_AUTH,
    caller: ordersFunction,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${proxyResourceId}/${APPLICATION_USER}`),
  },
  {
    title: 'RDS Proxy signs the application user in to the database with IAM, under the boundary',
    source: PROXY_IAM,
    caller: proxyRole,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${clusterResourceId}/${APPLICATION_USER}`),
  },
  {
    title: 'API Gateway writes the orders API\'s execution logs with the platform\'s CloudWatch role, under the boundary',
    source: API_GATEWAY_LOGGING,
    caller: apiGatewayRole,
    action: 'logs:PutLogEvents',
    resource: stream(ordersExecutionLogs),
  },
  {
    title: 'API Gateway writes the orders API\'s access logs',
    source: API_GATEWAY_LOGGING,
    caller: apiGatewayRole,
    action: 'logs:CreateLogStream',
    resource: stream(ordersAccessLogs),
  },
  {
    title: 'S3 replicates an upload into the replica in the second region, under the boundary',
    source: S3_REPLICATION,
    caller: replicationRole,
    action: 's3:ReplicateObject',
    resource: `${replica}/uploads/alice/photo.jpg`,
  },
  {
    title: 'the files function signs an upload under uploads/ (the URL carries its permissions)',
    source: PRESIGNED,
    caller: filesFunction,
    action: 's3:PutObject',
    resource: `${uploads}/uploads/alice/photo.jpg`,
  },
  {
    title: 'EventBridge sends an upload\'s event to the ingest queue for the pipeline\'s rule',
    source: EVENTBRIDGE_SQS,
    caller: { service: 'events.amazonaws.com' },
    action: 'sqs:SendMessage',
    resource: ingestQueue,
    context: { 'aws:SourceArn': ingestRule, 'aws:SourceAccount': SETTINGS.account },
  },
  {
    title: 'Lambda receives a batch from the ingest queue with the ingest function\'s role, under the boundary',
    source: LAMBDA_SQS,
    caller: ingestFunction,
    action: 'sqs:ReceiveMessage',
    resource: ingestQueue,
  },
  {
    title: 'the ingest function reads an uploaded order file under incoming/, under the boundary',
    source: PRESIGNED,
    caller: ingestFunction,
    action: 's3:GetObject',
    resource: `${uploads}/incoming/orders-2026-12-05.csv`,
  },
  {
    title: 'the ingest function connects to the proxy as the application user, under the boundary',
    source: IAM_DB_AUTH,
    caller: ingestFunction,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${proxyResourceId}/${APPLICATION_USER}`),
  },
  {
    title: 'the ingest function publishes its completion notice, under the boundary',
    source: SNS_PUBLISH,
    caller: ingestFunction,
    action: 'sns:Publish',
    resource: ingestTopic,
  },
  {
    title: 'EventBridge Scheduler invokes the purge with the schedule\'s role, under the boundary',
    source: SCHEDULER_ROLE,
    caller: purgeSchedule,
    action: 'lambda:InvokeFunction',
    resource: purgeFunction,
  },
  ...['ValidateOrder', 'ChargePayment', 'RefundPayment'].map((prefix): Contract => ({
    title: `the order workflow invokes ${prefix} with its role, under the boundary`,
    source: SFN_LAMBDA,
    caller: workflowRole,
    action: 'lambda:InvokeFunction',
    resource: orderFunction(prefix),
  })),
  {
    title: 'the order workflow publishes a notice to the order events topic, under the boundary',
    source: SFN_SNS,
    caller: workflowRole,
    action: 'sns:Publish',
    resource: orderEvents,
  },
  {
    title: 'the order workflow has SNS encrypt the notice with the topic\'s key',
    source: SNS_SSE,
    caller: workflowRole,
    action: 'kms:GenerateDataKey',
    resource: orderEventsKey,
    context: { 'kms:ViaService': `sns.${SETTINGS.region}.amazonaws.com` },
  },
  {
    title: 'SNS sends a notice to the billing queue for the order events topic',
    source: SNS_SQS,
    caller: { service: 'sns.amazonaws.com' },
    action: 'sqs:SendMessage',
    resource: billingQueue,
    context: fromTopic(orderEvents),
  },
  {
    title: 'SNS sends a notice to the email queue for the order events topic',
    source: SNS_SQS,
    caller: { service: 'sns.amazonaws.com' },
    action: 'sqs:SendMessage',
    resource: emailQueue,
    context: fromTopic(orderEvents),
  },
  {
    title: 'SNS encrypts the notice for the queues with their key, for the order events topic',
    source: SNS_SSE,
    caller: { service: 'sns.amazonaws.com' },
    action: 'kms:GenerateDataKey',
    resource: orderEventsKey,
    context: fromTopic(orderEvents),
  },
  {
    title: 'Lambda receives a batch from the billing queue with the billing function\'s role, under the boundary',
    source: LAMBDA_SQS,
    caller: billingFunction,
    action: 'sqs:ReceiveMessage',
    resource: billingQueue,
  },
  {
    title: 'the checkout route starts the order workflow with its role, under the boundary',
    source: APIGW_SFN,
    caller: checkoutRouteRole,
    action: 'states:StartExecution',
    resource: checkoutWorkflow,
  },
  {
    title: 'CloudWatch Logs encrypts a function\'s log group with the functions\' key',
    source: LOGS_KMS,
    caller: { service: `logs.${SETTINGS.region}.amazonaws.com` },
    action: 'kms:GenerateDataKey',
    resource: functionsKey,
    context: { 'kms:EncryptionContext:aws:logs:arn': functionLogs },
  },
];

const REFUSED: Contract[] = [
  {
    title: 'the orders function connects to the proxy as the master user',
    source: IAM_DB_AUTH,
    caller: ordersFunction,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${proxyResourceId}/${MASTER_USER}`),
  },
  {
    title: 'the files function connects to the database at all',
    source: IAM_DB_AUTH,
    caller: filesFunction,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${proxyResourceId}/${APPLICATION_USER}`),
  },
  {
    title: 'the files function writes outside uploads/',
    source: PRESIGNED,
    caller: filesFunction,
    action: 's3:PutObject',
    resource: `${uploads}/config/settings.json`,
  },
  {
    title: 'the ingest function reads an upload outside incoming/',
    source: PRESIGNED,
    caller: ingestFunction,
    action: 's3:GetObject',
    resource: `${uploads}/uploads/alice/photo.jpg`,
  },
  {
    title: 'the ingest function connects to the proxy as the master user',
    source: IAM_DB_AUTH,
    caller: ingestFunction,
    action: 'rds-db:connect',
    resource: arn('rds-db', `dbuser:${proxyResourceId}/${MASTER_USER}`),
  },
  {
    title: 'the schedule\'s role changes a function\'s code (Lambda is not below the boundary beyond invoking)',
    source: SCHEDULER_ROLE,
    caller: purgeSchedule,
    action: 'lambda:UpdateFunctionCode',
    resource: purgeFunction,
  },
  {
    title: 'the order workflow invokes the billing consumer',
    source: SFN_LAMBDA,
    caller: workflowRole,
    action: 'lambda:InvokeFunction',
    resource: orderFunction('BillOrder'),
  },
  {
    title: 'the order workflow invokes a function of another stack (the purge)',
    source: SFN_LAMBDA,
    caller: workflowRole,
    action: 'lambda:InvokeFunction',
    resource: purgeFunction,
  },
  {
    title: 'the order workflow publishes to the ingest pipeline\'s topic',
    source: SFN_SNS,
    caller: workflowRole,
    action: 'sns:Publish',
    resource: ingestTopic,
  },
  {
    title: 'SNS sends to the billing queue for another topic (the ingest pipeline\'s)',
    source: SNS_SQS,
    caller: { service: 'sns.amazonaws.com' },
    action: 'sqs:SendMessage',
    resource: billingQueue,
    context: fromTopic(ingestTopic),
  },
  {
    title: 'SNS sends to the billing queue for another account\'s topic of the same name',
    source: SNS_SQS,
    caller: { service: 'sns.amazonaws.com' },
    action: 'sqs:SendMessage',
    resource: billingQueue,
    context: { 'aws:SourceArn': orderEvents.replace(SETTINGS.account, '222222222222'), 'aws:SourceAccount': '222222222222' },
  },
  {
    title: 'SNS uses the queues\' key for another topic',
    source: SNS_SSE,
    caller: { service: 'sns.amazonaws.com' },
    action: 'kms:GenerateDataKey',
    resource: orderEventsKey,
    context: fromTopic(ingestTopic),
  },
  {
    title: 'the email function receives from the billing queue',
    source: LAMBDA_SQS,
    caller: emailFunction,
    action: 'sqs:ReceiveMessage',
    resource: billingQueue,
  },
  {
    title: 'the billing function publishes a notice of its own',
    source: SNS_PUBLISH,
    caller: billingFunction,
    action: 'sns:Publish',
    resource: orderEvents,
  },
  {
    title: 'the checkout route\'s role changes the workflow (Step Functions is not below the boundary beyond starting executions)',
    source: APIGW_SFN,
    caller: checkoutRouteRole,
    action: 'states:UpdateStateMachine',
    resource: checkoutWorkflow,
  },
  {
    title: 'CloudWatch Logs uses the functions\' key for another account\'s log group',
    source: LOGS_KMS,
    caller: { service: `logs.${SETTINGS.region}.amazonaws.com` },
    action: 'kms:Decrypt',
    resource: functionsKey,
    context: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${SETTINGS.region}:222222222222:log-group:theirs` },
  },
];

describeContracts('The reference three-tier web app', account, CONTRACTS, REFUSED);
