/**
 * Service-access contracts of SecureFunction, IngestPipeline, SecureTable and
 * ScheduledJob: what EventBridge, Lambda, EventBridge Scheduler, CloudWatch
 * Logs, CloudWatch and AWS Backup do at run time, and what the processor may
 * do, evaluated against the synthesized policies (a permissions boundary on
 * every role included).
 */
import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { alarmTopicContracts, Contract, describeContracts, SynthesizedAccount } from './account';
import {
  IngestDestination, IngestPipeline, MultiAzDatabase, PermissionsBoundary, ScheduledJob, SecureFunction, SecureTable, ThreeTierVpc,
} from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const OTHER_ACCOUNT = '222222222222';
const APP_USER = 'ingest_app';

const app = new App();
const stack = new Stack(app, 'Ingest', { env: ENV });
const network = new ThreeTierVpc(stack, 'Network');
const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc });
const table = new SecureTable(stack, 'Items', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
const toDatabase = new SecureFunction(stack, 'ToDatabase', { vpc: network.vpc, code, handler: 'index.handler' });
const toTable = new SecureFunction(stack, 'ToTable', { vpc: network.vpc, code, handler: 'index.handler' });
const purge = new SecureFunction(stack, 'Purge', { vpc: network.vpc, code, handler: 'index.handler' });
new IngestPipeline(stack, 'OrdersIngest', { prefix: 'incoming/', processor: toDatabase, destination: IngestDestination.database(database, APP_USER) });
new IngestPipeline(stack, 'ItemsIngest', { prefix: 'items/', suffixes: ['.json'], processor: toTable, destination: IngestDestination.table(table) });
new ScheduledJob(stack, 'Nightly', { function: purge, schedule: scheduler.ScheduleExpression.expression('cron(0 3 * * ? *)') });
// Lambda is not a whole service below the boundary (a role that may change any function's code could run code
// outside it); the job's role needs only to invoke functions, which a boundary statement allows.
new PermissionsBoundary(stack, 'Boundary', {
  services: ['s3', 'sqs', 'kms', 'logs', 'xray', 'ec2', 'sns', 'dynamodb', 'rds-db', 'rds', 'secretsmanager', 'backup'],
  statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [stack.formatArn({ service: 'lambda', resource: 'function', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })] })],
}).applyTo(stack);
const account = new SynthesizedAccount(app);

const arn = (service: string, resource: string) => `arn:aws:${service}:${ENV.region}:${ENV.account}:${resource}`;
const role = (logicalIdPrefix: string) => ({ role: { logicalIdPrefix } });
const processor = role('ToDatabaseServiceRole');
const tableWriter = role('ToTableServiceRole');
const schedulerRole = role('NightlySchedulerRole');
const backupRole = role('ItemsBackupRole');
const events = { service: 'events.amazonaws.com' };

const ordersRule = account.arnOf('AWS::Events::Rule', 'OrdersIngestRule');
const otherRule = `arn:aws:events:${ENV.region}:${OTHER_ACCOUNT}:rule/theirs`;
const queue = account.arnOf('AWS::SQS::Queue', 'OrdersIngestQueue');
const eventDeadLetters = account.arnOf('AWS::SQS::Queue', 'OrdersIngestEventDeadLetterQueue');
const pipelineKey = account.arnOf('AWS::KMS::Key', 'OrdersIngestKey');
const completionTopic = account.arnOf('AWS::SNS::Topic', 'OrdersIngestCompletionTopic');
const sourceBucket = account.valueOf('AWS::S3::Bucket', 'OrdersIngestSource');
const sourceKey = account.arnOf('AWS::KMS::Key', 'OrdersIngestSourceKey');
const functionKey = account.arnOf('AWS::KMS::Key', 'ToDatabaseKey');
const functionDeadLetters = account.arnOf('AWS::SQS::Queue', 'ToDatabaseDeadLetterQueue');
const functionLogs = account.logGroupArnOf('ToDatabaseLogs');
const proxyResourceId = account.valueOf('AWS::RDS::DBProxy', 'OrdersProxy', 'DBProxyArn').split(':')[6];
const tableArn = account.arnOf('AWS::DynamoDB::GlobalTable', 'Items');
const tableKey = account.arnOf('AWS::KMS::Key', 'ItemsKey');
const purgeFunction = account.arnOf('AWS::Lambda::Function', 'Purge');
const jobKey = account.arnOf('AWS::KMS::Key', 'NightlyKey');
const jobDeadLetters = account.arnOf('AWS::SQS::Queue', 'NightlyDeadLetterQueue');
const fromRule = (rule: string, sourceAccount = ENV.account) => ({ 'aws:SourceArn': rule, 'aws:SourceAccount': sourceAccount });

