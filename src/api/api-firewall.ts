import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { validateIntegerInRange } from './api-validation';

/**
 * Options for the web ACL that `ApiFirewall.managedRules()` creates.
 */
export interface ManagedRulesFirewallOptions {
  /**
   * Requests that one client IP address may send in any 5-minute window before
   * the rate-based rule blocks it (until its rate falls below the limit).
   *
   * @default - 2000 (PRODUCTION profile), 500 (DEVELOPMENT)
   */
  readonly requestsPerIpPer5Minutes?: number;
}

/** The smallest and largest limits WAF accepts for a rate-based rule. */
const MIN_RATE_LIMIT = 10;
const MAX_RATE_LIMIT = 2_000_000_000;

/**
 * The AWS WAF web ACL that shields a `SecureRestApi`'s stage.
 */
export class ApiFirewall {
  /**
   * A new regional web ACL, logged to a KMS-encrypted log group, that allows
   * requests unless one of these blocks them: the AWS managed rule groups
   * `AWSManagedRulesCommonRuleSet`, `AWSManagedRulesKnownBadInputsRuleSet` and
   * `AWSManagedRulesAmazonIpReputationList`, then a rate-based rule per client IP.
   */
  public static managedRules(options: ManagedRulesFirewallOptions = {}): ApiFirewall {
    validateIntegerInRange('requestsPerIpPer5Minutes', options.requestsPerIpPer5Minutes, MIN_RATE_LIMIT, MAX_RATE_LIMIT);
    return new ApiFirewall({ requestsPerIpPer5Minutes: options.requestsPerIpPer5Minutes });
  }

  /**
   * A web ACL defined in this app, for example one shared by several APIs.
   * It must have the REGIONAL scope; its rules and logging are its owner's.
   */
  public static fromWebAcl(webAcl: wafv2.CfnWebACL): ApiFirewall {
    if (webAcl.scope !== 'REGIONAL') {
      throw new Error(`\`ApiFirewall.fromWebAcl()\` needs a web ACL with scope REGIONAL (API Gateway stages use regional ACLs), got: ${webAcl.scope}.`);
    }
    return new ApiFirewall({ webAclArn: webAcl.attrArn });
  }

  /**
   * A web ACL managed elsewhere, for example by AWS Firewall Manager, by its
   * ARN (`arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`).
   */
  public static fromWebAclArn(webAclArn: string): ApiFirewall {
    return new ApiFirewall({ webAclArn });
  }

  /**
   * The web ACL to associate, when it exists already.
   *
   * @default - a new web ACL is created
   */
  public readonly webAclArn?: string;

  /**
   * The rate-based rule's limit, when a web ACL is created and the limit was given.
   *
   * @default - the profile's limit when a web ACL is created
   */
  public readonly requestsPerIpPer5Minutes?: number;

  private constructor(options: { webAclArn?: string; requestsPerIpPer5Minutes?: number }) {
    this.webAclArn = options.webAclArn;
    this.requestsPerIpPer5Minutes = options.requestsPerIpPer5Minutes;
  }
}
