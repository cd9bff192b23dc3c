import { CfnResource } from 'aws-cdk-lib';
import { isReasonGiven, MIN_REASON_LENGTH } from '../private/nag-packs';

/** Template metadata that cfn-guard rule sets following the Guard Rules Registry convention read to skip a resource. */
const GUARD_METADATA_KEY = 'guard';
/** Where the reason for each acknowledged control is kept, beside the ids cfn-guard reads. */
const REASONS_METADATA_KEY = 'cdk_paved_road_controls';
const CONTROL_ID = /^CT\.[A-Z0-9]+\.PR\.\d+$/;

/**
 * Acknowledgments of AWS Control Tower proactive controls (the cfn-guard rules
 * that `@cdklabs/cdk-validator-cfnguard` runs offline), for a resource that
 * deliberately does not meet one. They are written into the resource's
 * template metadata:
 *
 * - `guard.SuppressedRules`: the control ids, the convention of the AWS Guard
 *   Rules Registry. The Control Tower rules bundled with the plugin do not
 *   read it themselves, so a checker filters its findings with it, as this
 *   project's CI does;
 * - `cdk_paved_road_controls`: each control's reason.
 *
 * Nothing here changes what the resource does.
 */
export class ControlTowerAcknowledgments {
  /**
   * Records that `resource` does not meet `controlId` (such as `CT.S3.PR.9`)
   * for `reason`, which names the real constraint.
   *
   * @param resource the CloudFormation resource
   * @param controlId the control's id, `CT.<SERVICE>.PR.<n>`
   * @param reason why the resource cannot meet the control; at least 10 characters
   */
  public static add(resource: CfnResource, controlId: string, reason: string): void {
    if (!CONTROL_ID.test(controlId)) {
      throw new Error(`\`controlId\` must be an AWS Control Tower proactive control id such as 'CT.S3.PR.9', got: '${controlId}'.`);
    }
    if (!isReasonGiven(reason)) {
      throw new Error(`The acknowledgment of ${controlId} on ${resource.node.path} needs a reason of at least ${MIN_REASON_LENGTH} characters, got: '${reason}'.`);
    }
    const guard = resource.getMetadata(GUARD_METADATA_KEY) ?? {};
    const suppressed: string[] = guard.SuppressedRules ?? [];
    resource.addMetadata(GUARD_METADATA_KEY, { ...guard, SuppressedRules: suppressed.includes(controlId) ? suppressed : [...suppressed, controlId] });
    resource.addMetadata(REASONS_METADATA_KEY, { ...(resource.getMetadata(REASONS_METADATA_KEY) ?? {}), [controlId]: reason });
  }

  /**
   * The controls acknowledged on `resource`, by id, with their reasons.
   *
   * @param resource the CloudFormation resource
   */
  public static of(resource: CfnResource): { [controlId: string]: string } {
    return { ...(resource.getMetadata(REASONS_METADATA_KEY) ?? {}) };
  }

  private constructor() {}
}
