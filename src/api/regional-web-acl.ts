import { ArnFormat, Duration, Fn, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { IMonitored } from '../monitoring/monitored';
import { graphWidgets } from '../private/monitoring-widgets';
import { uniquePhysicalName } from '../private/physical-name';
import { createRetainedLogGroup } from '../private/retained-log-group';

/** AWS managed rule groups that every paved-road web ACL evaluates, in order. */
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

/**
 * Headers that carry credentials. WAF logs every request header unless told
 * otherwise, and a log group is no place for signatures, tokens or cookies.
 */
const REDACTED_HEADERS = ['authorization', 'cookie', 'x-amz-security-token'];

export interface RegionalWebAclProps {
  readonly requestsPerIpPer5Minutes: number;
  readonly logEncryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * A REGIONAL web ACL with AWS managed rule groups and a rate-based rule,
 * logged (with credentials redacted) to a KMS-encrypted log group.
 */
export class RegionalWebAcl extends Construct implements IMonitored {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RegionalWebAclProps) {
    super(scope, id);
    const metricPrefix = Names.uniqueResourceName(this, { maxLength: 200, separator: '-' });
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    const managedRules: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, priority) => ({
      name,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(`${metricPrefix}-${name}`),
    }));
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerClientIp',
      priority: MANAGED_RULE_GROUPS.length,
      statement: {
        rateBasedStatement: { limit: props.requestsPerIpPer5Minutes, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
      },
      action: { block: {} },
      visibilityConfig: visibility(`${metricPrefix}-RateLimitPerClientIp`),
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules: [...managedRules, rateRule],
      visibilityConfig: visibility(metricPrefix),
    });

    // WAF only delivers to log groups whose names start with `aws-waf-logs-`.
    // The group is retained, so its name carries the stack's id: a re-created
    // stack would otherwise collide with the group its predecessor left.
    this.logGroup = createRetainedLogGroup(this, 'Logs', {
      logGroupName: uniquePhysicalName(this, { prefix: 'aws-waf-logs-', maxLength: 256 }),
      encryptionKey: props.logEncryptionKey,
      options: { retention: props.logRetention },
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group's ARN without the `:*` that LogGroup.logGroupArn ends with.
      logDestinationConfigs: [Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: this.logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
  }

  /** A web ACL has no alarms of its own: a `SecureRestApi` alarms on the requests its web ACL blocks. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [];
  }

  /** Requests allowed and blocked, and those the per-client rate limit blocked. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const metric = (metricName: string, rule: string, label: string) => new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      // The web ACL's `Ref` is `name|id|scope` (https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html names the dimensions).
      dimensionsMap: { WebACL: Fn.select(0, Fn.split('|', this.webAcl.ref)), Region: Stack.of(this).region, Rule: rule },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      label,
    });
    return graphWidgets(this, [
      { title: 'Requests', left: [metric('AllowedRequests', 'ALL', 'Allowed'), metric('BlockedRequests', 'ALL', 'Blocked')] },
      { title: 'Rate limited', left: [metric('BlockedRequests', 'RateLimitPerClientIp', 'Blocked by the rate limit')] },
    ]);
  }
}
