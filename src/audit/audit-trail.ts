import { Annotations, ArnFormat, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SecurityAlarms, SecurityControl } from './security-alarms';
import { acknowledgeLogStreamWildcards } from '../core/acknowledge';
import { AlarmOptions } from '../core/alarm-options';
import { allowCloudWatchLogsToUse, createRotatingKey } from '../core/encryption';
import { LogOptions } from '../core/log-options';
import { PavedRoadOptions } from '../core/paved-road-options';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { IMonitored } from '../monitoring/monitored';
import { AlarmSpec, createAlarmSet, validateAlarmOptions } from '../private/alarm-set';
import { AUDIT_TRAIL_TAG, ProtectedTrailResources } from '../private/audit-trail-protection';
import { graphWidgets } from '../private/monitoring-widgets';
import { uniquePhysicalName } from '../private/physical-name';
import { createRetainedLogGroup, validateLogOptions } from '../private/retained-log-group';
import { createServiceRole } from '../private/service-role';
import { ReplicatedBucket, ReplicationDestination } from '../storage/replicated-bucket';

/**
 * Properties of an `AuditTrail`.
 */
export interface AuditTrailProps extends PavedRoadOptions {
  /**
   * The trail's name: 3 to 128 characters, letters, digits, `.`, `_` and
   * `-`, starting and ending with a letter or digit, no two of `._-` in a row,
   * not an IP address.
   *
   * @default - `<construct path>-<stack id suffix>`, unique per stack
   */
  readonly trailName?: string;

  /**
   * Make it an organization trail for this organization (`o-` and 10 to 32
   * lowercase letters or digits): it records every account of the
   * organization. CloudTrail creates one only from the organization's
   * management account (or a delegated administrator account, in which case
   * the trail belongs to the management account); deploy the stack there.
   *
   * @default - a trail of this account only
   */
  readonly organizationId?: string;

  /**
   * A default Object Lock retention for the log files, such as compliance
   * mode for a year: then nobody, the root user included, can delete or
   * overwrite a log file before it expires. Replicas keep the retention.
   *
   * @default - Object Lock enabled, no default retention (the bucket policy and a `PermissionsBoundary` protect the files)
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;

  /**
   * Where the log bucket replicates to, such as a `ReplicaBucket` in another
   * region or a log-archive account (see `ReplicatedBucket`).
   *
   * @default - a `ReplicaBucket` in the same stack
   */
  readonly destinations?: ReplicationDestination[];

  /**
   * Buckets whose object-level operations (S3 data events: reads and writes
   * of objects) the trail records too, at most 250. Data events are charged
   * per event; name the buckets that hold what an auditor asks about.
   *
   * @default - management events only
   */
  readonly dataEventBuckets?: s3.IBucket[];

  /**
   * How long the CloudWatch Logs log group keeps the events. The log files in
   * S3 are kept by the bucket's rules, independently.
   *
   * @default - one year; encrypted with the trail's key
   */
  readonly logs?: LogOptions;

  /**
   * The metric filters and alarms on the trail's log group.
   *
   * @default SecurityAlarms.cis()
   */
  readonly securityAlarms?: SecurityAlarms;

  /**
   * The security alarms, by control id (`CloudWatch.1` … `CloudWatch.14`):
   * each fires when its filter matches at least once in 5 minutes. The log
   * bucket's replication alarms take the same topic.
   *
   * @default - every alarm of `securityAlarms` on, notifying the `AlarmTopic` set for the scope, else a new one
   */
  readonly alarms?: AlarmOptions;
}

/** CloudTrail: "Data resources in event selectors: 250 across all event selectors in a trail" (CloudTrail quotas). */
const MAX_DATA_RESOURCES = 250;

/** How often the security metrics are evaluated: a 5-minute sum of matching events. */
const SECURITY_ALARM_PERIOD = Duration.minutes(5);

