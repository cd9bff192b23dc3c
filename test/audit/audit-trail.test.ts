import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { AlarmTopic, AuditTrail, AuditTrailProps, ReplicaBucket, ReplicatedBucket, SecurityAlarms } from '../../src';
import { expectPavedRoad } from '../serverless-fixture';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function auditStack(): { app: App; stack: Stack } {
  const app = new App();
  return { app, stack: new Stack(app, 'Audit', { env: ENV }) };
}

describe('AuditTrail compliance', () => {
  test('passes all six cdk-nag packs, the boundary and LeastPrivilegeChecks from its defaults', () => {
    const { app, stack } = auditStack();
    new AuditTrail(stack, 'Trail');
    expectPavedRoad(app, stack);
  });

  test('passes them with every option set', () => {
    const { app, stack } = auditStack();
    const data = new ReplicatedBucket(stack, 'Data').bucket;
    new AuditTrail(stack, 'Trail', {
      trailName: 'org-audit',
      organizationId: 'o-abcdef1234',
      objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(365)),
      dataEventBuckets: [data],
      alarms: { overrides: { 'CloudWatch.2': { enabled: false } } },
    });
    expectPavedRoad(app, stack);
    expect(Annotations.fromStack(stack).findWarning('/Audit/Trail', Match.stringLikeRegexp('organization trail'))).toHaveLength(1);
  });
});

const partitioned = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const TRAIL_ARN = partitioned(':cloudtrail:eu-west-1:123456789012:trail/audit');
const CLOUDTRAIL = { Service: 'cloudtrail.amazonaws.com' };
const ORGANIZATION_ID = 'o-abcdef1234';
/** The first group of the stack id's UUID, as CloudFormation resolves it. */
const STACK_ID_SUFFIX = {
  'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }],
};
const CONTROL_IDS = Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`);

function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/** A trail named `audit` (so its ARN is known) in a stack of its own, and the stack's template. */
function namedTrail(props: AuditTrailProps = {}) {
  const { app, stack } = auditStack();
  const trail = new AuditTrail(stack, 'Trail', { trailName: 'audit', ...props });
  return { app, stack, trail, template: Template.fromStack(stack) };
}

function resourceOf(template: Template, construct: IConstruct): any {
  return template.toJSON().Resources[logicalIdOf(construct)];
}

function statementsBySid(document: { Statement: any[] }): Record<string, any> {
  return Object.fromEntries(document.Statement.filter((statement) => statement.Sid).map((statement) => [statement.Sid, statement]));
}

/** The customer-managed policy attached to `role`. */
function policyOfRole(template: Template, role: IConstruct): [string, any] {
  const found = Object.entries<any>(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: logicalIdOf(role) }]));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('AuditTrail: the trail', () => {
  const { stack, trail, template } = namedTrail();

  // CloudTrail.1, the trail the CloudWatch.x controls need: "at least one multi-Region CloudTrail trail" recording read and
  // write management events (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html); CloudWatch
  // Logs delivery needs the log group and the role together
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html).
  test('multi-region, read and write management events, global services, validated, logging, encrypted; created after its policies', () => {
    const [logsPolicyId] = policyOfRole(template, trail.logsRole);
    expect(resourceOf(template, trail.trail)).toEqual({
      Type: 'AWS::CloudTrail::Trail',
      Properties: {
        TrailName: 'audit',
        IsLogging: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
        KMSKeyId: { 'Fn::GetAtt': [logicalIdOf(trail.encryptionKey), 'Arn'] },
        S3BucketName: { Ref: logicalIdOf(trail.bucket.bucket) },
        CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [logicalIdOf(trail.logGroup), 'Arn'] },
        CloudWatchLogsRoleArn: { 'Fn::GetAtt': [logicalIdOf(trail.logsRole), 'Arn'] },
      },
      DependsOn: [logicalIdOf(trail.bucket.bucket.policy!), logsPolicyId].sort(),
    });
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
  });

  test('trailName and trailArn name the trail in this account and region', () => {
    expect(trail.trailName).toBe('audit');
    expect(stack.resolve(trail.trailArn)).toEqual(TRAIL_ARN);
  });

  test('the trail is the construct\'s default child, and its bucket the ReplicatedBucket\'s', () => {
    expect(trail.node.defaultChild).toBe(trail.trail);
    expect(trail.bucket).toBeInstanceOf(ReplicatedBucket);
    expect(trail.bucket.encryptionKey).toBe(trail.encryptionKey);
  });
});

describe('AuditTrail: the default trail name', () => {
  // Trail names: 3 to 128 characters, letters, digits, periods, underscores and dashes, starting and ending with a letter or
  // digit, no adjacent periods, underscores or dashes
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html).
  test('is the construct path and a hash, then the first 8 hex digits of the stack id\'s UUID', () => {
    const { stack } = auditStack();
    const trail = new AuditTrail(stack, 'Trail');
    const name = stack.resolve(trail.trailName);
    expect(name).toEqual({ 'Fn::Join': ['', [expect.stringMatching(/^Audit-Trail-[0-9A-F]{8}-$/), STACK_ID_SUFFIX]] });
    const literal = name['Fn::Join'][1][0];
    expect(stack.resolve(trail.trailArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudtrail:eu-west-1:123456789012:trail/${literal}`, STACK_ID_SUFFIX]],
    });
    expect(stack.resolve(trail.trail.trailName)).toEqual(name);
  });

  test('stays within 128 characters and CloudTrail\'s character rules for a long construct path', () => {
    const { stack } = auditStack();
    const trail = new AuditTrail(new Construct(stack, 'Platform'.repeat(20)), 'OrganizationWideAuditTrail'.repeat(5));
    const literal: string = stack.resolve(trail.trailName)['Fn::Join'][1][0];
    expect(literal.length + 8).toBeLessThanOrEqual(128);
    expect(literal.length + 8).toBeGreaterThan(100);
    expect(literal).toMatch(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*-$/);
  });

  test('two trails of one stack get different names', () => {
    const { stack } = auditStack();
    const first = new AuditTrail(stack, 'First');
    const second = new AuditTrail(stack, 'Second');
    expect(stack.resolve(first.trailName)).not.toEqual(stack.resolve(second.trailName));
  });
});

