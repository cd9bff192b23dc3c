/**
 * SecurityAlarms: the CloudWatch.1 to CloudWatch.14 controls of AWS Security
 * Hub (the CloudWatch section of the CIS AWS Foundations Benchmark), each with
 * the filter pattern Security Hub publishes, and the metric filter and alarm
 * an AuditTrail creates for each on its log group.
 */
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { AlarmTopic, AuditTrail, SecurityAlarms } from '../../src';

const ENV = { account: '123456789012', region: 'eu-west-1' };

/**
 * The pattern of each control, copied verbatim from the remediation of the
 * control ("Copy the following pattern and then paste it into the Filter
 * Pattern field"), uneven spacing included: Security Hub fails the control
 * "if the exact metric filters prescribed by CIS are not used. Additional
 * fields or terms cannot be added to the metric filters."
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 * (source text: https://github.com/awsdocs/aws-security-hub-user-guide/blob/47bfe2f/doc_source/cloudwatch-controls.md)
 */
const PUBLISHED_PATTERNS: Array<[string, string]> = [
  [
    'CloudWatch.1',
    '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  ],
  [
    'CloudWatch.2',
    '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  ],
  [
    'CloudWatch.3',
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes")'
      + ' && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  ],
  [
    'CloudWatch.4',
    '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy)'
      + ' || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy)'
      + ' || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion)'
      + ' || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy)'
      + ' || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy)'
      + ' || ($.eventName=DetachGroupPolicy)}',
  ],
  [
    'CloudWatch.5',
    '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail)'
      + ' || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  ],
  [
    'CloudWatch.6',
    '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  ],
  [
    'CloudWatch.7',
    '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  ],
  [
    'CloudWatch.8',
    '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy)'
      + ' || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication)'
      + ' || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors)'
      + ' || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  ],
  [
    'CloudWatch.9',
    '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)'
      + ' || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel)'
      + ' || ($.eventName=PutConfigurationRecorder))}',
  ],
  [
    'CloudWatch.10',
    '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress)'
      + ' || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress)'
      + ' || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  ],
  [
    'CloudWatch.11',
    '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl)'
      + ' || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry)'
      + ' || ($.eventName=ReplaceNetworkAclAssociation)}',
  ],
  [
    'CloudWatch.12',
    '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway)'
      + ' || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway)'
      + ' || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  ],
  [
    'CloudWatch.13',
    '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute)'
      + ' || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable)'
      + ' || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
  ],
  [
    'CloudWatch.14',
    '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute)'
      + ' || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection)'
      + ' || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection)'
      + ' || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc)'
      + ' || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
  ],
];

const CONTROL_IDS = Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`);

function auditStack(): Stack {
  return new Stack(new App(), 'Audit', { env: ENV });
}

function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

describe('SecurityAlarms.cis()', () => {
  test('has exactly the 14 controls CloudWatch.1 to CloudWatch.14, in order', () => {
    expect(SecurityAlarms.cis().controls.map((control) => control.id)).toEqual(CONTROL_IDS);
  });

  test('the published table of this test covers the same 14 controls, in order', () => {
    expect(PUBLISHED_PATTERNS.map(([id]) => id)).toEqual(CONTROL_IDS);
  });

  test('each control counts into a metric of its own', () => {
    const names = SecurityAlarms.cis().controls.map((control) => control.metricName);
    expect(names.every((name) => /^[A-Za-z0-9]+$/.test(name))).toBe(true);
    expect(new Set(names).size).toBe(14);
  });

  test('the controls are copies: changing those of one cis() changes neither the next nor a trail built after', () => {
    const first = SecurityAlarms.cis();
    (first.controls[0] as { filterPattern: string }).filterPattern = '{ $.eventName = "Anything" }';
    first.controls.pop();
    const second = SecurityAlarms.cis();
    expect(second.controls).toHaveLength(14);
    expect(second.controls[0].filterPattern).toBe(PUBLISHED_PATTERNS[0][1]);
    expect(second.controls[0]).not.toBe(SecurityAlarms.cis().controls[0]);
    const stack = auditStack();
    const trail = new AuditTrail(stack, 'Trail', { trailName: 'audit' });
    expect(trail.securityControls.map((control) => control.filterPattern)).toEqual(PUBLISHED_PATTERNS.map(([, pattern]) => pattern));
  });
});

describe('an AuditTrail with SecurityAlarms.cis()', () => {
  const stack = auditStack();
  const trail = new AuditTrail(stack, 'Trail', { trailName: 'audit', securityAlarms: SecurityAlarms.cis() });
  const template = Template.fromStack(stack);
  const topicRef = { Ref: logicalIdOf(trail.alarmTopic as AlarmTopic) };

  test('has one metric filter and one alarm per control, and one alarm topic', () => {
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    expect(Object.keys(trail.metricFilters)).toEqual(CONTROL_IDS);
  });

  // Security Hub checks the filter on the trail's log group and an alarm on its metric with an SNS action; its remediation
  // sets the alarm to Greater/Equal a threshold of 1: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
  test.each(PUBLISHED_PATTERNS)('%s: the published pattern, a metric filter with exactly it, and an alarm on its metric', (id, pattern) => {
    const control = SecurityAlarms.cis().controls.find((c) => c.id === id)!;
    expect(control.filterPattern).toBe(pattern);

    const filters = Object.entries<any>(template.findResources('AWS::Logs::MetricFilter'))
      .filter(([, filter]) => filter.Properties.FilterPattern === pattern);
    expect(filters.map(([logicalId]) => logicalId)).toEqual([logicalIdOf(trail.metricFilters[id])]);
    const metric = { MetricName: control.metricName, MetricNamespace: 'AuditTrail/audit', MetricValue: '1' };
    expect(filters[0][1]).toEqual({
      Type: 'AWS::Logs::MetricFilter',
      Properties: { FilterPattern: pattern, LogGroupName: { Ref: logicalIdOf(trail.logGroup) }, MetricTransformations: [metric] },
    });

    const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm'))
      .filter((alarm) => alarm.Properties.Namespace === metric.MetricNamespace && alarm.Properties.MetricName === metric.MetricName);
    expect(alarms).toEqual([{
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmDescription: `Audit/Trail: ${id} (${control.requirements}): at least 1 event(s) of ${control.title} within 5 minutes`,
        Namespace: 'AuditTrail/audit',
        MetricName: control.metricName,
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topicRef],
        OKActions: [topicRef],
      },
    }]);
  });
});

describe('an AuditTrail with SecurityAlarms.none()', () => {
  test('SecurityAlarms.none() has no controls', () => {
    expect(SecurityAlarms.none().controls).toEqual([]);
  });

  test('creates no metric filter, no alarm and no alarm topic', () => {
    const stack = auditStack();
    const trail = new AuditTrail(stack, 'Trail', { securityAlarms: SecurityAlarms.none() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    expect(trail.securityControls).toEqual([]);
    expect(trail.metricFilters).toEqual({});
    expect(trail.alarms).toEqual([]);
    expect(trail.alarmTopic).toBeUndefined();
  });
});
