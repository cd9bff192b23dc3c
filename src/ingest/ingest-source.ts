import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { grantWithManagedPolicy } from '../core/managed-policy-grant';
import { sendEventsToEventBridge } from '../storage/bucket-hardening';
import { ReplicatedBucket } from '../storage/replicated-bucket';

/**
 * The bucket an `IngestPipeline` reads new objects from. S3 must send the
 * bucket's events to Amazon EventBridge; the pipeline turns that on for a
 * bucket of this app, and warns for an imported one.
 */
export abstract class IngestSource {
  /** A `ReplicatedBucket`, which already sends its events to EventBridge. */
  public static fromReplicatedBucket(bucket: ReplicatedBucket): IngestSource {
    return new ReplicatedBucketSource(bucket);
  }

  /**
   * Any bucket. For an `s3.Bucket` of this app, the pipeline turns on
   * EventBridge notifications on the bucket itself; an imported bucket's
   * owner must turn them on (synth warns). For a bucket encrypted with a KMS
   * key, import it with `encryptionKey` so the processor may decrypt.
   */
  public static fromBucket(bucket: s3.IBucket): IngestSource {
    return new BucketSource(bucket);
  }

  /** The bucket. */
  public abstract readonly bucket: s3.IBucket;

  /**
   * Turns on EventBridge notifications where it can, and grants reading the
   * objects under `prefix`.
   *
   * @internal
   */
  public abstract _bind(pipeline: Construct, reader: iam.IGrantable, prefix: string): void;
}

class ReplicatedBucketSource extends IngestSource {
  public readonly bucket: s3.IBucket;

  constructor(private readonly replicated: ReplicatedBucket) {
    super();
    this.bucket = replicated.bucket;
  }

  public _bind(_pipeline: Construct, reader: iam.IGrantable, prefix: string): void {
    this.replicated.grantRead(reader, `${prefix}*`);
  }
}

class BucketSource extends IngestSource {
  constructor(public readonly bucket: s3.IBucket) {
    super();
  }

  public _bind(pipeline: Construct, reader: iam.IGrantable, prefix: string): void {
    if (this.bucket instanceof s3.Bucket) {
      const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
      const existing = Stack.of(cfn).resolve(cfn.notificationConfiguration);
      if (existing === undefined) {
        sendEventsToEventBridge(this.bucket);
      } else {
        cfn.notificationConfiguration = { ...existing, eventBridgeConfiguration: { eventBridgeEnabled: true } };
      }
    } else {
      Annotations.of(pipeline).addWarningV2('cdk-paved-road:ingest-source-imported',
        `The source bucket ${this.bucket.node.path} is imported, so the pipeline cannot turn on its Amazon EventBridge notifications. ` +
        'Its owner must turn them on (S3 console: Properties, Event notifications, "Send notifications to Amazon EventBridge"; or ' +
        'PutBucketNotificationConfiguration with EventBridgeConfiguration), or no object will reach the pipeline.');
    }
    const objectReason = 'The objects under the pipeline\'s prefix, whose keys are not known at deployment.';
    let grant = grantWithManagedPolicy(pipeline, reader, ['s3:GetObject', 's3:GetObjectVersion'], [this.bucket.arnForObjects(`${prefix}*`)], {
      objectWildcardReason: objectReason,
    });
    if (this.bucket.encryptionKey) {
      grant = grant.combine(grantWithManagedPolicy(pipeline, reader, ['kms:Decrypt'], [this.bucket.encryptionKey.keyArn], {
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(pipeline).region}.amazonaws.com` } },
      }));
    }
  }
}
