/**
 * One control of a security benchmark that a metric filter on the trail's
 * log group and an alarm on its metric satisfy.
 */
export interface SecurityControl {
  /** The control's id, such as `CloudWatch.1` (AWS Security Hub). The alarm is overridden by it in `alarms.overrides`. */
  readonly id: string;
  /** What the alarm watches for, such as `usage of the root user`. */
  readonly title: string;
  /** The benchmark requirements the control maps to, such as `CIS 1.2.0 3.3, CIS 1.4.0 1.7, CIS 1.4.0 4.3`. */
  readonly requirements: string;
  /** The CloudWatch Logs metric filter pattern, exactly as published. */
  readonly filterPattern: string;
  /** The name of the metric the filter counts into, such as `RootUserUsage`. */
  readonly metricName: string;
}

/**
 * The patterns of AWS Security Hub's CloudWatch.1 to CloudWatch.14 controls,
 * verbatim from the remediation of each ("[CloudWatch.N] …", Security Hub
 * User Guide, https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html).
 * Security Hub fails a control "if the exact metric filters prescribed by CIS
 * are not used. Additional fields or terms cannot be added", so not a
 * character is changed, including the uneven spacing.
 */
const CIS_CONTROLS: SecurityControl[] = [
  {
    id: 'CloudWatch.1',
    title: 'usage of the root user',
    requirements: 'CIS 1.2.0 1.1 and 3.3; CIS 1.4.0 1.7 and 4.3',
    filterPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    metricName: 'RootUserUsage',
  },
  {
    id: 'CloudWatch.2',
    title: 'unauthorized API calls',
    requirements: 'CIS 1.2.0 3.1',
    filterPattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    metricName: 'UnauthorizedApiCalls',
  },
  {
    id: 'CloudWatch.3',
    title: 'Management Console sign-in without MFA',
    requirements: 'CIS 1.2.0 3.2',
    filterPattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    metricName: 'ConsoleSignInWithoutMfa',
  },
  {
    id: 'CloudWatch.4',
    title: 'IAM policy changes',
    requirements: 'CIS 1.2.0 3.4; CIS 1.4.0 4.4',
    filterPattern: '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || '
      + '($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || '
      + '($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || '
      + '($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
    metricName: 'IamPolicyChanges',
  },
  {
    id: 'CloudWatch.5',
    title: 'CloudTrail configuration changes',
    requirements: 'CIS 1.2.0 3.5; CIS 1.4.0 4.5',
    filterPattern: '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    metricName: 'CloudTrailChanges',
  },
  {
    id: 'CloudWatch.6',
    title: 'Management Console authentication failures',
    requirements: 'CIS 1.2.0 3.6; CIS 1.4.0 4.6',
    filterPattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    metricName: 'ConsoleAuthenticationFailures',
  },
  {
    id: 'CloudWatch.7',
    title: 'disabling or scheduled deletion of customer managed keys',
    requirements: 'CIS 1.2.0 3.7; CIS 1.4.0 4.7',
    filterPattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    metricName: 'CustomerManagedKeyDisabledOrDeleted',
  },
  {
    id: 'CloudWatch.8',
    title: 'S3 bucket policy changes',
    requirements: 'CIS 1.2.0 3.8; CIS 1.4.0 4.8',
    filterPattern: '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || '
      + '($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || '
      + '($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    metricName: 'S3BucketPolicyChanges',
  },
  {
    id: 'CloudWatch.9',
    title: 'AWS Config configuration changes',
    requirements: 'CIS 1.2.0 3.9; CIS 1.4.0 4.9',
    filterPattern: '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || '
      + '($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    metricName: 'ConfigChanges',
  },
  {
    id: 'CloudWatch.10',
    title: 'security group changes',
    requirements: 'CIS 1.2.0 3.10; CIS 1.4.0 4.10',
    filterPattern: '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || '
      + '($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    metricName: 'SecurityGroupChanges',
  },
  {
    id: 'CloudWatch.11',
    title: 'network ACL changes',
    requirements: 'CIS 1.2.0 3.11; CIS 1.4.0 4.11',
    filterPattern: '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || '
      + '($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    metricName: 'NetworkAclChanges',
  },
  {
    id: 'CloudWatch.12',
    title: 'network gateway changes',
    requirements: 'CIS 1.2.0 3.12; CIS 1.4.0 4.12',
    filterPattern: '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || '
      + '($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    metricName: 'NetworkGatewayChanges',
  },
  {
    id: 'CloudWatch.13',
    title: 'route table changes',
    requirements: 'CIS 1.2.0 3.13; CIS 1.4.0 4.13',
    filterPattern: '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || '
      + '($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    metricName: 'RouteTableChanges',
  },
  {
    id: 'CloudWatch.14',
    title: 'VPC changes',
    requirements: 'CIS 1.2.0 3.14; CIS 1.4.0 4.14',
    filterPattern: '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || '
      + '($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || '
      + '($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    metricName: 'VpcChanges',
  },
];

/**
 * The security alarms of an `AuditTrail`: a metric filter on the trail's log
 * group and an alarm on its metric per control, each notifying the trail's
 * alarm topic.
 */
export class SecurityAlarms {
  /**
   * The CloudWatch section of the CIS AWS Foundations Benchmark, as AWS
   * Security Hub checks it: controls CloudWatch.1 to CloudWatch.14, each with
   * the exact filter pattern Security Hub requires. Turn one off with
   * `alarms.overrides` (`{ 'CloudWatch.2': { enabled: false } }`).
   */
  public static cis(): SecurityAlarms {
    return new SecurityAlarms(CIS_CONTROLS);
  }

  /** No security alarms: the trail only records. */
  public static none(): SecurityAlarms {
    return new SecurityAlarms([]);
  }

  /** The controls, in order. */
  public readonly controls: SecurityControl[];

  private constructor(controls: SecurityControl[]) {
    this.controls = controls.map((control) => ({ ...control }));
  }
}
