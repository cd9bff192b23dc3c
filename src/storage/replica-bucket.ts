import { CfnOutput, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import {
  createAccessLogBucket,
  validateLogBucket,
  createBucketKey,
  createHardenedBucket,
  NAME_IF_REFERENCED_ELSEWHERE,
  replicaPolicyStatements,
  resolveNoncurrentLifecycle,
} from './bucket-hardening';
import { BucketLifecycleOptions } from './bucket-lifecycle-options';
import { acknowledgeNagRules } from '../core/acknowledge';
import { IMonitored } from '../monitoring/monitored';
import { bucketStorageGraphs, graphWidgets } from '../private/monitoring-widgets';
import { ruleIds } from '../private/nag-packs';

/**
 * Properties of a `ReplicaBucket`.
 */
export interface ReplicaBucketProps extends BucketLifecycleOptions {
  /**
   * The key that encrypts the replicas (SSE-KMS with bucket keys).
   *
   * @default - a new customer-managed key with rotation on, in this bucket's region and account
   */
  readonly encryptionKey?: kms.IKey;


  /**
   * Add stack outputs with the bucket ARN and the key ARN, which the source
   * account needs for a cross-account destination.
   *
   * @default false
   */
  readonly exportArns?: boolean;
}

/** Replica buckets by their bucket, so a ReplicatedBucket can tell its destination is one. */
const REPLICA_BY_BUCKET = new WeakMap<IConstruct, ReplicaBucket>();

/**
 * A hardened, versioned, KMS-encrypted replication destination. Build it in
 * the same stack as the source, in a stack of another region, or in a stack of
 * another account, and pass `replica.bucket` (and, across accounts, its key
 * ARN) to a `ReplicatedBucket`.
 *
 * Its bucket name is generated only when a stack in another region or account
 * refers to it, so CDK can put the literal ARN in that stack.
 */
export class ReplicaBucket extends Construct implements IMonitored {
  /**
   * The ReplicaBucket that owns `bucket`, if any.
   * @internal
   */
  public static _ofBucket(bucket: s3.IBucket): ReplicaBucket | undefined {
    return REPLICA_BY_BUCKET.get(bucket);
  }

  /** The destination bucket. */
  public readonly bucket: s3.IBucket;

  /** The key that encrypts the replicas. */
  public readonly encryptionKey: kms.IKey;

  /** The bucket that receives this bucket's server access logs. */
  public readonly logBucket: s3.IBucket;

  private readonly allowedSourceRoles: Set<string>;

  /**
   * @param scope the construct to add the replica to; its stack decides the region and account
   * @param id the construct id
   * @param props all optional
   */
  constructor(scope: Construct, id: string, props: ReplicaBucketProps = {}) {
    const lifecycle = resolveNoncurrentLifecycle(props);
    validateLogBucket(props.logBucket);
    super(scope, id);
    this.allowedSourceRoles = new Set();

    this.encryptionKey = props.encryptionKey ?? createBucketKey(this, 'Key', `Encrypts the replicas in ${this.node.path}`);
    this.logBucket = props.logBucket ?? createAccessLogBucket(this, 'AccessLogBucket');
    const bucket = createHardenedBucket(this, 'Resource', {
      encryptionKey: this.encryptionKey,
      logBucket: this.logBucket,
      lifecycle,
      objectLockRetention: props.objectLockRetention,
      bucketName: NAME_IF_REFERENCED_ELSEWHERE,
    });
    acknowledgeNagRules(bucket.node.defaultChild as s3.CfnBucket, ...REPLICA_ACKNOWLEDGMENTS);
    this.bucket = bucket;
    REPLICA_BY_BUCKET.set(bucket, this);

    if (props.exportArns) {
      new CfnOutput(this, 'BucketArn', { value: bucket.bucketArn, description: `ARN of the replica bucket ${this.node.path}` });
      new CfnOutput(this, 'KeyArn', { value: this.encryptionKey.keyArn, description: `ARN of the key of the replica bucket ${this.node.path}` });
    }
  }

  /**
   * Lets a replication role of another account write replicas here: adds the
   * bucket policy and (when this construct created the key) the key policy the
   * destination account must have. A role of this bucket's own account needs
   * neither; its IAM policy is enough.
   *
   * The grants name the source account as principal and pin the role with an
   * `aws:PrincipalArn` condition, so they can be deployed before the role exists.
   *
   * @param sourceRole the replication role, for example `ReplicatedBucket.replicationRole`
   */
  public allowReplicationFrom(sourceRole: iam.IRole): void {
    const sourceAccount = sourceRole.env.account;
    const sameAccount = Token.compareStrings(sourceAccount, Stack.of(this).account) === TokenComparison.SAME;
    if (sameAccount) {
      return;
    }
    const key = `${sourceAccount}/${sourceRole.node.path}`;
    if (this.allowedSourceRoles.has(key)) {
      return;
    }
    this.allowedSourceRoles.add(key);

    const statements = replicaPolicyStatements({
      sourceAccount,
      sourceRoleArn: sourceRole.roleArn,
      bucketArn: this.bucket.bucketArn,
      objectsArn: this.bucket.arnForObjects('*'),
    });
    for (const statement of statements.bucket) {
      this.bucket.addToResourcePolicy(statement);
    }
    if (this.encryptionKey instanceof kms.Key) {
      this.encryptionKey.addToResourcePolicy(statements.key);
    }
  }

  /** A replica has no alarms: the source's `ReplicatedBucket` alarms on replication. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [];
  }

  /** The replica's size and object count (S3's daily storage metrics). */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    return graphWidgets(this, bucketStorageGraphs(this.bucket));
  }
}

const REPLICA_ACKNOWLEDGMENTS = ruleIds('S3BucketReplicationEnabled').map((id) => ({
  id,
  reason: 'This bucket is itself a replication destination, the second copy of its source; replicating it onward would chain copies without end.',
}));
