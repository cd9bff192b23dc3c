/**
 * Service-access contracts of ApiGatewayAccountLogging and SecureRestApi: API
 * Gateway writing execution and access logs with the account's CloudWatch
 * role (for this app's APIs and every other API in the account and region),
 * and CloudWatch Logs using the APIs' log key, evaluated against the
 * synthesized policies. The APIs live in another stack than the account
 * setting, as the README advises.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { alarmTopicContracts, Contract, describeContracts, SynthesizedAccount } from './account';
import { ApiGatewayAccountLogging, SecureRestApi } from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };

const app = new App();
new ApiGatewayAccountLogging(new Stack(app, 'Platform', { env: ENV }), 'ApiGatewayLogging');
const apis = new Stack(app, 'Apis', { env: ENV });
new SecureRestApi(apis, 'Orders').root.addResource('items').addMethod('GET', new apigw.MockIntegration());
const account = new SynthesizedAccount(app);

const cloudWatchRole = { role: { logicalIdPrefix: 'ApiGatewayLoggingCloudWatchRole', stack: 'Platform' } };
const roleArn = account.arnOf('AWS::IAM::Role', 'ApiGatewayLoggingCloudWatchRole', 'Platform');
const executionLogs = account.logGroupArnOf('OrdersExecutionLogs', 'Apis');
const accessLogs = account.logGroupArnOf('OrdersAccessLogs', 'Apis');
const firewallLogs = account.logGroupArnOf('OrdersWebAclLogs', 'Apis');
const logKey = account.arnOf('AWS::KMS::Key', 'OrdersLogsKey', 'Apis');
const alarmTopic = account.arnOf('AWS::SNS::Topic', 'OrdersAlarmTopic', 'Apis');
const alarmTopicKey = account.arnOf('AWS::KMS::Key', 'OrdersAlarmTopicKey', 'Apis');
const alarm = account.arnOf('AWS::CloudWatch::Alarm', 'OrdersServerErrorsAlarm', 'Apis');
/** An API in the same account and region that another team built without this library. */
const otherTeamsExecutionLogs = `arn:aws:logs:${ENV.region}:${ENV.account}:log-group:API-Gateway-Execution-Logs_a1b2c3d4e5/live`;
const stream = (logGroup: string) => `${logGroup}:log-stream:0123456789abcdef0123456789abcdef`;
const logsFor = (logGroup: string) => ({ 'kms:EncryptionContext:aws:logs:arn': logGroup });

const API_GATEWAY_LOGGING = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html';
const API_GATEWAY_ACCOUNT = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-account.html';
const LOGS_KMS = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html';
const WAF_LOGGING = 'https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html';

const CONTRACTS: Contract[] = [
  {
    title: 'API Gateway assumes the account\'s CloudWatch role',
    source: API_GATEWAY_ACCOUNT,
    caller: { service: 'apigateway.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: roleArn,
  },
  {
    title: 'API Gateway finds the execution log group\'s streams',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:DescribeLogStreams',
    resource: executionLogs,
  },
  {
    title: 'API Gateway creates a stream in the API\'s execution log group',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:CreateLogStream',
    resource: stream(executionLogs),
  },
  {
    title: 'API Gateway writes execution log events',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:PutLogEvents',
    resource: stream(executionLogs),
  },
  {
    title: 'API Gateway creates a stream in the API\'s access log group',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:CreateLogStream',
    resource: stream(accessLogs),
  },
  {
    title: 'API Gateway writes access log events',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:PutLogEvents',
    resource: stream(accessLogs),
  },
  {
    title: 'API Gateway lists the log groups',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:DescribeLogGroups',
    resource: '*',
  },
  {
    title: 'API Gateway creates the execution log group of another team\'s API in the account',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:CreateLogGroup',
    resource: otherTeamsExecutionLogs,
  },
  {
    title: 'API Gateway writes the execution logs of another team\'s API in the account',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:PutLogEvents',
    resource: stream(otherTeamsExecutionLogs),
  },
  {
    title: 'CloudWatch Logs generates a data key for the execution log group',
    source: LOGS_KMS,
    caller: { service: `logs.${ENV.region}.amazonaws.com` },
    action: 'kms:GenerateDataKey',
    resource: logKey,
    context: logsFor(executionLogs),
  },
  {
    title: 'CloudWatch Logs decrypts the access log group\'s events',
    source: LOGS_KMS,
    caller: { service: `logs.${ENV.region}.amazonaws.com` },
    action: 'kms:Decrypt',
    resource: logKey,
    context: logsFor(accessLogs),
  },
  {
    title: 'CloudWatch Logs encrypts the web ACL\'s log group',
    source: WAF_LOGGING,
    caller: { service: `logs.${ENV.region}.amazonaws.com` },
    action: 'kms:Encrypt',
    resource: logKey,
    context: logsFor(firewallLogs),
  },
  ...alarmTopicContracts('an API', { topic: alarmTopic, topicKey: alarmTopicKey, alarm, account: ENV.account }),
];

const REFUSED: Contract[] = [
  {
    title: 'the CloudWatch role writes a log group that is not API Gateway\'s',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:PutLogEvents',
    resource: stream(`arn:aws:logs:${ENV.region}:${ENV.account}:log-group:/aws/lambda/payments`),
  },
  {
    title: 'the CloudWatch role creates an access log group (access log groups are created with their API)',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:CreateLogGroup',
    resource: accessLogs,
  },
  {
    title: 'the CloudWatch role reads the logs it writes',
    source: API_GATEWAY_LOGGING,
    caller: cloudWatchRole,
    action: 'logs:GetLogEvents',
    resource: stream(executionLogs),
  },
  {
    title: 'another service assumes the CloudWatch role',
    source: API_GATEWAY_ACCOUNT,
    caller: { service: 'lambda.amazonaws.com' },
    action: 'sts:AssumeRole',
    resource: roleArn,
  },
  {
    title: 'CloudWatch Logs uses the API\'s log key for a log group of another account',
    source: LOGS_KMS,
    caller: { service: `logs.${ENV.region}.amazonaws.com` },
    action: 'kms:Decrypt',
    resource: logKey,
    context: logsFor(`arn:aws:logs:${ENV.region}:222222222222:log-group:theirs`),
  },
];

describeContracts('ApiGatewayAccountLogging and SecureRestApi', account, CONTRACTS, REFUSED);