/**
 * A multi-region CloudTrail trail that records management events (reads and
 * writes, global services included) with log file validation, encrypted with
 * its own KMS key, delivered to a `ReplicatedBucket` (Object Lock available
 * in compliance mode) and to an encrypted CloudWatch Logs log group, with the
 * CIS security alarms on that group.
 *
 * Every policy CloudTrail needs names this trail (`aws:SourceArn`): the bucket
 * policy (`s3:GetBucketAcl`, and `s3:PutObject` under `AWSLogs/<account>/`
 * with `bucket-owner-full-control`), and the key policy (`kms:GenerateDataKey*`
 * in a CloudTrail encryption context, `kms:DescribeKey`, `kms:Decrypt`)
 * ("Amazon S3 bucket policy for CloudTrail", "Configure AWS KMS key policies
 * for CloudTrail", AWS CloudTrail User Guide). The key is also the bucket's,
 * and its policy lets the bucket's replication role decrypt CloudTrail's log
 * files through S3: they are encrypted in CloudTrail's encryption context,
 * not S3's, so the role's own S3-context grant would not cover them. Log
 * delivery to CloudWatch Logs goes through a role whose permissions are a
 * customer-managed policy (aws-cdk-lib's `Trail` writes an inline one).
 */
export class AuditTrail extends Construct implements IMonitored {
  /** The trail. */
  public readonly trail: cloudtrail.CfnTrail;

  /** The trail's name. */
  public readonly trailName: string;

  /** The trail's ARN. */
  public readonly trailArn: string;

  /** The replicated bucket that receives the log files. */
  public readonly bucket: ReplicatedBucket;

  /** The log group that receives the events. */
  public readonly logGroup: logs.ILogGroup;

  /** The key that encrypts the log files, the bucket, and the log group unless `logs.encryptionKey` names another. */
  public readonly encryptionKey: kms.IKey;

  /** The role CloudTrail delivers to CloudWatch Logs with. */
  public readonly logsRole: iam.IRole;

  /** The controls the security alarms cover. */
  public readonly securityControls: SecurityControl[];

  /** The metric filter of each control, by control id. */
  public readonly metricFilters: { [controlId: string]: logs.MetricFilter };

  /** The topic the alarms notify, when any alarm is on. */
  public readonly alarmTopic?: sns.ITopic;

  /** The security alarms and the log bucket's replication alarms. */
  public readonly alarms: cloudwatch.IAlarm[];

  /**
   * What a `PermissionsBoundary` in this stack denies changes to: the ARNs of
   * the bucket and of the log group, and the key's tag.
   *
   * @internal
   */
  public readonly _protectedResources: ProtectedTrailResources;

  /** The security alarm of each control that is on, by control id (`CloudWatch.1` …). */
  public readonly alarmsByControl: { [controlId: string]: cloudwatch.IAlarm };

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    const controls = (props.securityAlarms ?? SecurityAlarms.cis()).controls;
    validateProps(props, controls);
    super(scope, id);
    if (props.permissionsBoundary) {
      attachConstructBoundary(this, props.permissionsBoundary);
    }
    const stack = Stack.of(this);
    this.trailName = props.trailName ?? uniquePhysicalName(this, { maxLength: 128 });
    this.trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: this.trailName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    this.securityControls = controls;

    // The bucket and the log group have names, and the key a tag, that carry no reference to a
    // resource: a PermissionsBoundary in this stack can then name them (protectAuditTrail) without a
    // dependency cycle through the roles it bounds (the bucket's replication role among them).
    const baseName = uniquePhysicalName(this, { maxLength: 128 });
    const bucketName = `${uniquePhysicalName(this, { maxLength: 63 - 13, lowercase: true })}-${stack.account}`;
    const logGroupName = `/aws/cloudtrail/${baseName}`;

    const key = createRotatingKey(this, 'Key', `Encrypts the log files and events of the audit trail ${this.node.path}`);
    Tags.of(key).add(AUDIT_TRAIL_TAG, this.trailName);
    this.encryptionKey = key;
    this.allowCloudTrailToUse(key);
    allowCloudWatchLogsToUse(key);

    // One topic for the security alarms and the bucket's replication alarms.
    const alarmsOn = (props.alarms?.enabled ?? true) && controls.some((control) => props.alarms?.overrides?.[control.id]?.enabled ?? true);
    const topic = props.alarms?.topic ?? AlarmTopic.of(this)
      ?? (alarmsOn ? new AlarmTopic(this, 'AlarmTopic', { displayName: `Security alarms of ${this.node.path}` }) : undefined);

