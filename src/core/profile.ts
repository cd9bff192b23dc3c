import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

const CONTEXT_KEY = 'cdk-paved-road:profile';

/**
 * A deployment profile: one switch that trades cost against resilience in the
 * same way across every construct of the library. `DEVELOPMENT` runs fewer and
 * smaller things; `PRODUCTION` (the default) runs the resilient shape. Security controls do not vary: encryption, TLS,
 * public access blocks, boundaries and deletion protection are the same in both.
 *
 * Explicit props always win over the profile.
 */
export class Profile {
  /** Fewer NAT gateways and readers, smaller instances, no replication time control, a lower WAF rate limit. */
  public static readonly DEVELOPMENT = new Profile('development');

  /** One NAT gateway per AZ, two Aurora readers, production instance sizes. */
  public static readonly PRODUCTION = new Profile('production');

  /**
   * The profile in force for `scope`: the context value `cdk-paved-road:profile`
   * (`development` or `production`, for example `cdk synth -c cdk-paved-road:profile=development`),
   * or `PRODUCTION` when it is not set.
   */
  public static of(scope: IConstruct): Profile {
    const value = scope.node.tryGetContext(CONTEXT_KEY);
    if (value === undefined) {
      return Profile.PRODUCTION;
    }
    const profile = [Profile.DEVELOPMENT, Profile.PRODUCTION].find((p) => p.name === value);
    if (!profile) {
      throw new Error(`The \`${CONTEXT_KEY}\` context must be 'development' or 'production', got: '${value}'.`);
    }
    return profile;
  }

  /**
   * Sets the profile for everything that will be added under `scope` (an app,
   * a stage or a stack). Call it before adding constructs: context cannot be
   * set on a scope that has children.
   */
  public static setFor(scope: IConstruct, profile: Profile): void {
    scope.node.setContext(CONTEXT_KEY, profile.name);
  }

  /** The profile's name, as used in the `cdk-paved-road:profile` context. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** Whether this is `PRODUCTION`. */
  public get isProduction(): boolean {
    return this === Profile.PRODUCTION;
  }
}

/**
 * How long the library's log groups keep their events unless told otherwise,
 * in both profiles: a year, the least that AWS Control Tower's proactive
 * control CT.CLOUDWATCH.PR.2 accepts, so that a deployment into an account
 * that enforces it is not refused. The cost of keeping development logs is
 * small next to a refused deployment.
 */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
