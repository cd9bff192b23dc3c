import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * How a construct keeps the CloudWatch Logs log groups it creates. Every
 * construct of the library that writes logs takes these under `logs`; the
 * groups are always KMS-encrypted and `RETAIN`.
 */
export interface LogOptions {
  /**
   * How long the log groups keep their events. A finite period: logs kept
   * forever grow without bound and outlive their purpose.
   *
   * @default logs.RetentionDays.ONE_YEAR in both profiles, the least that AWS Control Tower's CT.CLOUDWATCH.PR.2 accepts
   */
  readonly retention?: logs.RetentionDays;

  /**
   * The key that encrypts the log groups. A given key must allow CloudWatch
   * Logs to use it for log groups of this account and region.
   *
   * @default - a new customer-managed key with rotation on, or the construct's own key where it has one (see the construct's `logs` prop)
   */
  readonly encryptionKey?: kms.IKey;
}
