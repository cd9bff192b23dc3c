import { CfnResource } from 'aws-cdk-lib';

/** Marks a boundary's policy, so that least-privilege checks know it is a ceiling, not a grant. */
export const PERMISSIONS_BOUNDARY_POLICY = Symbol.for('cdk-paved-road.PermissionsBoundaryPolicy');

/** Marks a policy of the library whose `Resource: '*'` findings for some actions `LeastPrivilegeChecks` accepts, and why. */
export const ACCEPTED_LEAST_PRIVILEGE_FINDINGS = Symbol.for('cdk-paved-road.AcceptedLeastPrivilegeFindings');

/** What the library accepts on one of its own policies. */
export interface AcceptedLeastPrivilegeFindings {
  /** The actions that may have `Resource: '*'`. */
  readonly actions: string[];
  readonly reason: string;
}

/**
 * Lets `LeastPrivilegeChecks` accept `Resource: '*'` for `actions` on
 * `policy`, with `reason`: the one exception the library makes itself, for
 * actions AWS offers no narrower resource for.
 */
export function acceptLeastPrivilegeFindings(policy: CfnResource, actions: string[], reason: string): void {
  (policy as any)[ACCEPTED_LEAST_PRIVILEGE_FINDINGS] = { actions, reason } satisfies AcceptedLeastPrivilegeFindings;
}
