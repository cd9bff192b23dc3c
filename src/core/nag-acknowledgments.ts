import { CfnResource } from 'aws-cdk-lib';
import { acknowledgeNagRules } from './acknowledge';
import { NagAcknowledgment } from './nag-acknowledgment';

/**
 * Acknowledgments of cdk-nag rules on your own resources, written the way this
 * library writes its own: read by cdk-nag 2 (the `cdk_nag.rules_to_suppress`
 * template metadata, as `NagSuppressions` writes it) and by cdk-nag 3 (the
 * `Validations` acknowledgment metadata), on every aws-cdk-lib release in the
 * peer range, without importing either cdk-nag major.
 *
 * A granular finding (`appliesTo`, such as `Resource::*` for
 * `AwsSolutions-IAM5`) is recorded under the id cdk-nag 3 gives it
 * (`AwsSolutions-IAM5[Resource::*]`), which `Validations.acknowledge()`
 * itself refuses or records differently across aws-cdk-lib releases.
 */
export class NagAcknowledgments {
  /**
   * Acknowledges each rule (or each of its findings listed in `appliesTo`) on
   * `resource`, with its reason.
   *
   * @param resource the CloudFormation resource (`construct.node.defaultChild`)
   * @param acknowledgments the rules, each with a reason of at least 10 characters
   */
  public static add(resource: CfnResource, acknowledgments: NagAcknowledgment[]): void {
    acknowledgeNagRules(resource, ...acknowledgments);
  }

  private constructor() {}
}
