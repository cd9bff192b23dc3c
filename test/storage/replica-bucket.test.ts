import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReplicaBucket, ReplicaBucketProps } from '../../src';
import { expectCompliant } from '../compliance';

function build(props?: ReplicaBucketProps, env?: { account: string; region: string }) {
  const stack = new Stack(new App(), 'ReplicaStack', { env });
  const replica = new ReplicaBucket(stack, 'Replica', props);
  return { stack, replica, template: Template.fromStack(stack) };
}

function replicaBucketResource(template: Template): any {
  const buckets = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([id]) => /^Replica[0-9A-F]{8}$/.test(id));
  expect(buckets).toHaveLength(1);
  return buckets[0][1];
}

describe('ReplicaBucket defaults', () => {
  test('versioned, SSE-KMS with its own rotating key, public access blocked, ACLs off, TLS only', () => {
    const { template, replica } = build();
    const bucket = replicaBucketResource(template);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^ReplicaKey/), 'Arn'] } },
    }]);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^Replica[0-9A-F]{8}$') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(replica.encryptionKey).toBeInstanceOf(kms.Key);
  });

  test('object lock enabled, access logs to its own log bucket, retained, and no replication of its own', () => {
    const { template } = build();
    const bucket = replicaBucketResource(template);
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled' });
    expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.stringMatching(/^ReplicaAccessLogBucket/) });
    expect(bucket.Properties.ReplicationConfiguration).toBeUndefined();
    expect(bucket.DeletionPolicy).toEqual('Retain');
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });

  test('has no fixed name until another environment refers to it', () => {
    expect(replicaBucketResource(build().template).Properties.BucketName).toBeUndefined();
  });

  test('exportArns adds outputs with the bucket and key ARNs', () => {
    const { template } = build({ exportArns: true });
    template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Replica[0-9A-F]{8}$'), 'Arn'] } });
    template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReplicaKey'), 'Arn'] } });
  });

  test('a given key, log bucket, lifecycle and object lock retention', () => {
    const stack = new Stack(new App(), 'ReplicaStack');
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    const logBucket = new s3.Bucket(stack, 'GivenLogs');
    new ReplicaBucket(stack, 'Replica', {
      encryptionKey: key,
      logBucket,
      noncurrentVersionTransitionDays: 10,
      noncurrentVersionExpirationDays: 20,
      objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(7)),
    });
    const bucket = replicaBucketResource(Template.fromStack(stack));
    expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.stringMatching(/^GivenLogs/) });
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 7 } } });
    expect(bucket.Properties.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 20 });
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);
  });
});

describe('ReplicaBucket.allowReplicationFrom', () => {
  function roleIn(account: string) {
    const stack = new Stack(new App(), 'RoleStack', { env: { account, region: 'us-east-1' } });
    return iam.Role.fromRoleArn(stack, 'Role', `arn:aws:iam::${account}:role/replication`, { mutable: false });
  }

  test('a role of the same account needs nothing on the destination', () => {
    const { stack, replica } = build({}, { account: '111111111111', region: 'us-east-1' });
    replica.allowReplicationFrom(roleIn('111111111111'));
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy')) as any[];
    expect(JSON.stringify(policy)).not.toContain('ReplicateObjectsFromSourceAccount');
  });

  test('a role of another account gets bucket and key grants, once', () => {
    const stack = new Stack(new App(), 'ReplicaStack', { env: { account: '222222222222', region: 'us-east-1' } });
    const replica = new ReplicaBucket(stack, 'Replica');
    const role = roleIn('111111111111');
    replica.allowReplicationFrom(role);
    replica.allowReplicationFrom(role);
    const template = Template.fromStack(stack);
    const statements = (Object.values(template.findResources('AWS::S3::BucketPolicy')) as any[]).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.filter((s) => s.Sid === 'ReplicateObjectsFromSourceAccount')).toHaveLength(1);
    expect(statements.find((s) => s.Sid === 'ReplicateObjectsFromSourceAccount').Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/replication' },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'EncryptReplicasFromSourceAccount', Action: ['kms:Encrypt', 'kms:GenerateDataKey'] })]) },
    });
  });
});

describe('ReplicaBucket compliance', () => {
  test('default: zero open findings across all six cdk-nag packs', () => {
    const report = expectCompliant(build().stack);
    expect([...new Set(report.acknowledgments.map((a) => a.ruleId))].sort()).toEqual([
      'HIPAA.Security-S3BucketReplicationEnabled',
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'NIST.800.53.R4-S3BucketDefaultLockEnabled',
      'NIST.800.53.R4-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'PCI.DSS.321-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3DefaultEncryptionKMS',
    ]);
  });

  test('maximal configuration, with a cross-account grant: zero open findings', () => {
    const stack = new Stack(new App(), 'ReplicaStack', { env: { account: '222222222222', region: 'us-east-1' } });
    const key = new kms.Key(stack, 'GivenKey', { enableKeyRotation: true });
    const replica = new ReplicaBucket(stack, 'Replica', {
      encryptionKey: key,
      noncurrentVersionTransitionDays: 60,
      noncurrentVersionExpirationDays: 120,
      noncurrentVersionStorageClass: s3.StorageClass.DEEP_ARCHIVE,
      objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(365)),
      exportArns: true,
    });
    const roleStack = new Stack(stack.node.root as App, 'RoleStack', { env: { account: '111111111111', region: 'us-east-1' } });
    replica.allowReplicationFrom(iam.Role.fromRoleArn(roleStack, 'Role', 'arn:aws:iam::111111111111:role/replication', { mutable: false }));
    expectCompliant(stack);
  });
});

describe('ReplicaBucket bad input', () => {
  test('lifecycle days that contradict each other', () => {
    const stack = new Stack(new App(), 'ReplicaStack');
    expect(() => new ReplicaBucket(stack, 'Replica', { noncurrentVersionTransitionDays: 30, noncurrentVersionExpirationDays: 30 })).toThrow(new Error(
      '`noncurrentVersionExpirationDays` (30) must be greater than `noncurrentVersionTransitionDays` (30): noncurrent versions would expire before they move to the colder storage class.'),
    );
    expect(stack.node.tryFindChild('Replica')).toBeUndefined();
  });
});
