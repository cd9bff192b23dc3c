/** The tag on the trail's key that a `PermissionsBoundary` protecting the trail names (KMS supports `aws:ResourceTag` for ABAC). */
export const AUDIT_TRAIL_TAG = 'cdk-paved-road:audit-trail';

/** The resources of a trail that `PermissionsBoundary.protectAuditTrail()` names, without references to them. */
export interface ProtectedTrailResources {
  readonly bucketArns: string[];
  readonly logGroupArns: string[];
  readonly keyTag: { readonly key: string; readonly value: string };
}