const EVENTBRIDGE_SQS = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions';
const EVENTBRIDGE_DLQ = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html';
const SQS_SSE = 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html';
const LAMBDA_SQS = 'https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions';
const LAMBDA_ROLE = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html';
const LAMBDA_DLQ = 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq';
const LOGS_KMS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html';
const SNS_SSE = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html';
const S3_KMS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html';
const IAM_DB_AUTH = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html';
const DYNAMODB_KMS = 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html';
const SCHEDULER_ROLE = 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role';
const SCHEDULER_DLQ = 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html';
const BACKUP_ROLE = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForBackup.html';

const ALLOWED: Contract[] = [
  { title: 'EventBridge sends a matched event to the pipeline queue for its rule', source: EVENTBRIDGE_SQS, caller: events, action: 'sqs:SendMessage', resource: queue, context: fromRule(ordersRule) },
  { title: 'EventBridge encrypts the event with the pipeline key', source: SQS_SSE, caller: events, action: 'kms:GenerateDataKey', resource: pipelineKey, context: fromRule(ordersRule) },
  { title: 'EventBridge puts an undeliverable event in the rule\'s dead-letter queue', source: EVENTBRIDGE_DLQ, caller: events, action: 'sqs:SendMessage', resource: eventDeadLetters, context: fromRule(ordersRule) },
  { title: 'Lambda assumes the processor\'s role', source: LAMBDA_ROLE, caller: { service: 'lambda.amazonaws.com' }, action: 'sts:AssumeRole', resource: account.arnOf('AWS::IAM::Role', 'ToDatabaseServiceRole') },
  { title: 'Lambda receives a batch from the queue with the processor\'s role', source: LAMBDA_SQS, caller: processor, action: 'sqs:ReceiveMessage', resource: queue },
  { title: 'Lambda deletes the processed messages', source: LAMBDA_SQS, caller: processor, action: 'sqs:DeleteMessage', resource: queue },
  { title: 'Lambda decrypts the batch with the pipeline key', source: SQS_SSE, caller: processor, action: 'kms:Decrypt', resource: pipelineKey },
  { title: 'the processor reads a new object under the prefix', source: S3_KMS, caller: processor, action: 's3:GetObject', resource: `arn:aws:s3:::${sourceBucket}/incoming/orders-1.csv` },
  { title: 'the processor decrypts the object with the bucket key, through S3', source: S3_KMS, caller: processor, action: 'kms:Decrypt', resource: sourceKey, context: { 'kms:ViaService': `s3.${ENV.region}.amazonaws.com` } },
  { title: 'the processor connects to the proxy as the application user', source: IAM_DB_AUTH, caller: processor, action: 'rds-db:connect', resource: arn('rds-db', `dbuser:${proxyResourceId}/${APP_USER}`) },
  { title: 'the processor publishes the completion notice', source: SNS_SSE, caller: processor, action: 'sns:Publish', resource: completionTopic },
  { title: 'the processor has SNS encrypt the notice with the topic key', source: SNS_SSE, caller: processor, action: 'kms:GenerateDataKey', resource: pipelineKey },
  { title: 'Lambda sends a failed asynchronous event to the function\'s dead-letter queue', source: LAMBDA_DLQ, caller: processor, action: 'sqs:SendMessage', resource: functionDeadLetters },
  { title: 'Lambda encrypts that event with the function key', source: LAMBDA_DLQ, caller: processor, action: 'kms:GenerateDataKey', resource: functionKey },
  { title: 'the function writes its logs', source: LAMBDA_ROLE, caller: processor, action: 'logs:PutLogEvents', resource: `${functionLogs}:log-stream:2026/12/05/[$LATEST]abc` },
  { title: 'CloudWatch Logs encrypts the function\'s log group with the function key', source: LOGS_KMS, caller: { service: `logs.${ENV.region}.amazonaws.com` }, action: 'kms:GenerateDataKey', resource: functionKey, context: { 'kms:EncryptionContext:aws:logs:arn': functionLogs } },
  { title: 'the table processor writes an item', source: DYNAMODB_KMS, caller: tableWriter, action: 'dynamodb:PutItem', resource: tableArn },
  { title: 'the table processor has DynamoDB use the table key', source: DYNAMODB_KMS, caller: tableWriter, action: 'kms:GenerateDataKey', resource: tableKey, context: { 'kms:ViaService': `dynamodb.${ENV.region}.amazonaws.com` } },
  { title: 'EventBridge Scheduler assumes the job\'s role for this account', source: SCHEDULER_ROLE, caller: { service: 'scheduler.amazonaws.com' }, action: 'sts:AssumeRole', resource: account.arnOf('AWS::IAM::Role', 'NightlySchedulerRole'), context: { 'aws:SourceAccount': ENV.account } },
  { title: 'EventBridge Scheduler invokes the job\'s function', source: SCHEDULER_ROLE, caller: schedulerRole, action: 'lambda:InvokeFunction', resource: purgeFunction },
  { title: 'EventBridge Scheduler sends an undelivered run to the job\'s dead-letter queue', source: SCHEDULER_DLQ, caller: schedulerRole, action: 'sqs:SendMessage', resource: jobDeadLetters },
  { title: 'EventBridge Scheduler encrypts that run with the job key', source: SCHEDULER_DLQ, caller: schedulerRole, action: 'kms:GenerateDataKey', resource: jobKey },
  { title: 'AWS Backup backs up the table', source: BACKUP_ROLE, caller: backupRole, action: 'dynamodb:CreateBackup', resource: tableArn },
  { title: 'AWS Backup deletes a backup of the table it expires', source: BACKUP_ROLE, caller: backupRole, action: 'dynamodb:DeleteBackup', resource: `${tableArn}/backup/01733356800000-abcdef12` },
  ...alarmTopicContracts('the pipeline\'s', {
    topic: account.arnOf('AWS::SNS::Topic', 'OrdersIngestAlarmTopic'),
    topicKey: account.arnOf('AWS::KMS::Key', 'OrdersIngestAlarmTopicKey'),
    alarm: account.arnOf('AWS::CloudWatch::Alarm', 'OrdersIngestDeadLettersAlarm'),
    account: ENV.account,
  }),
  ...alarmTopicContracts('the function\'s', {
    topic: account.arnOf('AWS::SNS::Topic', 'ToDatabaseAlarmTopic'),
    topicKey: account.arnOf('AWS::KMS::Key', 'ToDatabaseAlarmTopicKey'),
    alarm: account.arnOf('AWS::CloudWatch::Alarm', 'ToDatabaseErrorsAlarm'),
    account: ENV.account,
  }),
  ...alarmTopicContracts('the job\'s', {
    topic: account.arnOf('AWS::SNS::Topic', 'NightlyAlarmTopic'),
    topicKey: account.arnOf('AWS::KMS::Key', 'NightlyAlarmTopicKey'),
    alarm: account.arnOf('AWS::CloudWatch::Alarm', 'NightlyDeadLettersAlarm'),
    account: ENV.account,
  }),
];