    const bucket = new ReplicatedBucket(this, 'Bucket', {
      bucketName,
      encryptionKey: key,
      destinations: props.destinations,
      objectLockRetention: props.objectLockRetention,
      profile: props.profile,
      alarms: { enabled: props.alarms?.enabled, topic },
    });
    this.bucket = bucket;
    this.allowCloudTrailToDeliver(bucket.bucket, props.organizationId);
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowReplicationOfCloudTrailLogFiles',
      principals: [new iam.ArnPrincipal(bucket.replicationRole.roleArn)],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
        Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' },
      },
    }));
    this._protectedResources = {
      bucketArns: [`arn:${stack.partition}:s3:::${bucketName}`, `arn:${stack.partition}:s3:::${bucketName}/*`],
      logGroupArns: [0, 1].map((streams) => stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: streams ? `${logGroupName}:*` : logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })),
      keyTag: { key: AUDIT_TRAIL_TAG, value: this.trailName },
    };

    const logGroup = createRetainedLogGroup(this, 'LogGroup', { logGroupName, encryptionKey: props.logs?.encryptionKey ?? key, options: props.logs });
    this.logGroup = logGroup;
    const streams = [`${stack.account}_CloudTrail_*`, ...(props.organizationId ? [`${props.organizationId}_*`] : [])];
    const { role, policy } = createServiceRole(this, 'CloudWatchLogs', {
      service: 'cloudtrail.amazonaws.com',
      // CloudTrail documents this role's trust without conditions ("Sending events to CloudWatch Logs",
      // AWS CloudTrail User Guide); a condition it does not send would stop delivery.
      onlyForThisAccount: false,
      roleDescription: `Lets CloudTrail deliver the events of ${this.node.path} to its log group`,
      policyDescription: `Creates log streams in, and puts events into, the log group of ${this.node.path} only`,
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: streams.map((stream) => stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${logGroup.logGroupName}:log-stream:${stream}`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        })),
      })],
    });
    this.logsRole = role;
    acknowledgeLogStreamWildcards(policy.node.defaultChild as iam.CfnManagedPolicy,
      'CloudTrail names its log streams <account>_CloudTrail_<region>[_<n>] (and <organization>_… for an organization trail), one per region ' +
      'and more under load ("CloudWatch log group and log stream naming for CloudTrail"); the streams are named by that prefix in this log group only.');

    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: this.trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      isOrganizationTrail: props.organizationId ? true : undefined,
      s3BucketName: bucket.bucket.bucketName,
      kmsKeyId: key.keyArn,
      cloudWatchLogsLogGroupArn: logGroup.logGroupArn,
      cloudWatchLogsRoleArn: role.roleArn,
      eventSelectors: [{
        readWriteType: 'All',
        includeManagementEvents: true,
        dataResources: props.dataEventBuckets?.length
          ? [{ type: 'AWS::S3::Object', values: props.dataEventBuckets.map((b) => `${b.bucketArn}/`) }]
          : undefined,
      }],
    });
    // CloudTrail checks its access to the bucket, the key and the role when the trail is created.
    this.trail.node.addDependency(policy);
    if (bucket.bucket.policy) {
      this.trail.node.addDependency(bucket.bucket.policy);
    }
    if (props.organizationId) {
      Annotations.of(this).addWarningV2('cdk-paved-road:organization-trail-account',
        `${this.node.path} is an organization trail: deploy its stack in the organization's management account. Its policies name the trail ` +
        'in the deploying account, and an organization trail created from a delegated administrator account belongs to the management account.');
    }

    this.metricFilters = {};
    const specs: AlarmSpec[] = [];
    for (const control of controls) {
      const suffix = control.id.replace(/[^A-Za-z0-9]/g, '');
      const filter = new logs.MetricFilter(this, `${suffix}Filter`, {
        logGroup,
        filterPattern: logs.FilterPattern.literal(control.filterPattern),
        metricNamespace: `AuditTrail/${this.trailName}`,
        metricName: control.metricName,
        metricValue: '1',
      });
      this.metricFilters[control.id] = filter;
      specs.push({
        name: control.id,
        id: `${suffix}Alarm`,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: SECURITY_ALARM_PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        describe: (threshold, window) => `${control.id} (${control.requirements}): at least ${threshold} event(s) of ${control.title} within ${window}`,
      });
    }
    const alarmSet = createAlarmSet(this, { ...props.alarms, topic }, specs, {
      enabledByDefault: true,
      defaultTopic: () => new AlarmTopic(this, 'AlarmTopic', { displayName: `Security alarms of ${this.node.path}` }),
    });
    this.alarmTopic = alarmSet.topic;
    this.alarms = [...alarmSet.alarms, ...bucket.alarms];
    this.alarmsByControl = {};
    for (const spec of specs) {
      const alarm = alarmSet.alarms.find((created) => created.node.id === spec.id);
      if (alarm) {
        this.alarmsByControl[spec.name] = alarm;
      }
    }
  }

  /** How many events each security control matched, and how many events reached the log group. */
  public monitoringWidgets(): cloudwatch.IWidget[] {
    const sum = { statistic: cloudwatch.Stats.SUM, period: SECURITY_ALARM_PERIOD };
    return graphWidgets(this, [
      {
        title: 'Security events',
        left: this.securityControls.map((control) => this.metricFilters[control.id].metric({ ...sum, label: control.id })),
      },
      {
        title: 'Events delivered to CloudWatch Logs',
        left: [new cloudwatch.Metric({ namespace: 'AWS/Logs', metricName: 'IncomingLogEvents', dimensionsMap: { LogGroupName: this.logGroup.logGroupName }, ...sum })],
      },
    ]);
  }

  /** The key statements CloudTrail needs to encrypt log files for this trail, and nothing for another trail. */
  private allowCloudTrailToUse(key: kms.Key): void {
    const stack = Stack.of(this);
    const thisTrail = { 'aws:SourceArn': this.trailArn };
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptLogFiles',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
        StringEquals: thisTrail,
      },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDescribeAndDecrypt',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: thisTrail },
    }));
  }

  /** The bucket statements CloudTrail needs to deliver this trail's log files, and nothing for another trail. */
  private allowCloudTrailToDeliver(bucket: s3.IBucket, organizationId: string | undefined): void {
    const stack = Stack.of(this);
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailAclCheck',
      principals: [cloudTrail],
      actions: ['s3:GetBucketAcl'],
      resources: [bucket.bucketArn],
      conditions: { StringEquals: { 'aws:SourceArn': this.trailArn } },
    }));
    const prefixes = [stack.account, ...(organizationId ? [organizationId] : [])];
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailWrite',
      principals: [cloudTrail],
      actions: ['s3:PutObject'],
      resources: prefixes.map((prefix) => bucket.arnForObjects(`AWSLogs/${prefix}/*`)),
      conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': this.trailArn } },
    }));
  }
}

