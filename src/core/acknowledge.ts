import { CfnResource, Validations } from 'aws-cdk-lib';

/**
 * One cdk-nag rule that a construct of this library acknowledges on a resource
 * it creates, because no compliant setting exists or because the compliant
 * setting would surprise users by default (it is then offered as an option).
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
}

const CDK_NAG_V2_METADATA_KEY = 'cdk_nag';
const MIN_REASON_LENGTH = 10;

/**
 * Records acknowledgments on `resource` so that they hold for users on either
 * cdk-nag major without the library depending on cdk-nag at run time:
 *
 * - cdk-nag 2 reads `cdk_nag.rules_to_suppress` from the resource's CloudFormation metadata;
 * - cdk-nag 3 reads `Validations.of(construct).acknowledge(...)`, which aws-cdk-lib
 *   records as `aws:cdk:acknowledged-rules` construct metadata.
 *
 * Existing `rules_to_suppress` entries (the user's own) are kept.
 */
export function acknowledgeNagRules(resource: CfnResource, ...acknowledgments: NagAcknowledgment[]): void {
  for (const ack of acknowledgments) {
    if (ack.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`The acknowledgment of ${ack.id} on ${resource.node.path} needs a reason of at least ${MIN_REASON_LENGTH} characters, got: '${ack.reason}'.`);
    }
  }

  const existing = resource.getMetadata(CDK_NAG_V2_METADATA_KEY)?.rules_to_suppress ?? [];
  const known = new Set(existing.map((rule: { id: string }) => rule.id));
  const added = acknowledgments.filter((ack) => !known.has(ack.id)).map((ack) => ({ id: ack.id, reason: ack.reason }));
  resource.addMetadata(CDK_NAG_V2_METADATA_KEY, { rules_to_suppress: [...existing, ...added] });

  Validations.of(resource).acknowledge(...acknowledgments.map((ack) => ({ id: ack.id, reason: ack.reason })));
}
