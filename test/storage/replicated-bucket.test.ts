import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks as AwsSolutionsChecksV3 } from 'cdk-nag-v3';
import { LeastPrivilegeChecks, ReplicaBucket, ReplicatedBucket, ReplicatedBucketEncryption, ReplicatedBucketProps } from '../../src';
import { expectCompliant } from '../compliance';
import { validationError } from '../errors';

const SOURCE_ENV = { account: '111111111111', region: 'us-east-1' };
const REPLICA_REGION_ENV = { account: '111111111111', region: 'us-west-2' };
const OTHER_ACCOUNT_ENV = { account: '222222222222', region: 'us-east-1' };
const IMPORTED_KEY_ARN = 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function sameRegion(props?: ReplicatedBucketProps) {
  const stack = new Stack(new App(), 'SourceStack');
  const replicated = new ReplicatedBucket(stack, 'Uploads', props);
  return { stack, replicated, template: Template.fromStack(stack) };
}

function crossRegion(props: Partial<ReplicatedBucketProps> = {}) {
  const app = new App();
  const replicaStack = new Stack(app, 'ReplicaStack', { env: REPLICA_REGION_ENV });
  const replica = new ReplicaBucket(replicaStack, 'UploadsReplica');
  const stack = new Stack(app, 'SourceStack', { env: SOURCE_ENV, crossRegionReferences: true });
  const replicated = new ReplicatedBucket(stack, 'Uploads', { ...props, destinations: [{ bucket: replica.bucket }] });
  return { app, stack, replicaStack, replica, replicated, template: Template.fromStack(stack) };
}

function crossAccount() {
  const app = new App();
  const replicaStack = new Stack(app, 'ReplicaStack', { env: OTHER_ACCOUNT_ENV });
  const replica = new ReplicaBucket(replicaStack, 'UploadsReplica', { exportArns: true });
  const stack = new Stack(app, 'SourceStack', { env: SOURCE_ENV });
  const replicated = new ReplicatedBucket(stack, 'Uploads', {
    destinations: [{
      bucket: replica.bucket,
      account: OTHER_ACCOUNT_ENV.account,
      encryptionKey: kms.Key.fromKeyArn(stack, 'ReplicaKey', IMPORTED_KEY_ARN),
    }],
  });
  return { app, stack, replicaStack, replica, replicated, template: Template.fromStack(stack), replicaTemplate: Template.fromStack(replicaStack) };
}

/** The one bucket with a replication configuration: the source. */
function sourceBucket(template: Template): any {
  const buckets = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { ReplicationConfiguration: Match.anyValue() } }));
  expect(buckets).toHaveLength(1);
  return buckets[0];
}

function replicationPolicyStatements(template: Template): any[] {
  // The replication role's policy (a cross-region stack also holds the reference provider's logs policy).
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^UploadsReplicationRole') }] },
  })) as any[];
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