/** "o-" followed by 10 to 32 lowercase letters or digits (AWS Organizations, Organization Id). */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** Checks every prop before anything is built. */
function validateProps(props: AuditTrailProps, controls: SecurityControl[]): void {
  if (props.trailName !== undefined && !Token.isUnresolved(props.trailName)) {
    const problem = trailNameProblem(props.trailName);
    if (problem) {
      throw new Error(`\`trailName\` ${problem}, got: '${props.trailName}'.`);
    }
  }
  if (props.organizationId !== undefined && !Token.isUnresolved(props.organizationId) && !ORGANIZATION_ID.test(props.organizationId)) {
    throw new Error(`\`organizationId\` must be 'o-' followed by 10 to 32 lowercase letters or digits, got: '${props.organizationId}'.`);
  }
  const buckets = props.dataEventBuckets?.length ?? 0;
  if (buckets > MAX_DATA_RESOURCES) {
    throw new Error(`\`dataEventBuckets\` names ${buckets} buckets; a trail records data events of at most ${MAX_DATA_RESOURCES} resources (CloudTrail quotas).`);
  }
  validateLogOptions('logs', props.logs);
  validateAlarmOptions('alarms', props.alarms, controls.map((control) => control.id), () => SECURITY_ALARM_PERIOD);
}

/**
 * What is wrong with a trail name, by CloudTrail's rules ("Naming
 * requirements for CloudTrail resources", AWS CloudTrail User Guide), or
 * undefined when nothing is.
 */
function trailNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 128) {
    return 'must be 3 to 128 characters long';
  }
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    return 'may hold only letters, digits, periods, underscores and dashes';
  }
  if (!/^[A-Za-z0-9].*[A-Za-z0-9]$/.test(name)) {
    return 'must start and end with a letter or digit';
  }
  if (/[._-]{2}/.test(name)) {
    return 'must not have two periods, underscores or dashes in a row';
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) {
    return 'must not be an IP address';
  }
  return undefined;
}
