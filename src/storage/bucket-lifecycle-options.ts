import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * How long versions live and what locks them: shared by `ReplicatedBucketProps`
 * and `ReplicaBucketProps`.
 */
export interface BucketLifecycleOptions {
  /**
   * Where the bucket's server access logs go. An imported bucket must already
   * let `logging.s3.amazonaws.com` write to it.
   *
   * @default - a new hardened access-log bucket (versioned, SSE-S3, TLS-only, public access blocked)
   */
  readonly logBucket?: s3.IBucket;

  /**
   * Days after which noncurrent versions move to `noncurrentVersionStorageClass`.
   *
   * @default 30
   */
  readonly noncurrentVersionTransitionDays?: number;

  /**
   * Days after which noncurrent versions expire. Must be greater than
   * `noncurrentVersionTransitionDays`.
   *
   * @default 365
   */
  readonly noncurrentVersionExpirationDays?: number;

  /**
   * The colder storage class noncurrent versions move to.
   *
   * @default s3.StorageClass.GLACIER_INSTANT_RETRIEVAL
   */
  readonly noncurrentVersionStorageClass?: s3.StorageClass;

  /**
   * A default object lock retention, in governance or compliance mode. Object
   * lock itself is always enabled (S3 lets it be enabled only when a bucket is
   * created, and a replica needs it when its source has it), but nothing is
   * locked unless a retention is set here or per object.
   *
   * @default - object lock enabled, no default retention
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;
}