describe('ReplicatedBucket source bucket defaults', () => {
  test('versioned, SSE-KMS with a rotating customer-managed key and bucket keys', () => {
    const { template, replicated } = sameRegion();
    const bucket = sourceBucket(template);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^UploadsKey/), 'Arn'] } },
    }]);
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    expect(replicated.encryptionKey).toBeDefined();
  });

  test('all four public access blocks, and ACLs off', () => {
    const bucket = sourceBucket(sameRegion().template);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  test('the bucket policy denies requests without TLS and below TLS 1.2', () => {
    const { template } = sameRegion();
    const sourceId = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { ReplicationConfiguration: Match.anyValue() } }))[0];
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: sourceId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('server access logs go to a dedicated, hardened log bucket', () => {
    const { template, replicated } = sameRegion();
    const bucket = sourceBucket(template);
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^UploadsAccessLogBucket/) },
      LogFilePrefix: 's3-access-logs/SourceStack/Uploads/Resource/',
    });
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.absent(),
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^UploadsAccessLogBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^Uploads[0-9A-F]{8}$'), 'Arn'] } }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        })]),
      },
    });
    expect(replicated.logBucket).toBeDefined();
  });

  test('the log bucket has no Object Lock, which log delivery rejects; its policy denies deleting logs instead', () => {
    // "S3 buckets with Object Lock can't be used as destination buckets for server access logs."
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html
    const { stack, template } = sameRegion();
    const logBucketId = stack.getLogicalId(stack.node.findChild('Uploads').node.findChild('AccessLogBucket').node.defaultChild as s3.CfnBucket);
    const logBucket = template.toJSON().Resources[logBucketId];
    expect(logBucket.Properties.ObjectLockEnabled).toBeUndefined();
    expect(logBucket.Properties.ObjectLockConfiguration).toBeUndefined();
    expect(logBucket.Properties.LifecycleConfiguration.Rules).toEqual([{
      Id: 'NoncurrentLogVersions', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    }]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'DenyDeletingLogs',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logBucketId, 'Arn'] }, '/*']] },
        }]),
      },
    });
    // Every bucket that receives logs from this library has no Object Lock; every data bucket keeps it.
    const logDestinations = new Set(Object.values<any>(template.findResources('AWS::S3::Bucket'))
      .map((b) => b.Properties.LoggingConfiguration?.DestinationBucketName?.Ref).filter(Boolean));
    for (const [id, bucket] of Object.entries<any>(template.findResources('AWS::S3::Bucket'))) {
      expect([id, bucket.Properties.ObjectLockEnabled === true]).toEqual([id, !logDestinations.has(id)]);
    }
  });

  test('lifecycle: noncurrent versions to Glacier Instant Retrieval after 30 days, expired after 365, uploads aborted after 7', () => {
    const bucket = sourceBucket(sameRegion().template);
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([{
      Id: 'NoncurrentVersionsAndIncompleteUploads',
      Status: 'Enabled',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }],
      NoncurrentVersionExpiration: { NoncurrentDays: 365 },
    }]);
  });

  test('buckets and keys are retained', () => {
    const { template } = sameRegion();
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key']) {
      for (const resource of Object.values(template.findResources(type)) as any[]) {
        expect(resource.DeletionPolicy).toEqual('Retain');
        expect(resource.UpdateReplacePolicy).toEqual('Retain');
      }
    }
  });

  test('object lock is enabled without a default retention', () => {
    const bucket = sourceBucket(sameRegion().template);
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' });
  });
});

