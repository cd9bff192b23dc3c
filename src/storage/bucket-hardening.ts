/**
 * What every bucket of this library shares: the hardened defaults, the access
 * log bucket, the lifecycle rules and their validation. Internal; the public
 * constructs are ReplicatedBucket and ReplicaBucket.
 */
import { Duration, PhysicalName, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeNagRules } from '../core/acknowledge';
import { ControlTowerAcknowledgments } from '../core/control-tower-acknowledgments';
import { createRotatingKey } from '../core/encryption';
import { NagAcknowledgment } from '../core/nag-acknowledgment';
import { hasBucketNotificationsResource } from '../private/cdk-internals';
import { ruleIds } from '../private/nag-packs';

export const ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;
export const DEFAULT_NONCURRENT_TRANSITION_DAYS = 30;
export const DEFAULT_NONCURRENT_EXPIRATION_DAYS = 365;
export const DEFAULT_NONCURRENT_STORAGE_CLASS = s3.StorageClass.GLACIER_INSTANT_RETRIEVAL;
export const ACCESS_LOGS_PREFIX = 's3-access-logs/';
export const LOG_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;

/** The lifecycle of noncurrent versions, shared by source and replica buckets. */
export interface NoncurrentVersionLifecycle {
  readonly transitionDays: number;
  readonly expirationDays: number;
  readonly storageClass: s3.StorageClass;
}

/**
 * Checks the noncurrent-version lifecycle props and fills in the defaults.
 * Throws with the prop names and values when they contradict each other.
 */
export function resolveNoncurrentLifecycle(props: {
  noncurrentVersionTransitionDays?: number;
  noncurrentVersionExpirationDays?: number;
  noncurrentVersionStorageClass?: s3.StorageClass;
}): NoncurrentVersionLifecycle {
  const transitionDays = props.noncurrentVersionTransitionDays ?? DEFAULT_NONCURRENT_TRANSITION_DAYS;
  const expirationDays = props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_EXPIRATION_DAYS;
  const storageClass = props.noncurrentVersionStorageClass ?? DEFAULT_NONCURRENT_STORAGE_CLASS;
  for (const [prop, days] of [['noncurrentVersionTransitionDays', transitionDays], ['noncurrentVersionExpirationDays', expirationDays]] as const) {
    if (!Number.isInteger(days) || days < 1) {
      throw new Error(`\`${prop}\` must be a whole number of days, at least 1, got: ${days}.`);
    }
  }
  const infrequentAccess = [s3.StorageClass.INFREQUENT_ACCESS.value, s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS.value];
  if (infrequentAccess.includes(storageClass.value) && transitionDays < 30) {
    throw new Error(`\`noncurrentVersionTransitionDays\` must be at least 30 for ${storageClass.value} (an S3 minimum), got: ${transitionDays}.`);
  }
  if (expirationDays <= transitionDays) {
    throw new Error(
      `\`noncurrentVersionExpirationDays\` (${expirationDays}) must be greater than \`noncurrentVersionTransitionDays\` (${transitionDays}): ` +
      'noncurrent versions would expire before they move to the colder storage class.',
    );
  }
  return { transitionDays, expirationDays, storageClass };
}

export function lifecycleRules(lifecycle: NoncurrentVersionLifecycle): s3.LifecycleRule[] {
  return [{
    id: 'NoncurrentVersionsAndIncompleteUploads',
    enabled: true,
    abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS),
    noncurrentVersionTransitions: [{ storageClass: lifecycle.storageClass, transitionAfter: Duration.days(lifecycle.transitionDays) }],
    noncurrentVersionExpiration: Duration.days(lifecycle.expirationDays),
  }];
}

/** A customer-managed key with rotation on, kept when the stack is deleted. */
export const createBucketKey = createRotatingKey;

/**
 * Object lock on, with the bucket's own `ObjectLockConfiguration` even when
 * there is no default retention: the L2 only writes one with a retention, and
 * cdk-nag (NIST 800-53 rev 4) looks for it.
 */
