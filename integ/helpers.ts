/**
 * Deployed-behaviour assertions shared by the integ cases, written with
 * @aws-cdk/integ-tests-alpha. They are part of every snapshot that `npm test`
 * compares offline; they run only when a maintainer deploys the cases with
 * `npm run integ:deploy` (README, "Deployed-behaviour assertions").
 *
 * The probes (Lambda functions) live in each case's assertion stack, not in
 * the stacks under test, whose templates stay exactly what users deploy.
 */
import * as path from 'path';
import { ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MultiAzDatabase, SecureRestApi, ThreeTierVpc } from '../src';

/** How long a condition that takes a while to appear is polled for, and how often. */
const WAIT = { totalTimeout: Duration.minutes(30), interval: Duration.seconds(30) };

/**
 * The stack that holds a case's assertions, for the probes: integ-tests-alpha's
 * DeployAssert (`IntegTest.assertions`) keeps it as its `scope`.
 */
export function assertionStack(integ: IntegTest): Stack {
  return (integ.assertions as unknown as { readonly scope: Stack }).scope;
}

/**
 * The alarm's topic accepts its notification: the alarm is set to ALARM, and
 * its history then shows the SNS action executed. CloudWatch records
 * "Failed to execute action" when the topic's policy or key refuses it
 * (CloudWatch User Guide, "Using Amazon CloudWatch alarms", alarm actions).
 */
export function alarmNotifiesItsTopic(integ: IntegTest, alarm: cloudwatch.IAlarm): IApiCall {
  const setAlarm = integ.assertions.awsApiCall('CloudWatch', 'setAlarmState', {
    AlarmName: alarm.alarmName,
    StateValue: 'ALARM',
    StateReason: 'integ: does the alarm notify its topic?',
  });
  return setAlarm.next(integ.assertions.awsApiCall('CloudWatch', 'describeAlarmHistory', {
    AlarmName: alarm.alarmName,
    HistoryItemType: 'Action',
  }).expect(ExpectedResult.objectLike({
    AlarmHistoryItems: Match.arrayWith([Match.objectLike({ HistorySummary: Match.stringLikeRegexp('^Successfully executed action') })]),
  })).waitForAssertions(WAIT));
}

/**
 * An object put into `source` is replicated: the source copy reaches
 * ReplicationStatus COMPLETED (S3 User Guide, "Getting replication status
 * information"), and, for a destination in the same region, the replica
 * exists with ReplicationStatus REPLICA.
 */
export function objectReplicates(integ: IntegTest, source: s3.IBucket, key: string, sameRegionReplica?: s3.IBucket): IApiCall {
  const put = integ.assertions.awsApiCall('S3', 'putObject', { Bucket: source.bucketName, Key: key, Body: 'written by the integ case' });
  allowKeyUse(put);
  const completed = integ.assertions.awsApiCall('S3', 'headObject', { Bucket: source.bucketName, Key: key })
    .expect(ExpectedResult.objectLike({ ReplicationStatus: 'COMPLETED' }))
    .waitForAssertions(WAIT);
  allowKeyUse(completed);
  put.next(completed);
  if (!sameRegionReplica) {
    return completed;
  }
  const replica = integ.assertions.awsApiCall('S3', 'headObject', { Bucket: sameRegionReplica.bucketName, Key: key })
    .expect(ExpectedResult.objectLike({ ReplicationStatus: 'REPLICA' }));
  allowKeyUse(replica);
  return completed.next(replica);
}

/**
 * Server access logs arrive in the log bucket under the source bucket's
 * prefix. S3 delivers them on a best-effort basis, usually within a few hours
 * (S3 User Guide, "Logging requests with server access logging"), so this
 * waits up to two hours, the longest integ-tests-alpha's waiter allows.
 */
export function accessLogsArrive(integ: IntegTest, logBucket: s3.IBucket, prefix: string): IApiCall {
  return integ.assertions.awsApiCall('S3', 'listObjectsV2', { Bucket: logBucket.bucketName, Prefix: prefix, MaxKeys: 1 })
    .expect(ExpectedResult.objectLike({ KeyCount: 1 }))
    .waitForAssertions({ totalTimeout: Duration.hours(2), interval: Duration.minutes(5) });
}

/**
 * The VPC's flow log is active and delivering, and its log group receives
 * streams (VPC User Guide, "Work with flow logs": DeliverLogsStatus).
 */
export function flowLogsDeliver(integ: IntegTest, network: ThreeTierVpc): IApiCall {
  const active = integ.assertions.awsApiCall('EC2', 'describeFlowLogs', {
    Filter: [{ Name: 'resource-id', Values: [network.vpc.vpcId] }],
  }).expect(ExpectedResult.objectLike({
    FlowLogs: Match.arrayWith([Match.objectLike({ FlowLogStatus: 'ACTIVE', DeliverLogsStatus: 'SUCCESS' })]),
  }));
  if (!network.flowLogGroup) {
    return active;
  }
  return active.next(integ.assertions.awsApiCall('CloudWatchLogs', 'describeLogStreams', { logGroupName: network.flowLogGroup.logGroupName, limit: 1 })
    .expect(ExpectedResult.objectLike({ logStreams: Match.arrayWith([Match.objectLike({ logStreamName: Match.stringLikeRegexp('^eni-') })]) }))
    .waitForAssertions(WAIT));
}