// S3 User Guide, "Using EventBridge" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html);
// AWS Control Tower CT.S3.PR.4 wants event notifications on every bucket.
describe('ReplicatedBucket events', () => {
  test('every bucket (source, replica and the access-log bucket they share) sends its events to EventBridge, without a custom resource', () => {
    const { template } = sameRegion();
    const buckets = Object.values(template.findResources('AWS::S3::Bucket')) as any[];
    expect(buckets).toHaveLength(3);
    for (const bucket of buckets) {
      expect(bucket.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    }
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('addEventNotification(), which would replace that configuration at deploy time, fails synth with the way out', () => {
    const stack = new Stack(new App(), 'SourceStack');
    const uploads = new ReplicatedBucket(stack, 'Uploads');
    uploads.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SnsDestination(new sns.Topic(stack, 'Topic')));
    expect(() => Template.fromStack(stack)).toThrow(validationError('SourceStack/Uploads/Resource',
      'SourceStack/Uploads/Resource sends its events to Amazon EventBridge, and addEventNotification() would replace that configuration when it deploys. ' +
      'Route the events with an EventBridge rule instead (source aws.s3, detail.bucket.name the bucket\'s name), such as an events.Rule with an SQS, SNS or Lambda target.'),
    );
  });
});

describe('ReplicatedBucket replication', () => {
  test('with no destination, replicates to a new ReplicaBucket in the same stack', () => {
    const { template, replicated } = sameRegion();
    expect(replicated.defaultReplica).toBeInstanceOf(ReplicaBucket);
    template.resourceCountIs('AWS::S3::Bucket', 3); // source, replica, shared access-log bucket
    const rules = sourceBucket(template).Properties.ReplicationConfiguration.Rules;
    expect(rules).toEqual([{
      Id: 'Destination0',
      Status: 'Enabled',
      Priority: 0,
      Filter: { Prefix: '' },
      DeleteMarkerReplication: { Status: 'Enabled' },
      SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' }, SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: {
        Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^UploadsReplica[0-9A-F]{8}$/), 'Arn'] },
        EncryptionConfiguration: { ReplicaKmsKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^UploadsReplicaKey/), 'Arn'] } },
        Metrics: { Status: 'Enabled' },
      },
    }]);
  });

  test('same-region replication has no replication time control and no alarms by default', () => {
    const { template, replicated } = sameRegion();
    expect(sourceBucket(template).Properties.ReplicationConfiguration.Rules[0].Destination.ReplicationTime).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(replicated.alarms).toEqual([]);
  });

  test('cross-region: replication time control with metrics, and latency and failure alarms on an encrypted topic', () => {
    const { template, replicated } = crossRegion();
    const destination = sourceBucket(template).Properties.ReplicationConfiguration.Rules[0].Destination;
    expect(destination.ReplicationTime).toEqual({ Status: 'Enabled', Time: { Minutes: 15 } });
    expect(destination.Metrics).toEqual({ Status: 'Enabled', EventThreshold: { Minutes: 15 } });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/S3',
      MetricName: 'ReplicationLatency',
      Threshold: 900,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('UploadsAlarmTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/S3', MetricName: 'OperationsFailedReplication', Threshold: 0 });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expect(replicated.alarms).toHaveLength(2);
    expect(replicated.alarmTopic).toBeDefined();
  });

  test('cross-region: the destination key is used through the destination region\'s S3', () => {
    const statements = replicationPolicyStatements(crossRegion().template);
    const encrypt = statements.find((s) => s.Sid === 'EncryptReplicas0');
    expect(encrypt.Condition.StringEquals['kms:ViaService']).toEqual('s3.us-west-2.amazonaws.com');
    const decrypt = statements.find((s) => s.Sid === 'DecryptSourceObjects');
    expect(decrypt.Condition.StringEquals['kms:ViaService']).toEqual('s3.us-east-1.amazonaws.com');
  });

  test('cross-region: the replica\'s ARNs travel through CDK\'s cross-region exports (SSM parameters)', () => {
    const { template, replicaStack } = crossRegion();
    const destination = sourceBucket(template).Properties.ReplicationConfiguration.Rules[0].Destination;
    expect(destination.Bucket).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ExportsReader/), expect.stringMatching(/^\/cdk\/exports\/SourceStack\//)] });
    expect(destination.EncryptionConfiguration.ReplicaKmsKeyID).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ExportsReader/), expect.stringMatching(/^\/cdk\/exports\/SourceStack\//)] });
    Template.fromStack(replicaStack).resourceCountIs('Custom::CrossRegionExportWriter', 1);
  });

  test('cross-account: ownership passes to the destination account', () => {
    const destination = sourceBucket(crossAccount().template).Properties.ReplicationConfiguration.Rules[0].Destination;
    expect(destination.Account).toEqual('222222222222');
    expect(destination.AccessControlTranslation).toEqual({ Owner: 'Destination' });
    expect(destination.EncryptionConfiguration).toEqual({ ReplicaKmsKeyID: IMPORTED_KEY_ARN });
  });

  test('cross-account: the ReplicaBucket gets the bucket and key policies for the source role, pinned by aws:PrincipalArn', () => {
    const { replicaTemplate, template } = crossAccount();
    const roleName = (Object.values(template.findResources('AWS::IAM::Role')) as any[])[0].Properties.RoleName;
    expect(roleName).toMatch(/replicationrole/);
    const pinnedToRole = {
      ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::111111111111:role/${roleName}`]] } },
    };
    const sourceAccountRoot = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } };
    replicaTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReplicateObjectsFromSourceAccount',
            Principal: sourceAccountRoot,
            Condition: pinnedToRole,
            Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'],
          }),
          Match.objectLike({ Sid: 'CheckVersioningFromSourceAccount', Principal: sourceAccountRoot, Condition: pinnedToRole }),
        ]),
      },
    });
    replicaTemplate.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'EncryptReplicasFromSourceAccount', Principal: sourceAccountRoot, Condition: pinnedToRole })]) },
    });
    replicaTemplate.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('UploadsReplicaKey'), 'Arn'] } });
  });

  test('destinationPolicies hands the owner of an imported destination the same policies', () => {
    const stack = new Stack(new App(), 'SourceStack', { env: SOURCE_ENV });
    const destination = s3.Bucket.fromBucketArn(stack, 'Theirs', 'arn:aws:s3:::their-replica-bucket');
    const replicated = new ReplicatedBucket(stack, 'Uploads', {
      destinations: [{ bucket: destination, account: '222222222222', encryptionKey: kms.Key.fromKeyArn(stack, 'TheirKey', IMPORTED_KEY_ARN) }],
    });
    const policies = replicated.destinationPolicies(0);
    const bucketPolicy = stack.resolve(policies.bucketPolicy.toJSON());
    expect(bucketPolicy.Statement.map((s: any) => s.Sid)).toEqual(['ReplicateObjectsFromSourceAccount', 'CheckVersioningFromSourceAccount']);
    expect(bucketPolicy.Statement[0].Resource).toEqual('arn:aws:s3:::their-replica-bucket/*');
    expect(stack.resolve(policies.keyPolicy.toJSON()).Statement[0].Action).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
    expect(() => replicated.destinationPolicies(1)).toThrow(new Error('`index` must be between 0 and 0, got: 1.'));
  });

  test('destination options: prefix and tag filter, storage class, RTC, delete markers, priority', () => {
    const stack = new Stack(new App(), 'SourceStack');
    const first = new ReplicaBucket(stack, 'First');
    const second = new ReplicaBucket(stack, 'Second');
    new ReplicatedBucket(stack, 'Uploads', {
      destinations: [
        {
          bucket: first.bucket,
          prefix: 'invoices/',
          tagFilter: { retain: 'yes' },
          storageClass: s3.StorageClass.INFREQUENT_ACCESS,
          replicationTimeControl: true,
          priority: 5,
        },
        { bucket: second.bucket, tagFilter: { team: 'data' }, deleteMarkerReplication: false },
      ],
    });
    const [rule0, rule1] = sourceBucket(Template.fromStack(stack)).Properties.ReplicationConfiguration.Rules;
    expect(rule0.Filter).toEqual({ And: { Prefix: 'invoices/', TagFilters: [{ Key: 'retain', Value: 'yes' }] } });
    expect(rule0.Destination.StorageClass).toEqual('STANDARD_IA');
    expect(rule0.Destination.ReplicationTime).toEqual({ Status: 'Enabled', Time: { Minutes: 15 } });
    expect(rule0.Priority).toEqual(5);
    expect(rule1.Filter).toEqual({ TagFilter: { Key: 'team', Value: 'data' } });
    expect(rule1.DeleteMarkerReplication).toEqual({ Status: 'Disabled' });
    expect(rule1.Priority).toEqual(1);
  });

  // S3 API Reference, DeleteMarkerReplication
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteMarkerReplication.html): "If your
  // Filter includes a Tag element, the DeleteMarkerReplication Status must be set to Disabled,
  // because Amazon S3 does not support replicating delete markers for tag-based rules."
  test('delete markers replicate by default, except for a rule with a tag filter, which S3 refuses with them', () => {
    const stack = new Stack(new App(), 'SourceStack');
    const replica = new ReplicaBucket(stack, 'Replica');
    new ReplicatedBucket(stack, 'Uploads', {
      destinations: [
        { bucket: replica.bucket },
        { bucket: replica.bucket, prefix: 'invoices/', priority: 1 },
        { bucket: replica.bucket, tagFilter: { retain: 'yes' }, priority: 2 },
        { bucket: replica.bucket, prefix: 'reports/', tagFilter: { retain: 'yes' }, priority: 3 },
      ],
    });
    const rules = sourceBucket(Template.fromStack(stack)).Properties.ReplicationConfiguration.Rules;
    expect(rules.map((rule: any) => rule.DeleteMarkerReplication.Status)).toEqual(['Enabled', 'Enabled', 'Disabled', 'Disabled']);
  });

  test('an imported destination that cannot be proven versioned gets a warning', () => {
    const stack = new Stack(new App(), 'SourceStack');
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'someone-elses-bucket');
    new ReplicatedBucket(stack, 'Uploads', { encryption: ReplicatedBucketEncryption.S3_MANAGED, destinations: [{ bucket: imported }] });
    Annotations.fromStack(stack).hasWarning('/SourceStack/Uploads', Match.stringLikeRegexp(
      '`destinations\\[0\\]\\.bucket` \\(SourceStack/Imported\\) cannot be proven versioned\\. S3 replication needs versioning on the destination',
    ));
  });

  test('a ReplicaBucket destination raises no versioning warning', () => {
    const { stack } = sameRegion();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cannot be proven versioned'))).toEqual([]);
  });
});

describe('ReplicatedBucket replication role', () => {
  test.each([
    ['same region', () => sameRegion().template],
    ['cross region', () => crossRegion().template],
    ['cross account', () => crossAccount().template],
  ])('%s: no wildcard action, no Resource "*", a customer-managed policy and no inline one', (_name, build) => {
    const template = build();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const statements = replicationPolicyStatements(template);
    for (const statement of statements) {
      expect(statement.Effect).toEqual('Allow');
      for (const action of [].concat(statement.Action)) {
        expect(action).not.toContain('*');
      }
      for (const resource of [].concat(statement.Resource)) {
        expect(resource).not.toEqual('*');
      }
    }
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('replicate') } });
    expect(Object.keys(roles)).toHaveLength(1);
    const [roleId, role] = Object.entries(roles)[0] as [string, any];
    expect(role.Properties.Policies).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: [{ Ref: roleId }] });
  });

  test('has no fixed name in its own environment, so two stacks never collide', () => {
    const role = (Object.values(sameRegion().template.findResources('AWS::IAM::Role')) as any[])[0];
    expect(role.Properties.RoleName).toBeUndefined();
  });

  test('object actions are scoped to the bucket ARNs, and KMS to the two keys with kms:ViaService', () => {
    const statements = replicationPolicyStatements(sameRegion().template);
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.ReadSourceObjectVersions.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Uploads[0-9A-F]{8}$/), 'Arn'] }, '/*']] });
    expect(bySid.WriteReplicas.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^UploadsReplica[0-9A-F]{8}$/), 'Arn'] }, '/*']] });
    expect(bySid.DecryptSourceObjects.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^UploadsKey/), 'Arn'] });
    expect(bySid.EncryptReplicas0.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^UploadsReplicaKey/), 'Arn'] });
    for (const sid of ['DecryptSourceObjects', 'EncryptReplicas0']) {
      expect(bySid[sid].Condition.StringEquals['kms:ViaService']).toEqual({ 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] });
    }
  });

  test('S3 assumes it only for this account', () => {
    sameRegion().template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })],
      },
    });
  });
});

describe('ReplicatedBucket options', () => {
  test('SSE-S3 instead of KMS', () => {
    const { template, replicated } = sameRegion({ encryption: ReplicatedBucketEncryption.S3_MANAGED });
    const bucket = sourceBucket(template);
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect(bucket.Properties.ReplicationConfiguration.Rules[0].SourceSelectionCriteria.SseKmsEncryptedObjects).toBeUndefined();
    expect(replicated.encryptionKey).toBeUndefined();
    expect(replicationPolicyStatements(template).map((s) => s.Sid)).not.toContain('DecryptSourceObjects');
  });

  test('object lock with a default retention', () => {
    const bucket = sourceBucket(sameRegion({ objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(90)) }).template);
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 90 } } });
  });

  test('configurable noncurrent-version lifecycle', () => {
    const bucket = sourceBucket(sameRegion({
      noncurrentVersionTransitionDays: 60, noncurrentVersionExpirationDays: 730, noncurrentVersionStorageClass: s3.StorageClass.DEEP_ARCHIVE,
    }).template);
    expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toEqual(expect.objectContaining({
      NoncurrentVersionTransitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 60 }],
      NoncurrentVersionExpiration: { NoncurrentDays: 730 },
    }));
  });

  test('a given key, log bucket and alarm topic are used', () => {
    const stack = new Stack(new App(), 'SourceStack');
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    const logBucket = new s3.Bucket(stack, 'GivenLogs');
    const topic = new sns.Topic(stack, 'GivenTopic');
    const replicated = new ReplicatedBucket(stack, 'Uploads', { encryptionKey: key, logBucket, alarms: { enabled: true, topic } });
    expect(replicated.encryptionKey).toBe(key);
    expect(replicated.logBucket).toBe(logBucket);
    expect(replicated.alarmTopic).toBe(topic);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('GivenTopic') }] });
    expect(sourceBucket(template).Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.stringMatching(/^GivenLogs/) });
  });

  /** The grantee's stack after `grant` ran, with a new Lambda role as the grantee. */
  function afterGrant(grant: (replicated: ReplicatedBucket, role: iam.IGrantable) => void): Stack {
    const stack = new Stack(new App(), 'SourceStack', { env: { account: '111111111111', region: 'eu-west-1' } });
    const replicated = new ReplicatedBucket(stack, 'Uploads');
    const role = new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    grant(replicated, role);
    return stack;
  }
  /** The statements of the customer-managed policies attached to the grantee. */
  function grantedStatements(stack: Stack): any[] {
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const policies = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Grantee') }] } });
    expect(Object.keys(policies)).toHaveLength(1);
    return (Object.values(policies) as any[]).flatMap((p) => p.Properties.PolicyDocument.Statement);
  }
  const sourceKeyArn = { 'Fn::GetAtt': [expect.stringMatching(/^UploadsKey/), 'Arn'] };
  const sourceBucketArn = { 'Fn::GetAtt': [expect.stringMatching(/^Uploads[0-9A-F]{8}$/), 'Arn'] };
  const objectsOf = (pattern: string) => ({ 'Fn::Join': ['', [sourceBucketArn, `/${pattern}`]] });
  const throughS3 = { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } };

  test('grantRead: named read actions on the objects and the bucket, decrypt through S3, in one customer-managed policy', () => {
    expect(grantedStatements(afterGrant((r, g) => r.grantRead(g)))).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: objectsOf('*') },
      { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: sourceBucketArn },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: sourceKeyArn, Condition: throughS3 },
    ]);
  });

  test('grantReadWrite: adds put, delete-marker and multipart actions and GenerateDataKey, never deleting versions', () => {
    const statements = grantedStatements(afterGrant((r, g) => r.grantReadWrite(g, 'uploads/*')));
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: objectsOf('uploads/*'),
      },
      { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'], Resource: sourceBucketArn },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: sourceKeyArn, Condition: throughS3 },
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/DeleteObjectVersion|\*"\]?,"Resource"/);
  });

  test('grants leave no open finding in the six packs and pass LeastPrivilegeChecks', () => {
    const stack = afterGrant((r, g) => { r.grantRead(g); r.grantReadWrite(g, 'uploads/*'); });
    Aspects.of(stack).add(new LeastPrivilegeChecks());
    const report = expectCompliant(stack);
    const grantAcks = report.acknowledgments.filter((a) => a.path.includes('/Grantee/'));
    expect(grantAcks.map((a) => [a.ruleId, a.findingId])).toEqual([
      ['AwsSolutions-IAM5', expect.stringMatching(/^Resource::<Uploads[0-9A-F]{8}\.Arn>\/\*$/)],
      ['AwsSolutions-IAM5', expect.stringMatching(/^Resource::<Uploads[0-9A-F]{8}\.Arn>\/uploads\/\*$/)],
    ]);
    expect((stack.node.root as App).synth().getStackByName(stack.stackName).messages.filter((m) => String(m.entry.data).startsWith('LeastPrivilege:'))).toEqual([]);
  });

  test('an objectsKeyPattern with a leading slash or empty is an error, and nothing is granted', () => {
    for (const pattern of ['/uploads/*', '']) {
      const stack = new Stack(new App(), 'S');
      const replicated = new ReplicatedBucket(stack, 'Uploads');
      const role = new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      expect(() => replicated.grantReadWrite(role, pattern)).toThrow(new Error(
        `\`objectsKeyPattern\` must be an object key or key pattern without a leading '/', such as 'uploads/*', got: '${pattern}'.`));
      expect(role.node.children.filter((c) => c instanceof iam.ManagedPolicy)).toEqual([]);
    }
  });

  test('an imported role gets the same statements through its own policy', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const replicated = new ReplicatedBucket(stack, 'Uploads');
    const role = iam.Role.fromRoleName(stack, 'Imported', 'app-role');
    const grant = replicated.grantRead(role);
    expect(grant.success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['s3:GetObject', 's3:GetObjectVersion'] })]) },
      Roles: ['app-role'],
    });
  });
});