describe('AuditTrail: documented defaults', () => {
  test('logs: kept one year, encrypted with the trail\'s key, retained', () => {
    const { trail, template } = namedTrail();
    const { LogGroupName: name, ...properties } = resourceOf(template, trail.logGroup).Properties;
    expect(resourceOf(template, trail.logGroup)).toEqual({
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: name, KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(trail.encryptionKey), 'Arn'] }, RetentionInDays: 365 },
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
    });
    expect(properties).toEqual({ KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(trail.encryptionKey), 'Arn'] }, RetentionInDays: 365 });
  });

  test('logs: a given retention and key are used', () => {
    const { stack } = auditStack();
    const key = new kms.Key(stack, 'LogsKey');
    const trail = new AuditTrail(stack, 'Trail', { logs: { retention: logs.RetentionDays.THREE_MONTHS, encryptionKey: key } });
    const { LogGroupName: _name, ...properties } = resourceOf(Template.fromStack(stack), trail.logGroup).Properties;
    expect(properties).toEqual({
      KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(key), 'Arn'] },
      RetentionInDays: 90,
    });
  });

  test('securityAlarms: SecurityAlarms.cis(), every alarm on', () => {
    const { trail, template } = namedTrail();
    expect(trail.securityControls).toEqual(SecurityAlarms.cis().controls);
    expect(Object.keys(trail.metricFilters)).toEqual(CONTROL_IDS);
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
  });

  test('alarms: a new AlarmTopic of the trail when no topic is set for the scope', () => {
    const { stack, trail, template } = namedTrail();
    expect(trail.alarmTopic).toBeInstanceOf(AlarmTopic);
    expect(trail.alarmTopic!.node.path).toBe('Audit/Trail/AlarmTopic');
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Security alarms of Audit/Trail' });
    const topicRef = { Ref: logicalIdOf(trail.alarmTopic!) };
    for (const alarm of trail.alarms) {
      expect(stack.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmActions)).toEqual([topicRef]);
    }
  });

  test('alarms: the AlarmTopic set for the app with AlarmTopic.setFor, and then no topic in the trail\'s stack', () => {
    const app = new App();
    const topic = new AlarmTopic(new Stack(app, 'Alarms', { env: ENV }), 'Topic');
    AlarmTopic.setFor(app, topic);
    const stack = new Stack(app, 'Audit', { env: ENV });
    const trail = new AuditTrail(stack, 'Trail', { trailName: 'audit' });
    expect(trail.alarmTopic).toBe(topic);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(14);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ 'Fn::ImportValue': expect.stringMatching(/^Alarms:ExportsOutputRefTopic/) }]);
      expect(alarm.Properties.OKActions).toEqual(alarm.Properties.AlarmActions);
    }
  });

  test('alarms: an AlarmTopic set for the app in another region is not used (alarms notify topics of their region)', () => {
    const app = new App();
    AlarmTopic.setFor(app, new AlarmTopic(new Stack(app, 'Alarms', { env: { ...ENV, region: 'us-east-1' } }), 'Topic'));
    const stack = new Stack(app, 'Audit', { env: ENV });
    const trail = new AuditTrail(stack, 'Trail');
    expect(trail.alarmTopic!.node.path).toBe('Audit/Trail/AlarmTopic');
  });

  test('alarms: a given topic is used, by the trail\'s alarms and by its bucket\'s replication alarms', () => {
    const app = new App();
    const replica = new ReplicaBucket(new Stack(app, 'Replica', { env: { ...ENV, region: 'eu-central-1' }, crossRegionReferences: true }), 'Replica');
    const stack = new Stack(app, 'Audit', { env: ENV, crossRegionReferences: true });
    const topic = new sns.Topic(stack, 'Given');
    const trail = new AuditTrail(stack, 'Trail', { alarms: { topic }, destinations: [{ bucket: replica.bucket }] });
    expect(trail.alarmTopic?.node.path).toBe('Audit/Given');
    expect(trail.bucket.alarmTopic?.node.path).toBe('Audit/Given');
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::SNS::Topic'))).toEqual([logicalIdOf(topic)]);
    const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(16);
    expect(alarms.filter((alarm) => JSON.stringify(alarm.Properties.AlarmActions) !== JSON.stringify([{ Ref: logicalIdOf(topic) }]))).toEqual([]);
  });

  // Object Lock is turned on when the bucket is created; without a default retention the bucket holds no Rule
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html). A source with Object Lock needs a
  // destination with Object Lock (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html#replication-requirements).
  test('objectLockRetention: Object Lock on, without a default retention, in the bucket and its replica', () => {
    const { trail, template } = namedTrail();
    for (const bucket of [trail.bucket.bucket, trail.bucket.defaultReplica!.bucket]) {
      const properties = resourceOf(template, bucket).Properties;
      expect([properties.ObjectLockEnabled, properties.ObjectLockConfiguration]).toEqual([true, { ObjectLockEnabled: 'Enabled' }]);
    }
  });

  test('destinations: a ReplicaBucket in the same stack, replicated to with its key', () => {
    const { stack, trail, template } = namedTrail();
    const replica = trail.bucket.defaultReplica!;
    expect(replica).toBeInstanceOf(ReplicaBucket);
    expect(Stack.of(replica)).toBe(stack);
    expect(trail.bucket.destinationRegions).toEqual(['eu-west-1']);
    const rules = resourceOf(template, trail.bucket.bucket).Properties.ReplicationConfiguration.Rules;
    expect(rules.map((rule: any) => [rule.Status, rule.Destination.Bucket, rule.Destination.EncryptionConfiguration])).toEqual([[
      'Enabled',
      { 'Fn::GetAtt': [logicalIdOf(replica.bucket), 'Arn'] },
      { ReplicaKmsKeyID: { 'Fn::GetAtt': [logicalIdOf(replica.encryptionKey), 'Arn'] } },
    ]]);
    // CloudTrail's log files are SSE-KMS objects, replicated only when asked for
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
    expect(rules[0].SourceSelectionCriteria.SseKmsEncryptedObjects).toEqual({ Status: 'Enabled' });
  });

  test('destinations: given ones replace the default replica', () => {
    const app = new App();
    const replica = new ReplicaBucket(new Stack(app, 'Replica', { env: { ...ENV, region: 'eu-central-1' }, crossRegionReferences: true }), 'Replica');
    const stack = new Stack(app, 'Audit', { env: ENV, crossRegionReferences: true });
    const trail = new AuditTrail(stack, 'Trail', { destinations: [{ bucket: replica.bucket }] });
    expect(trail.bucket.defaultReplica).toBeUndefined();
    expect(trail.bucket.destinationRegions).toEqual(['eu-central-1']);
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 2);
  });
});