/**
 * The proxy is available, requires TLS and signs users in to the database
 * with IAM (end-to-end IAM authentication, `DefaultAuthScheme` IAM_AUTH).
 */
export function proxyRequiresIamAndTls(integ: IntegTest, database: MultiAzDatabase): IApiCall {
  return integ.assertions.awsApiCall('RDS', 'describeDBProxies', { DBProxyName: database.proxy!.dbProxyName })
    .expect(ExpectedResult.objectLike({
      DBProxies: [Match.objectLike({ Status: 'available', RequireTLS: true, DefaultAuthScheme: 'IAM_AUTH' })],
    }))
    .waitForAssertions(WAIT);
}

/**
 * A probe in the application tier signs in through the proxy with IAM
 * tokens: as the master user to create an application user, then as that
 * user, who has no secret (integ/probes/database-probe.ts).
 */
export function applicationUserSignsInThroughProxy(integ: IntegTest, network: ThreeTierVpc, database: MultiAzDatabase, masterUser: string): IApiCall {
  const stack = assertionStack(integ);
  const securityGroup = new ec2.SecurityGroup(stack, 'DatabaseProbeSecurityGroup', {
    vpc: network.vpc,
    description: 'The database probe: to the proxy, and HTTPS for AWS APIs',
    allowAllOutbound: false,
  });
  securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs through NAT');
  const probe = new nodejs.NodejsFunction(stack, 'DatabaseProbe', {
    entry: path.join(__dirname, 'probes', 'database-probe.ts'),
    runtime: lambda.Runtime.NODEJS_22_X,
    vpc: network.vpc,
    vpcSubnets: network.applicationSubnets,
    securityGroups: [securityGroup],
    timeout: Duration.minutes(1),
    environment: { PROXY_ENDPOINT: database.endpoint, PROXY_PORT: String(database.port), MASTER_USER: masterUser },
    bundling: { externalModules: ['pg-native'] },
  });
  database.allowConnectionsFrom(probe);
  database.grantConnect(probe, masterUser);
  database.grantConnect(probe, 'integ_app');
  return integ.assertions.invokeFunction({ functionName: probe.functionName })
    .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ currentUser: 'integ_app' })) }));
}

/**
 * A probe calls the API through its custom domain, unsigned (403) and signed
 * with SigV4 by a role allowed to invoke the method (200), and reads two
 * items of a cached method, each of which must answer for itself: API
 * Gateway keys the cache by the declared path parameters
 * (integ/probes/api-probe.ts).
 */
export function apiAnswersThroughDomain(integ: IntegTest, options: {
  api: SecureRestApi;
  method: Parameters<SecureRestApi['grantExecute']>[1];
  url: string;
  /** Two URLs of one cached method that differ in a path parameter, with the bodies each must answer. */
  cached?: { api: SecureRestApi; method: Parameters<SecureRestApi['grantExecute']>[1]; urls: string[]; bodies: string[] };
}): IApiCall {
  const probe = new nodejs.NodejsFunction(assertionStack(integ), 'ApiProbe', {
    entry: path.join(__dirname, 'probes', 'api-probe.ts'),
    runtime: lambda.Runtime.NODEJS_22_X,
    timeout: Duration.seconds(30),
  });
  options.api.grantExecute(probe, options.method);
  options.cached?.api.grantExecute(probe, options.cached.method);
  const payload = JSON.stringify({ url: options.url, cachedUrls: options.cached?.urls });
  return integ.assertions.invokeFunction({ functionName: probe.functionName, payload })
    .expect(ExpectedResult.objectLike({
      Payload: Match.serializedJson(Match.objectLike({ unsigned: 403, signed: 200, cachedBodies: options.cached?.bodies ?? [] })),
    }));
}

/** The assertion provider may use the buckets' KMS keys, through S3 only, to put and head the test objects. */
export function allowKeyUse(call: IApiCall, service = 's3'): void {
  call.provider.addToRolePolicy({
    Effect: 'Allow',
    Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
    Resource: ['*'],
    Condition: { StringLike: { 'kms:ViaService': `${service}.*.amazonaws.com` } },
  });
}

/** The role's permissions boundary is `boundaryArn` (IAM GetRole). */
export function roleCarriesBoundary(integ: IntegTest, role: iam.IRole, boundaryArn: string): IApiCall {
  return integ.assertions.awsApiCall('IAM', 'getRole', { RoleName: role.roleName })
    .expect(ExpectedResult.objectLike({
      Role: Match.objectLike({ PermissionsBoundary: Match.objectLike({ PermissionsBoundaryArn: boundaryArn }) }),
    }));
}

/**
 * IAM's policy simulator, with the role's identity policies and boundary,
 * denies `action` (IAM User Guide, "Testing IAM policies with the IAM policy
 * simulator": permissions boundaries are evaluated).
 */
export function boundaryDenies(integ: IntegTest, role: iam.IRole, action: string): IApiCall {
  return integ.assertions.awsApiCall('IAM', 'simulatePrincipalPolicy', { PolicySourceArn: role.roleArn, ActionNames: [action] })
    .expect(ExpectedResult.objectLike({
      EvaluationResults: [Match.objectLike({ EvalActionName: action, EvalDecision: Match.stringLikeRegexp('Deny$') })],
    }));
}
