/**
 * One cdk-nag rule acknowledged on a resource, with the reason the finding is
 * acceptable there: no compliant setting exists, or the compliant setting
 * would surprise users by default (and is then offered as an option).
 */
export interface NagAcknowledgment {
  /**
   * The full rule id, for example `AwsSolutions-VPC3`.
   */
  readonly id: string;

  /**
   * Why the finding is acceptable here. It names the real constraint and must be
   * at least 10 characters long (cdk-nag rejects shorter reasons).
   */
  readonly reason: string;

  /**
   * Limit the acknowledgment to these findings of the rule (for example
   * `Resource::<Bucket.Arn>/*` for AwsSolutions-IAM5), rather than the whole rule.
   *
   * @default - the whole rule
   */
  readonly appliesTo?: string[];
}