describe('AuditTrail: the bucket policy', () => {
  const bucketPolicy = (template: Template, trail: AuditTrail) => resourceOf(template, trail.bucket.bucket.policy!).Properties.PolicyDocument;
  const bucketArn = (trail: AuditTrail) => ({ 'Fn::GetAtt': [logicalIdOf(trail.bucket.bucket), 'Arn'] });
  const objects = (trail: AuditTrail, prefix: string) => ({ 'Fn::Join': ['', [bucketArn(trail), `/AWSLogs/${prefix}/*`]] });

  // The statements CloudTrail needs, each with aws:SourceArn naming the trail
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
  test('lets CloudTrail check the ACL and write under AWSLogs/<account>/ with bucket-owner-full-control, for this trail only', () => {
    const { trail, template } = namedTrail();
    const document = bucketPolicy(template, trail);
    const bySid = statementsBySid(document);
    expect(bySid.AllowCloudTrailAclCheck).toEqual({
      Sid: 'AllowCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 's3:GetBucketAcl',
      Resource: bucketArn(trail),
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
    });
    expect(bySid.AllowCloudTrailWrite).toEqual({
      Sid: 'AllowCloudTrailWrite',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 's3:PutObject',
      Resource: objects(trail, '123456789012'),
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } },
    });
    expect(document.Statement.filter((statement: any) => JSON.stringify(statement.Principal) === JSON.stringify(CLOUDTRAIL))).toHaveLength(2);
  });

  // An organization trail writes under AWSLogs/<organization id>/ too, and keeps the account's prefix
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html).
  test('an organization trail may also write under AWSLogs/<organization id>/, for this trail only', () => {
    const { trail, template } = namedTrail({ organizationId: ORGANIZATION_ID });
    expect(resourceOf(template, trail.trail).Properties.IsOrganizationTrail).toBe(true);
    expect(statementsBySid(bucketPolicy(template, trail)).AllowCloudTrailWrite).toEqual({
      Sid: 'AllowCloudTrailWrite',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 's3:PutObject',
      Resource: [objects(trail, '123456789012'), objects(trail, ORGANIZATION_ID)],
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } },
    });
  });
});