export function declareObjectLock(bucket: s3.Bucket): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  cfn.objectLockConfiguration = cfn.objectLockConfiguration ?? { objectLockEnabled: 'Enabled' };
}

/**
 * A data bucket with every hardened default (see `hardenedBucketProps`), its
 * access logs sent to `logBucket`, and object lock declared.
 */
export function createHardenedBucket(
  scope: Construct,
  id: string,
  options: Parameters<typeof hardenedBucketProps>[0] & { logBucket: s3.IBucket },
): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, hardenedBucketProps(options));
  sendAccessLogs(bucket, options.logBucket);
  sendEventsToEventBridge(bucket);
  declareObjectLock(bucket);
  return bucket;
}

/**
 * The settings every data bucket of the library gets: versioned, all public
 * access blocked, ACLs off, TLS 1.2+ only, object lock enabled (retention only
 * when asked for), and RETAIN. Access logs are added by `sendAccessLogs`.
 */
export function hardenedBucketProps(options: {
  encryptionKey?: kms.IKey;
  lifecycle: NoncurrentVersionLifecycle;
  objectLockRetention?: s3.ObjectLockRetention;
  bucketName?: string;
}): s3.BucketProps {
  return {
    bucketName: options.bucketName,
    versioned: true,
    encryption: options.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: options.encryptionKey ? true : undefined,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    lifecycleRules: lifecycleRules(options.lifecycle),
    // Object lock without a default retention changes nothing until a retention
    // is set, and it can only be turned on when the bucket is created.
    objectLockEnabled: true,
    objectLockDefaultRetention: options.objectLockRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

export const LOG_BUCKET_ACKNOWLEDGMENTS: NagAcknowledgment[] = [
  {
    id: 'NIST.800.53.R4-S3BucketDefaultLockEnabled',
    reason: 'S3 does not deliver server access logs to a bucket with Object Lock (S3 User Guide, Object Lock considerations); ' +
      'this bucket denies deleting log objects in its bucket policy instead, and keeps noncurrent versions for 90 days.',
  },
  ...ruleIds('S3DefaultEncryptionKMS', ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']).map((id) => ({
    id,
    reason: 'S3 server access log delivery supports only SSE-S3 (AES256) default encryption on the target bucket; with SSE-KMS the logs would silently stop arriving.',
  })),
  ...ruleIds('S3BucketReplicationEnabled').map((id) => ({
    id,
    reason: 'This bucket holds the access logs of the bucket beside it. Replicating it would need another logged, replicated bucket, and so on without end.',
  })),
];

/** The AWS Control Tower proactive controls an access-log bucket cannot meet, with why. */
const LOG_BUCKET_CONTROLS: Record<string, string> = {
  'CT.S3.PR.2': 'This bucket receives the access logs of the bucket beside it; logging it would need another log bucket, and so on without end.',
  'CT.S3.PR.9': LOG_BUCKET_ACKNOWLEDGMENTS[0].reason,
  'CT.S3.PR.10': LOG_BUCKET_ACKNOWLEDGMENTS[1].reason,
};

/**
 * A bucket that only receives S3 server access logs: versioned, SSE-S3 (the
 * only encryption log delivery supports), TLS-only, public access blocked,
 * noncurrent versions expired, RETAIN. No Object Lock: "S3 buckets with
 * Object Lock can't be used as destination buckets for server access logs"
 * (S3 User Guide, Object Lock considerations). Its bucket policy denies
 * deleting log objects or their versions to every principal instead; the
 * lifecycle rule, which S3 applies itself, still expires noncurrent versions.
 */
export function createAccessLogBucket(scope: Construct, id: string, bucketName?: string): s3.Bucket {
  const logBucket = new s3.Bucket(scope, id, {
    bucketName,
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    lifecycleRules: [{
      id: 'NoncurrentLogVersions',
      enabled: true,
      abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS),
      noncurrentVersionExpiration: Duration.days(LOG_NONCURRENT_VERSION_EXPIRATION_DAYS),
    }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  logBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyDeletingLogs',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    resources: [logBucket.arnForObjects('*')],
  }));
  acknowledgeNagRules(logBucket.node.defaultChild as s3.CfnBucket, ...LOG_BUCKET_ACKNOWLEDGMENTS);
  for (const [control, reason] of Object.entries(LOG_BUCKET_CONTROLS)) {
    ControlTowerAcknowledgments.add(logBucket.node.defaultChild as s3.CfnBucket, control, reason);
  }
  sendEventsToEventBridge(logBucket);
  return logBucket;
}