describe('ReplicatedBucket compliance', () => {
  test('default: zero open findings across all six cdk-nag packs', () => {
    const report = expectCompliant(sameRegion().stack);
    expect([...new Set(report.acknowledgments.map((a) => a.ruleId.replace(/^[^-]+-/, '')))].sort()).toEqual([
      'IAM5', 'S3BucketDefaultLockEnabled', 'S3BucketReplicationEnabled', 'S3DefaultEncryptionKMS',
    ]);
    // IAM5 is acknowledged only for object ARNs (bucket/*).
    for (const ack of report.acknowledgments.filter((a) => a.ruleId === 'AwsSolutions-IAM5')) {
      expect(ack.findingId).toMatch(/^Resource::.+\/\*$/);
    }
  });

  test('cross-region: zero open findings in both stacks', () => {
    const { stack, replicaStack } = crossRegion();
    expectCompliant(stack);
    expectCompliant(replicaStack);
  });

  test('cross-region: the cross-region reference providers log to their own encrypted group, with no AWS managed policy', () => {
    const app = new App();
    const replicaStack = new Stack(app, 'ReplicaStack', { env: REPLICA_REGION_ENV });
    const replica = new ReplicaBucket(replicaStack, 'UploadsReplica');
    const stack = new Stack(app, 'SourceStack', { env: SOURCE_ENV, crossRegionReferences: true });
    new ReplicatedBucket(stack, 'Uploads', { destinations: [{ bucket: replica.bucket }] });
    Aspects.of(app).add(new LeastPrivilegeChecks());
    const assembly = app.synth();
    for (const [s, kind] of [[replicaStack, 'Writer'], [stack, 'Reader']] as const) {
      const template = Template.fromJSON(assembly.getStackByName(s.stackName).template);
      const resources = Object.entries<any>(template.toJSON().Resources);
      const [roleId, role] = resources.find(([id]) => id.startsWith(`CustomCrossRegionExport${kind}CustomResourceProviderRole`))!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      const [handlerId] = resources.find(([id]) => id.startsWith(`CustomCrossRegionExport${kind}CustomResourceProviderHandler`))!;
      const [logsId] = resources.find(([, r]) => r.Type === 'AWS::Logs::LogGroup' &&
        JSON.stringify(r.Properties.LogGroupName) === JSON.stringify({ 'Fn::Join': ['', ['/aws/lambda/', { Ref: handlerId }]] }))!;
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.anyValue(), KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
      const [policyId] = resources.find(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))!;
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logsId, 'Arn'] } }] },
      });
      const [, custom] = resources.find(([, r]) => r.Type === `Custom::CrossRegionExport${kind}`)!;
      expect(custom.DependsOn).toContain(policyId);
      expect(assembly.getStackByName(s.stackName).messages.filter((m) => String(m.entry.data).startsWith('LeastPrivilege:'))).toEqual([]);
    }
  });

  test('cross-account: zero open findings in both stacks', () => {
    const { stack, replicaStack } = crossAccount();
    expectCompliant(stack);
    expectCompliant(replicaStack);
  });

  test('maximal configuration: zero open findings', () => {
    const stack = new Stack(new App(), 'SourceStack');
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    const first = new ReplicaBucket(stack, 'First', { objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(30)) });
    const second = new ReplicaBucket(stack, 'Second', { noncurrentVersionExpirationDays: 90 });
    new ReplicatedBucket(stack, 'Uploads', {
      encryptionKey: key,
      objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(30)),
      noncurrentVersionTransitionDays: 45,
      noncurrentVersionExpirationDays: 400,
      noncurrentVersionStorageClass: s3.StorageClass.GLACIER,
      alarms: { enabled: true },
      destinations: [
        {
          bucket: first.bucket,
          prefix: 'invoices/',
          tagFilter: { retain: 'yes' },
          storageClass: s3.StorageClass.INFREQUENT_ACCESS,
          replicationTimeControl: true,
          priority: 2,
        },
        { bucket: second.bucket, deleteMarkerReplication: false, priority: 1 },
      ],
    });
    expectCompliant(stack);
  });

  test('the IAM5 acknowledgment also holds for cdk-nag 3, across regions', () => {
    const { app, stack } = crossRegion();
    app.synth();
    const report = new AwsSolutionsChecksV3().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('ReplicatedBucket bad input', () => {
  const key = (stack: Stack) => (stack.node.tryFindChild('DestKey') as kms.IKey | undefined) ?? kms.Key.fromKeyArn(stack, 'DestKey', IMPORTED_KEY_ARN);
  test.each<[string, (stack: Stack) => ReplicatedBucketProps, string]>([
    [
      'a destination that is the source bucket itself',
      (stack) => ({ bucketName: 'uploads-prod', destinations: [{ bucket: s3.Bucket.fromBucketName(stack, 'Self', 'uploads-prod'), encryptionKey: key(stack) }] }),
      "`destinations[0].bucket` is the source bucket itself ('uploads-prod'); replication needs a different bucket.",
    ],
    [
      'duplicate priorities',
      (stack) => ({
        destinations: [
          { bucket: s3.Bucket.fromBucketName(stack, 'A', 'bucket-a'), encryptionKey: key(stack), priority: 1 },
          { bucket: s3.Bucket.fromBucketName(stack, 'B', 'bucket-b'), encryptionKey: key(stack) },
        ],
      }),
      "`destinations[1].priority` is 1, the same as `destinations[0]`; each destination needs a unique priority (when unset, a destination's priority is its position).",
    ],
    [
      'a KMS-encrypted source with no destination key',
      (stack) => ({ destinations: [{ bucket: s3.Bucket.fromBucketName(stack, 'A', 'bucket-a') }] }),
      "`destinations[0].encryptionKey` is required: the source bucket uses SSE-KMS, and S3 re-encrypts each replica with a key of the destination. Pass the destination's key, or use `encryption: ReplicatedBucketEncryption.S3_MANAGED`.",
    ],
    [
      'a cross-account destination without `account`',
      (stack) => ({
        destinations: [{ bucket: s3.Bucket.fromBucketAttributes(stack, 'A', { bucketName: 'bucket-a', account: '222222222222' }), encryptionKey: key(stack) }],
      }),
      '`destinations[0].account` is required: the destination bucket is in account 222222222222, the source in 111111111111. Set it to the destination account, so that ownership of the replicas passes to it.',
    ],
    [
      'an account that is not 12 digits',
      (stack) => ({ destinations: [{ bucket: s3.Bucket.fromBucketName(stack, 'A', 'bucket-a'), encryptionKey: key(stack), account: '2222' }] }),
      "`destinations[0].account` must be a 12-digit AWS account id, got: '2222'.",
    ],
    [
      'a prefix with a leading slash and a wildcard',
      (stack) => ({ destinations: [{ bucket: s3.Bucket.fromBucketName(stack, 'A', 'bucket-a'), encryptionKey: key(stack), prefix: '/uploads/*' }] }),
      "`destinations[0].prefix` must be an S3 key prefix such as 'uploads/', got: '/uploads/*': it starts with '/' (S3 keys have no leading slash); it contains '*' (prefixes match literally; there are no wildcards).",
    ],
    [
      'delete-marker replication with a tag filter',
      (stack) => ({ destinations: [{ bucket: s3.Bucket.fromBucketName(stack, 'A', 'bucket-a'), encryptionKey: key(stack), tagFilter: { retain: 'yes' }, deleteMarkerReplication: true }] }),
      '`destinations[0].deleteMarkerReplication` must be false with a `tagFilter`, got: true. S3 does not replicate delete markers for rules that filter on tags; ' +
      'leave it out, or replicate by `prefix` alone to keep delete markers.',
    ],
    [
      'an empty prefix',
      (stack) => ({ destinations: [{ bucket: s3.Bucket.fromBucketName(stack, 'A', 'bucket-a'), encryptionKey: key(stack), prefix: '' }] }),
      "`destinations[0].prefix` must be an S3 key prefix such as 'uploads/', got: '': it is empty (leave `prefix` out to replicate every object).",
    ],
    [
      'expiry before transition',
      () => ({ noncurrentVersionTransitionDays: 90, noncurrentVersionExpirationDays: 60 }),
      '`noncurrentVersionExpirationDays` (60) must be greater than `noncurrentVersionTransitionDays` (90): noncurrent versions would expire before they move to the colder storage class.',
    ],
    [
      'a transition to Standard-IA sooner than S3 allows',
      () => ({ noncurrentVersionTransitionDays: 10, noncurrentVersionStorageClass: s3.StorageClass.INFREQUENT_ACCESS }),
      '`noncurrentVersionTransitionDays` must be at least 30 for STANDARD_IA (an S3 minimum), got: 10.',
    ],
    [
      'zero days',
      () => ({ noncurrentVersionTransitionDays: 0 }),
      '`noncurrentVersionTransitionDays` must be a whole number of days, at least 1, got: 0.',
    ],
    [
      'an empty destination list',
      () => ({ destinations: [] }),
      '`destinations` must hold at least one destination, got: []. Leave it out to replicate to a new ReplicaBucket in the same stack.',
    ],
    [
      'a log bucket with Object Lock, where S3 delivers no server access logs',
      (stack) => ({ logBucket: new s3.Bucket(stack, 'LockedLogs', { objectLockEnabled: true }) }),
      '`logBucket` (SourceStack/LockedLogs) has Object Lock, and S3 does not deliver server access logs to a bucket with Object Lock. ' +
        'Give a bucket without it, or leave `logBucket` out to get one.',
    ],
  ])('%s', (_name, props, message) => {
    const stack = new Stack(new App(), 'SourceStack', { env: SOURCE_ENV });
    const resolvedProps = props(stack);
    expect(() => new ReplicatedBucket(stack, 'Uploads', resolvedProps)).toThrow(message);
    expect(stack.node.tryFindChild('Uploads')).toBeUndefined();
  });

  test('a key created in another account\'s stack', () => {
    const app = new App();
    const replicaStack = new Stack(app, 'ReplicaStack', { env: OTHER_ACCOUNT_ENV });
    const replica = new ReplicaBucket(replicaStack, 'UploadsReplica');
    const stack = new Stack(app, 'SourceStack', { env: SOURCE_ENV });
    expect(() => new ReplicatedBucket(stack, 'Uploads', { destinations: [{ bucket: replica.bucket, account: '222222222222' }] })).toThrow(new Error(
      "`destinations[0].encryptionKey` is a key created in another account's stack (ReplicaStack/UploadsReplica/Key); its ARN is assigned when that stack deploys. " +
      "Deploy the destination first and import the key here with kms.Key.fromKeyArn() (ReplicaBucket's `exportArns` prints it)."),
    );
    expect(stack.node.tryFindChild('Uploads')).toBeUndefined();
  });
});