const REFUSED: Contract[] = [
  { title: 'EventBridge sends to the pipeline queue for another account\'s rule', source: EVENTBRIDGE_SQS, caller: events, action: 'sqs:SendMessage', resource: queue, context: fromRule(otherRule, OTHER_ACCOUNT) },
  { title: 'EventBridge sends to the pipeline queue for the other pipeline\'s rule', source: EVENTBRIDGE_SQS, caller: events, action: 'sqs:SendMessage', resource: queue, context: fromRule(account.arnOf('AWS::Events::Rule', 'ItemsIngestRule')) },
  { title: 'EventBridge uses the pipeline key for another account\'s rule', source: SQS_SSE, caller: events, action: 'kms:GenerateDataKey', resource: pipelineKey, context: fromRule(otherRule, OTHER_ACCOUNT) },
  { title: 'the processor reads an object outside the prefix', source: S3_KMS, caller: processor, action: 's3:GetObject', resource: `arn:aws:s3:::${sourceBucket}/private/payroll.csv` },
  { title: 'the processor writes to the source bucket', source: S3_KMS, caller: processor, action: 's3:PutObject', resource: `arn:aws:s3:::${sourceBucket}/incoming/forged.csv` },
  { title: 'the processor decrypts with the bucket key directly, not through S3', source: S3_KMS, caller: processor, action: 'kms:Decrypt', resource: sourceKey },
  { title: 'the processor connects as the master user', source: IAM_DB_AUTH, caller: processor, action: 'rds-db:connect', resource: arn('rds-db', `dbuser:${proxyResourceId}/dbadmin`) },
  { title: 'the processor writes to the table it was not given', source: DYNAMODB_KMS, caller: processor, action: 'dynamodb:PutItem', resource: tableArn },
  { title: 'the table processor deletes the table', source: DYNAMODB_KMS, caller: tableWriter, action: 'dynamodb:DeleteTable', resource: tableArn },
  { title: 'the table processor uses the table key outside DynamoDB', source: DYNAMODB_KMS, caller: tableWriter, action: 'kms:Decrypt', resource: tableKey },
  { title: 'the processor sends to the queue it drains', source: LAMBDA_SQS, caller: processor, action: 'sqs:SendMessage', resource: queue },
  { title: 'EventBridge Scheduler assumes the job\'s role for another account', source: SCHEDULER_ROLE, caller: { service: 'scheduler.amazonaws.com' }, action: 'sts:AssumeRole', resource: account.arnOf('AWS::IAM::Role', 'NightlySchedulerRole'), context: { 'aws:SourceAccount': OTHER_ACCOUNT } },
  { title: 'EventBridge Scheduler invokes another function with the job\'s role', source: SCHEDULER_ROLE, caller: schedulerRole, action: 'lambda:InvokeFunction', resource: account.arnOf('AWS::Lambda::Function', 'ToDatabase') },
  { title: 'AWS Backup deletes the table', source: BACKUP_ROLE, caller: backupRole, action: 'dynamodb:DeleteTable', resource: tableArn },
];

describeContracts('IngestPipeline, SecureFunction, SecureTable and ScheduledJob', account, ALLOWED, REFUSED);