/**
 * Sends every event of `bucket` to Amazon EventBridge (S3 User Guide, "Using
 * EventBridge"), set on the bucket itself rather than through aws-cdk-lib's
 * notifications custom resource, which brings a Lambda function and an AWS
 * managed policy. Consumers route the events with EventBridge rules. An
 * `addEventNotification()` on the bucket would replace this configuration
 * through that custom resource when it deploys, so it fails synth instead.
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  cfn.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  bucket.node.addValidation({
    validate: () => !hasBucketNotificationsResource(bucket) ? [] : [
      `${bucket.node.path} sends its events to Amazon EventBridge, and addEventNotification() would replace that configuration when it deploys. ` +
      'Route the events with an EventBridge rule instead (source aws.s3, detail.bucket.name the bucket\'s name), such as an events.Rule with an SQS, SNS or Lambda target.',
    ],
  });
}


/**
 * A `logBucket` given by the user must accept log delivery: a bucket of this
 * app with Object Lock never receives server access logs (S3 User Guide,
 * Object Lock considerations). Imported buckets cannot be checked.
 */
export function validateLogBucket(logBucket: s3.IBucket | undefined): void {
  const cfn = logBucket?.node.defaultChild;
  if (cfn instanceof s3.CfnBucket && (cfn.objectLockEnabled === true || cfn.objectLockConfiguration !== undefined)) {
    throw new Error(`\`logBucket\` (${logBucket!.node.path}) has Object Lock, and S3 does not deliver server access logs to a bucket with Object Lock. ` +
      'Give a bucket without it, or leave `logBucket` out to get one.');
  }
}

/**
 * Sends `bucket`'s server access logs to `logBucket` under a prefix of its own.
 *
 * The logging configuration is set on the L1 and delivery is granted by bucket
 * policy here, because the L2 falls back to a LogDeliveryWrite ACL (which
 * bucket-owner-enforced ownership forbids) unless a feature flag is set.
 * An imported log bucket must already allow `logging.s3.amazonaws.com`.
 */
export function sendAccessLogs(bucket: s3.Bucket, logBucket: s3.IBucket): void {
  const prefix = `${ACCESS_LOGS_PREFIX}${bucket.node.path}/`;
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: logBucket.bucketName,
    logFilePrefix: prefix,
  };
  logBucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [logBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': bucket.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
    },
  }));
}

/**
 * The destination-side grants for a cross-account replication role. Shared by
 * ReplicaBucket (which applies them) and ReplicatedBucket (which hands them to
 * the owner of an imported destination).
 */
export function replicaPolicyStatements(options: { sourceAccount: string; sourceRoleArn: string; bucketArn: string; objectsArn: string }) {
  const principals = [new iam.AccountPrincipal(options.sourceAccount)];
  const conditions = { ArnEquals: { 'aws:PrincipalArn': options.sourceRoleArn } };
  return {
    bucket: [
      new iam.PolicyStatement({
        sid: 'ReplicateObjectsFromSourceAccount',
        principals,
        actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'],
        resources: [options.objectsArn],
        conditions,
      }),
      new iam.PolicyStatement({
        sid: 'CheckVersioningFromSourceAccount',
        principals,
        actions: ['s3:GetBucketVersioning', 's3:PutBucketVersioning', 's3:ListBucket'],
        resources: [options.bucketArn],
        conditions,
      }),
    ],
    key: new iam.PolicyStatement({
      sid: 'EncryptReplicasFromSourceAccount',
      principals,
      actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions,
    }),
  };
}

/** Generated only when another environment refers to the bucket. */
export const NAME_IF_REFERENCED_ELSEWHERE = PhysicalName.GENERATE_IF_NEEDED;
