/** Marks a boundary's policy, so that least-privilege checks know it is a ceiling, not a grant. */
export const PERMISSIONS_BOUNDARY_POLICY = Symbol.for('cdk-paved-road.PermissionsBoundaryPolicy');