describe('AuditTrail: the key policy', () => {
  const { trail, template } = namedTrail();
  const bySid = statementsBySid(resourceOf(template, trail.encryptionKey).Properties.KeyPolicy);

  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
  test('lets CloudTrail make data keys in a CloudTrail encryption context of this account, for this trail only', () => {
    expect(bySid.AllowCloudTrailToEncryptLogFiles).toEqual({
      Sid: 'AllowCloudTrailToEncryptLogFiles',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': partitioned(':cloudtrail:*:123456789012:trail/*') },
        StringEquals: { 'aws:SourceArn': TRAIL_ARN },
      },
    });
  });

  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
  test('lets CloudTrail describe the key and decrypt, for this trail only', () => {
    expect(bySid.AllowCloudTrailToDescribeAndDecrypt).toEqual({
      Sid: 'AllowCloudTrailToDescribeAndDecrypt',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: ['kms:DescribeKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
    });
  });

  // Replicating SSE-KMS objects takes kms:Decrypt of the source key, through S3
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html); CloudTrail's log files are
  // in a CloudTrail encryption context, which its decrypt statements test with Null
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
  test('lets the bucket\'s replication role decrypt CloudTrail\'s log files through S3 of this region only', () => {
    expect(bySid.AllowReplicationOfCloudTrailLogFiles).toEqual({
      Sid: 'AllowReplicationOfCloudTrailLogFiles',
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::GetAtt': [logicalIdOf(trail.bucket.replicationRole), 'Arn'] } },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
        Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' },
      },
    });
  });

  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
  test('lets CloudWatch Logs of this region use it for log groups of this account', () => {
    expect(bySid.AllowCloudWatchLogsForThisAccount).toEqual({
      Sid: 'AllowCloudWatchLogsForThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': partitioned(':logs:eu-west-1:123456789012:log-group:*') } },
    });
  });

  test('encrypts the bucket and rotates', () => {
    expect(resourceOf(template, trail.encryptionKey).Properties.EnableKeyRotation).toBe(true);
    expect(resourceOf(template, trail.bucket.bucket).Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault)
      .toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [logicalIdOf(trail.encryptionKey), 'Arn'] } });
  });
});

describe('AuditTrail: the role CloudTrail delivers to CloudWatch Logs with', () => {
  const logStreams = (logGroup: logs.ILogGroup, prefix: string) => ({
    'Fn::Join': ['', [
      'arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:', { Ref: logicalIdOf(logGroup) }, `:log-stream:${prefix}`,
    ]],
  });

  // The trust policy CloudTrail documents, without conditions, and the two actions on the streams
  // <account>_CloudTrail_<region>[_<n>] (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html,
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html).
  test('is trusted by CloudTrail without conditions, and a customer-managed policy creates streams and puts events in the trail\'s group', () => {
    const { trail, template } = namedTrail();
    expect(resourceOf(template, trail.logsRole)).toEqual({
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: CLOUDTRAIL, Action: 'sts:AssumeRole' }] },
        Description: 'Lets CloudTrail deliver the events of Audit/Trail to its log group',
      },
    });
    const [, policy] = policyOfRole(template, trail.logsRole);
    expect(policy.Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: logStreams(trail.logGroup, '123456789012_CloudTrail_*'),
      }],
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  // For an organization trail CloudTrail also writes streams named <organization id>_*
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html).
  test('for an organization trail, also the streams of the organization', () => {
    const { trail, template } = namedTrail({ organizationId: ORGANIZATION_ID });
    const [, policy] = policyOfRole(template, trail.logsRole);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [logStreams(trail.logGroup, '123456789012_CloudTrail_*'), logStreams(trail.logGroup, `${ORGANIZATION_ID}_*`)],
    }]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

describe('AuditTrail: options', () => {
  // An S3 bucket and an empty object prefix logs every object of the bucket
  // (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html).
  test('dataEventBuckets records the object-level events of each bucket', () => {
    const { stack } = auditStack();
    const own = new s3.Bucket(stack, 'Uploads');
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'customer-uploads');
    const trail = new AuditTrail(stack, 'Trail', { dataEventBuckets: [own, imported] });
    expect(resourceOf(Template.fromStack(stack), trail.trail).Properties.EventSelectors).toEqual([{
      ReadWriteType: 'All',
      IncludeManagementEvents: true,
      DataResources: [{
        Type: 'AWS::S3::Object',
        Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(own), 'Arn'] }, '/']] }, partitioned(':s3:::customer-uploads/')],
      }],
    }]);
  });

  // "Data resources in event selectors: 250 across all event selectors in a trail"
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html).
  test('dataEventBuckets takes 250 buckets', () => {
    const { stack } = auditStack();
    const buckets = Array.from({ length: 250 }, (_, i) => s3.Bucket.fromBucketName(stack, `Data${i}`, `data-${i}`));
    const trail = new AuditTrail(stack, 'Trail', { dataEventBuckets: buckets });
    expect(stack.resolve(trail.trail.eventSelectors)[0].dataResources[0].values).toHaveLength(250);
  });

  // Object Lock in compliance mode: nobody can delete or overwrite a locked version before it expires; replicas keep the
  // retention of the replicated object (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html,
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html).
  test('objectLockRetention compliance for 365 days is the bucket\'s default retention; the default replica keeps Object Lock without one', () => {
    const { trail, template } = namedTrail({ objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(365)) });
    expect(resourceOf(template, trail.bucket.bucket).Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
    });
    const replica = resourceOf(template, trail.bucket.defaultReplica!.bucket).Properties;
    expect([replica.ObjectLockEnabled, replica.ObjectLockConfiguration]).toEqual([true, { ObjectLockEnabled: 'Enabled' }]);
  });

  test('an organization trail is marked so, and warns that it belongs in the management account', () => {
    const { stack, trail, template } = namedTrail({ organizationId: ORGANIZATION_ID });
    expect(resourceOf(template, trail.trail).Properties.IsOrganizationTrail).toBe(true);
    expect(Annotations.fromStack(stack).findWarning('/Audit/Trail', Match.stringLikeRegexp('organization trail'))).toHaveLength(1);
  });

  test('a trail of this account is not marked as an organization trail and does not warn', () => {
    const { stack, trail, template } = namedTrail();
    expect(resourceOf(template, trail.trail).Properties).not.toHaveProperty('IsOrganizationTrail');
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('alarms.overrides turns a control\'s alarm off and keeps its metric filter', () => {
    const { trail, template } = namedTrail({ alarms: { overrides: { 'CloudWatch.2': { enabled: false } } } });
    expect(trail.alarms).toHaveLength(13);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 13);
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    expect(Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.MetricName))
      .not.toContain('UnauthorizedApiCalls');
  });
});

describe('AuditTrail: names that a boundary in its stack can use', () => {
  // A name that references no resource lets PermissionsBoundary.protectAuditTrail() name the bucket and the log group
  // without a dependency cycle through the roles it bounds; the stack id's suffix keeps retained names from colliding.
  test('the bucket: the path, lower-cased, the stack id\'s suffix and the account, at most 63 characters', () => {
    const { stack, trail, template } = namedTrail();
    const name = resourceOf(template, trail.bucket.bucket).Properties.BucketName;
    expect(name).toEqual({ 'Fn::Join': ['', [expect.stringMatching(/^audit-trail-[0-9a-f]{8}-$/), expect.anything(), '-123456789012']] });
    expect(JSON.stringify(name)).toContain('"Ref":"AWS::StackId"');
    expect(stack.resolve(trail.bucket.bucket.bucketName)).toEqual({ Ref: logicalIdOf(trail.bucket.bucket) });
  });

  test('a deep construct path still gives a valid bucket name: 3 to 63 lowercase letters, digits and hyphens', () => {
    // "Bucket names must be between 3 (min) and 63 (max) characters long ... can consist only of lowercase letters, numbers,
    // periods (.), and hyphens (-)" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
    const { stack } = auditStack();
    let scope: Construct = stack;
    for (const level of ['Platform', 'SecurityAndCompliance', 'OrganizationWide', 'Logging']) {
      scope = new Construct(scope, level);
    }
    const trail = new AuditTrail(scope, 'CentralAuditTrail');
    const [prefix, , account] = Template.fromStack(stack).toJSON().Resources[logicalIdOf(trail.bucket.bucket)].Properties.BucketName['Fn::Join'][1];
    const rendered = `${prefix}0a1b2c3d${account}`;
    expect(rendered.length).toBeLessThanOrEqual(63);
    expect(rendered).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
  });

  test('the log group: /aws/cloudtrail/ and the path with the stack id\'s suffix; the key: tagged with the trail\'s name', () => {
    const { trail, template } = namedTrail();
    const name = JSON.stringify(resourceOf(template, trail.logGroup).Properties.LogGroupName);
    expect(name).toMatch(/^\{"Fn::Join":\["",\["\/aws\/cloudtrail\/Audit-Trail-[0-9A-F]{8}-",/);
    expect(name).toContain('"Ref":"AWS::StackId"');
    expect(resourceOf(template, trail.encryptionKey).Properties.Tags).toEqual([{ Key: 'cdk-paved-road:audit-trail', Value: 'audit' }]);
  });
});

describe('AuditTrail is monitored', () => {
  test('its alarms are the 14 security alarms, in control order (a same-region replica has no replication alarms)', () => {
    const { trail } = namedTrail();
    expect(trail.bucket.alarms).toEqual([]);
    expect(trail.alarms.map((alarm) => alarm.node.id)).toEqual(CONTROL_IDS.map((id) => `${id.replace('.', '')}Alarm`));
  });

  test('with a replica in another region, the bucket\'s two replication alarms follow the 14', () => {
    const app = new App();
    const replica = new ReplicaBucket(new Stack(app, 'Replica', { env: { ...ENV, region: 'eu-central-1' }, crossRegionReferences: true }), 'Replica');
    const stack = new Stack(app, 'Audit', { env: ENV, crossRegionReferences: true });
    const trail = new AuditTrail(stack, 'Trail', { destinations: [{ bucket: replica.bucket }] });
    expect(trail.alarms).toHaveLength(16);
    expect(trail.alarms.slice(14)).toEqual(trail.bucket.alarms);
    expect(trail.bucket.alarms.map((alarm) => alarm.node.id)).toEqual(['ReplicationLatencyAlarm0', 'ReplicationFailuresAlarm0']);
  });

  // AuditTrailProps.alarms: "The log bucket's replication alarms take the same topic."
  test('with a replica in another region, the bucket\'s replication alarms notify the trail\'s alarm topic', () => {
    const app = new App();
    const replica = new ReplicaBucket(new Stack(app, 'Replica', { env: { ...ENV, region: 'eu-central-1' }, crossRegionReferences: true }), 'Replica');
    const stack = new Stack(app, 'Audit', { env: ENV, crossRegionReferences: true });
    const trail = new AuditTrail(stack, 'Trail', { destinations: [{ bucket: replica.bucket }] });
    expect(trail.bucket.alarmTopic?.node.path).toBe(trail.alarmTopic?.node.path);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('its widgets graph the 14 control metrics and the events delivered to the log group', () => {
    const { stack, trail } = namedTrail();
    const widgets = trail.monitoringWidgets();
    expect(widgets).toHaveLength(2);
    expect(widgets.every((widget) => widget instanceof cloudwatch.GraphWidget)).toBe(true);
    const json = stack.resolve(widgets.flatMap((widget) => widget.toJson()));
    // Sums over 5 minutes: a metric's JSON names its period only when it is not the default 300 seconds.
    // The region only: an accountId would ask CloudWatch for cross-account observability.
    const where = { region: ENV.region, stat: 'Sum' };
    expect(json.map((widget: any) => [widget.properties.title, widget.properties.metrics])).toEqual([
      ['Security events', trail.securityControls.map((control) => ['AuditTrail/audit', control.metricName, { label: control.id, ...where }])],
      ['Events delivered to CloudWatch Logs', [['AWS/Logs', 'IncomingLogEvents', 'LogGroupName', { Ref: logicalIdOf(trail.logGroup) }, where]]],
    ]);
    expect(json[0].properties.metrics.map((metric: any) => metric[2].label)).toEqual(CONTROL_IDS);
  });

  test('each call returns new widgets', () => {
    const { trail } = namedTrail();
    expect(trail.monitoringWidgets()[0]).not.toBe(trail.monitoringWidgets()[0]);
  });
});

describe('AuditTrail refuses invalid props before adding anything', () => {
  function expectRefused(props: AuditTrailProps, message: string, stack = auditStack().stack): void {
    const before = stack.node.children.length;
    expect(() => new AuditTrail(stack, 'Trail', props)).toThrow(new Error(message));
    expect(stack.node.children.length).toBe(before);
  }

  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html
  test.each([
    ['', '`trailName` must be 3 to 128 characters long, got: \'\'.'],
    ['ab', '`trailName` must be 3 to 128 characters long, got: \'ab\'.'],
    ['a'.repeat(129), `\`trailName\` must be 3 to 128 characters long, got: '${'a'.repeat(129)}'.`],
    ['my--trail', '`trailName` must not have two periods, underscores or dashes in a row, got: \'my--trail\'.'],
    ['my-_trail', '`trailName` must not have two periods, underscores or dashes in a row, got: \'my-_trail\'.'],
    ['-trail', '`trailName` must start and end with a letter or digit, got: \'-trail\'.'],
    ['trail.', '`trailName` must start and end with a letter or digit, got: \'trail.\'.'],
    ['trail!', '`trailName` may hold only letters, digits, periods, underscores and dashes, got: \'trail!\'.'],
    ['192.168.5.4', '`trailName` must not be an IP address, got: \'192.168.5.4\'.'],
  ])('trailName %p', (trailName, message) => {
    expectRefused({ trailName }, message);
  });

  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html
  test.each(['abc', 'a'.repeat(128), 'My.Trail_2-b', '192.168.5', '1.2.3.4.5'])('trailName %p is accepted', (trailName) => {
    const { stack } = auditStack();
    expect(new AuditTrail(stack, 'Trail', { trailName }).trailName).toBe(trailName);
  });

  test.each(['o-ABC', '123', 'o-abc', `o-${'a'.repeat(33)}`, 'o-ABCDEF1234'])('organizationId %p', (organizationId) => {
    expectRefused({ organizationId }, `\`organizationId\` must be 'o-' followed by 10 to 32 lowercase letters or digits, got: '${organizationId}'.`);
  });

  test.each([ORGANIZATION_ID, `o-${'a1'.repeat(16)}`])('organizationId %p is accepted', (organizationId) => {
    const { stack } = auditStack();
    expect(() => new AuditTrail(stack, 'Trail', { organizationId })).not.toThrow();
  });

  // "Data resources in event selectors: 250 across all event selectors in a trail"
  // (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html).
  test('dataEventBuckets with 251 buckets', () => {
    const { stack } = auditStack();
    const buckets = Array.from({ length: 251 }, (_, i) => s3.Bucket.fromBucketName(stack, `Data${i}`, `data-${i}`));
    expectRefused({ dataEventBuckets: buckets },
      '`dataEventBuckets` names 251 buckets; a trail records data events of at most 250 resources (CloudTrail quotas).', stack);
  });

  test('alarms.overrides with a name that is not a control', () => {
    expectRefused({ alarms: { overrides: { 'CloudWatch.15': { enabled: false } } } },
      '`alarms.overrides` names an alarm this construct does not have: \'CloudWatch.15\'. Its alarms are: '
      + `${CONTROL_IDS.map((id) => `'${id}'`).join(', ')}.`);
  });

  test('logs.retention INFINITE', () => {
    expectRefused({ logs: { retention: logs.RetentionDays.INFINITE } },
      '`logs.retention` must be a finite period, got: INFINITE. Logs kept forever grow without bound and outlive their purpose.');
  });
});
