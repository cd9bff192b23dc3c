import * as iam from 'aws-cdk-lib/aws-iam';
import { Profile } from './profile';

/**
 * Options shared by the constructs of this library that create IAM roles or
 * have defaults that depend on the deployment profile.
 */
export interface PavedRoadOptions {
  /**
   * A permissions boundary for the IAM roles this construct creates. It is
   * attached before one applied to a wider scope with
   * `PermissionsBoundary.applyTo()`, which then leaves these roles alone.
   *
   * @default - none, unless a boundary is applied to a scope that holds this construct
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;

  /**
   * The deployment profile, which sets the defaults that trade cost against
   * resilience (see the profile table in the README). Explicit props win.
   *
   * @default - Profile.of(scope): the `cdk-paved-road:profile` context, else Profile.PRODUCTION
   */
  readonly profile?: Profile;
}
