/**
 * An AWS account as the synthesized templates would make it: every resource
 * gets a plausible physical id and ARN, every CloudFormation expression in the
 * policies is resolved against them, and requests that AWS services make at
 * run time are evaluated with an offline IAM policy evaluator
 * (@cloud-copilot/iam-simulate) against the identity policies, permissions
 * boundaries and resource policies (key, topic, bucket, queue and trust
 * policies) that the templates create.
 */
import { createHash } from 'crypto';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Stage } from 'aws-cdk-lib';
import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
type PolicyDocument = { Version?: string; Statement: any[] };

/** Who makes a request: an AWS service principal, or a role of the templates. */
export type Caller = { readonly service: string } | { readonly role: RoleMatcher };

/** A role of the templates: its logical id starts with `logicalIdPrefix` (in `stack`, if given). */
export interface RoleMatcher {
  readonly logicalIdPrefix: string;
  readonly stack?: string;
}

/** One request an AWS service makes on the user's behalf, and the page that documents it. */
export interface Contract {
  readonly title: string;
  /** The AWS documentation page that defines the request. */
  readonly source: string;
  readonly caller: Caller;
  readonly action: string;
  /** The resource's ARN, which may name resources of the templates (`account.arnOf(...)`). */
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

/**
 * What CloudWatch does with an encrypted alarm topic when `alarm` fires: it
 * publishes to `topic` and has the topic's key make a data key
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */
export function alarmTopicContracts(whose: string, arns: { topic: string; topicKey: string; alarm: string; account: string }): Contract[] {
  const caller = { service: 'cloudwatch.amazonaws.com' };
  const context = { 'aws:SourceArn': arns.alarm, 'aws:SourceAccount': arns.account };
  return [
    {
      title: `CloudWatch publishes ${whose} alarm to its alarm topic`,
      source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html',
      caller,
      action: 'sns:Publish',
      resource: arns.topic,
      context,
    },
    {
      title: `CloudWatch uses the key of ${whose} alarm topic`,
      source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
      caller,
      action: 'kms:GenerateDataKey',
      resource: arns.topicKey,
      context,
    },
  ];
}

interface Resource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: any;
  /** Ref and every attribute, once named. */
  readonly values: Record<string, unknown>;
}

const ACCOUNT_PLACEHOLDER = '123456789012';

/**
 * iam-simulate matches a condition key with a variable part only after a '/'
 * (`aws:PrincipalTag/<key>`), so it drops `kms:EncryptionContext:<key>`, which
 * the service authorization reference lists for every cryptographic KMS
 * action. The key is renamed, the same way in the policies and in the request,
 * to one of the '/' form it evaluates; the condition operators and values are
 * untouched.
 */
function withEncryptionContextRenamed<T>(simulation: T): T {
  const rename = (key: string) => key.replace(/^kms:EncryptionContext:(.+)$/i, 'aws:RequestTag/kms-encryption-context:$1');
  const renamePolicy = (policy: PolicyDocument): PolicyDocument => ({
    ...policy,
    Statement: ([] as any[]).concat(policy.Statement).map((statement) => (statement.Condition ? {
      ...statement,
      Condition: Object.fromEntries(Object.entries<Record<string, unknown>>(statement.Condition).map(([operator, keys]) =>
        [operator, Object.fromEntries(Object.entries(keys).map(([key, value]) => [rename(key), value]))])),
    } : statement)),
  });
  const copy = JSON.parse(JSON.stringify(simulation));
  copy.request.contextVariables = Object.fromEntries(Object.entries(copy.request.contextVariables).map(([key, value]) => [rename(key), value]));
  for (const entry of [...copy.identityPolicies, ...(copy.permissionBoundaryPolicies ?? [])]) {
    entry.policy = renamePolicy(entry.policy);
  }
  if (copy.resourcePolicy) {
    copy.resourcePolicy = renamePolicy(copy.resourcePolicy);
  }
  return copy;
}

export class SynthesizedAccount {
  private readonly resources: Resource[] = [];
  private readonly exports = new Map<string, unknown>();
  private readonly templates: Array<{ artifact: CloudFormationStackArtifact; template: any }> = [];

  /** Synthesizes `stage` (an App) and names every resource of every stack in it. */
  constructor(stage: Stage) {
    const assembly = stage.synth();
    for (const artifact of assembly.stacks) {
      this.templates.push({ artifact, template: artifact.template });
      for (const [logicalId, resource] of Object.entries<any>(artifact.template.Resources ?? {})) {
        this.resources.push({
          stack: artifact.stackName,
          logicalId,
          type: resource.Type,
          properties: resource.Properties ?? {},
          values: {},
        });
      }
    }
    for (const resource of this.resources) {
      Object.assign(resource.values, this.physicalValues(resource));
    }
    // A secret's target attachment stands for the secret: its Ref is the secret's ARN.
    for (const resource of this.resources.filter((r) => r.type === 'AWS::SecretsManager::SecretTargetAttachment')) {
      resource.values.Ref = this.resolveIn(resource, resource.properties.SecretId);
    }
    // Names built from other resources' values (API-Gateway-Execution-Logs_<api id>/<stage>) once those are known.
    for (const resource of this.resources.filter((r) => r.type === 'AWS::Logs::LogGroup' && typeof r.properties.LogGroupName === 'object')) {
      const name = String(this.resolveIn(resource, resource.properties.LogGroupName));
      const { account, region } = this.environmentOf(resource.stack);
      Object.assign(resource.values, { Ref: name, Arn: `arn:aws:logs:${region}:${account}:log-group:${name}:*` });
    }
    // Bucket names built from pseudo parameters (an AuditTrail's: path, stack id, account).
    for (const resource of this.resources.filter((r) => r.type === 'AWS::S3::Bucket' && typeof r.properties.BucketName === 'object')) {
      const name = String(this.resolveIn(resource, resource.properties.BucketName));
      Object.assign(resource.values, { Ref: name, Arn: `arn:aws:s3:::${name}` });
    }
    // A state machine's ARN is its Ref; a Workflow names it from the stack's id.
    for (const resource of this.resources.filter((r) => r.type === 'AWS::StepFunctions::StateMachine')) {
      const name = String(this.resolveIn(resource, resource.properties.StateMachineName ?? resource.logicalId));
      const { account, region } = this.environmentOf(resource.stack);
      Object.assign(resource.values, { Ref: `arn:aws:states:${region}:${account}:stateMachine:${name}`, Name: name });
    }
    for (const { artifact, template } of this.templates) {
      for (const output of Object.values<any>(template.Outputs ?? {})) {
        if (output.Export?.Name) {
          this.exports.set(this.resolve(output.Export.Name, artifact), this.resolve(output.Value, artifact));
        }
      }
    }
  }

  /** The resources of a type, optionally whose logical id starts with a prefix. */
  public resourcesOf(type: string, logicalIdPrefix = '', stack?: string): Resource[] {
    return this.resources.filter((r) => r.type === type && r.logicalId.startsWith(logicalIdPrefix) && (!stack || r.stack === stack));
  }

  /**
   * The one resource of `type` whose logical id starts with `logicalIdPrefix`,
   * or, where several do, the one whose id is the prefix and aws-cdk-lib's
   * 8-digit hash (a construct's primary child, `Resource`, adds nothing else).
   */
  public resource(type: string, logicalIdPrefix: string, stack?: string): Resource {
    const starting = this.resourcesOf(type, logicalIdPrefix, stack);
    const found = starting.length > 1 ? starting.filter((r) => new RegExp(`^${logicalIdPrefix}[0-9A-F]{8}$`).test(r.logicalId)) : starting;
    if (found.length !== 1) {
      throw new Error(`Expected one ${type} starting with '${logicalIdPrefix}'${stack ? ` in ${stack}` : ''}, found ${found.length}: ${found.map((r) => r.logicalId).join(', ')}`);
    }
    return found[0];
  }

  /** A resource's ARN (or, for types whose Ref is the ARN, its Ref). */
  public arnOf(type: string, logicalIdPrefix: string, stack?: string): string {
    const values = this.resource(type, logicalIdPrefix, stack).values;
    return String(values.Arn ?? values.Ref);
  }

  /** A log group's ARN as CloudWatch Logs names it in a request and an encryption context (without the trailing `:*`). */
  public logGroupArnOf(logicalIdPrefix: string, stack?: string): string {
    return this.arnOf('AWS::Logs::LogGroup', logicalIdPrefix, stack).replace(/:\*$/, '');
  }

  /** A resource's value: `Ref` or an attribute. */
  public valueOf(type: string, logicalIdPrefix: string, attribute = 'Ref', stack?: string): string {
    return String(this.resource(type, logicalIdPrefix, stack).values[attribute]);
  }

  /** The account and region of a stack of the templates. */
  public environmentOf(stack: string): { account: string; region: string } {
    const artifact = this.templates.find((t) => t.artifact.stackName === stack)?.artifact;
    if (!artifact) {
      throw new Error(`No stack ${stack} in the assembly.`);
    }
    return { account: artifact.environment.account, region: artifact.environment.region };
  }

  /** Evaluates the request of `contract` against the policies of the templates. */
  public async evaluate(contract: Contract): Promise<Decision> {
    const resourcePolicy = this.resourcePolicyFor(contract.action, contract.resource);
    const principal = 'service' in contract.caller ? undefined : this.role(contract.caller.role);
    // An action without resource types names '*', in the caller's own account.
    const accountId = contract.resource === '*' && principal ? this.accountOfArn(principal.sessionArn) : this.accountOfArn(contract.resource);
    const result = await runSimulation(withEncryptionContextRenamed({
      request: {
        principal: principal ? principal.sessionArn : (contract.caller as { service: string }).service,
        action: contract.action,
        resource: { resource: contract.resource, accountId },
        contextVariables: { 'aws:SecureTransport': 'true', ...this.resourceTagsOf(contract.resource), ...contract.context },
      },
      identityPolicies: (principal?.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
      permissionBoundaryPolicies: principal?.boundary ? [{ name: 'boundary', policy: principal.boundary }] : undefined,
      resourcePolicy,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    }), {});
    if (result.resultType === 'error') {
      throw new Error(`The evaluator rejected "${contract.title}": ${JSON.stringify(result.errors)}`);
    }
    if (result.resultType !== 'single') {
      throw new Error(`"${contract.title}" names several resources; name one.`);
    }
    const ignored = (result.result.ignoredContextKeys ?? []).filter((key) => key !== 'aws:SecureTransport');
    if (ignored.length > 0) {
      throw new Error(`"${contract.title}": ${contract.action} does not support the condition keys ${ignored.join(', ')}.`);
    }
    return result.overallResult as Decision;
  }

  /**
   * The tags of the KMS key `arn` names, as the `aws:ResourceTag/<key>`
   * context KMS gives every request on a tagged key (ABAC for AWS KMS,
   * https://docs.aws.amazon.com/kms/latest/developerguide/tag-authorization.html).
   */
  private resourceTagsOf(arn: string): Record<string, string> {
    const key = this.resources.find((r) => r.type === 'AWS::KMS::Key' && r.values.Arn === arn);
    const tags: Array<{ Key: string; Value: unknown }> = key ? this.resolveIn(key, key.properties.Tags ?? []) : [];
    return Object.fromEntries(tags.map((tag) => [`aws:ResourceTag/${tag.Key}`, String(tag.Value)]));
  }

  private role(matcher: RoleMatcher) {
    const role = this.resource('AWS::IAM::Role', matcher.logicalIdPrefix, matcher.stack);
    const roleArn = String(role.values.Arn);
    const identityPolicies: PolicyDocument[] = [
      ...(role.properties.Policies ?? []).map((p: any) => this.resolveIn(role, p.PolicyDocument)),
      ...this.resources
        .filter((r) => r.type === 'AWS::IAM::Policy' && this.namesRole(r, role))
        .map((r) => this.resolveIn(r, r.properties.PolicyDocument)),
      ...this.resources
        .filter((r) => r.type === 'AWS::IAM::ManagedPolicy'
          && (this.namesRole(r, role) || (this.resolveIn(role, role.properties.ManagedPolicyArns ?? []) as string[]).includes(String(r.values.Ref))))
        .map((r) => this.resolveIn(r, r.properties.PolicyDocument)),
    ];
    const boundaryArn = role.properties.PermissionsBoundary ? String(this.resolveIn(role, role.properties.PermissionsBoundary)) : undefined;
    let boundary: PolicyDocument | undefined;
    if (boundaryArn) {
      const policy = this.resources.find((r) => r.type === 'AWS::IAM::ManagedPolicy' && r.values.Ref === boundaryArn);
      if (!policy) {
        throw new Error(`The boundary ${boundaryArn} of ${role.logicalId} is not in the assembly.`);
      }
      boundary = this.resolveIn(policy, policy.properties.PolicyDocument);
    }
    const name = roleArn.split('/').pop();
    return { sessionArn: `arn:aws:sts::${this.accountOfArn(roleArn)}:assumed-role/${name}/session`, identityPolicies, boundary };
  }

  private namesRole(policy: Resource, role: Resource): boolean {
    return (this.resolveIn(policy, policy.properties.Roles ?? []) as string[]).includes(String(role.values.Ref));
  }

  /** The policy AWS evaluates on the resource side of a request, if any. */
  private resourcePolicyFor(action: string, arn: string): PolicyDocument | undefined {
    const service = action.split(':')[0];
    const find = (type: string, matches: (r: Resource) => boolean) => this.resources.find((r) => r.type === type && matches(r));
    switch (service) {
      case 'kms': {
        const key = find('AWS::KMS::Key', (r) => r.values.Arn === arn);
        return key ? this.resolveIn(key, key.properties.KeyPolicy) : undefined;
      }
      case 'sns': {
        const policy = find('AWS::SNS::TopicPolicy', (r) => (this.resolveIn(r, r.properties.Topics) as string[]).includes(arn));
        return policy ? this.resolveIn(policy, policy.properties.PolicyDocument) : undefined;
      }
      case 'sqs': {
        const queue = find('AWS::SQS::Queue', (r) => r.values.Arn === arn);
        const policy = queue && find('AWS::SQS::QueuePolicy', (r) => (this.resolveIn(r, r.properties.Queues) as string[]).includes(String(queue.values.Ref)));
        return policy ? this.resolveIn(policy, policy.properties.PolicyDocument) : undefined;
      }
      case 's3': {
        const bucketName = arn.replace(/^arn:aws:s3:::/, '').split('/')[0];
        const policy = find('AWS::S3::BucketPolicy', (r) => this.resolveIn(r, r.properties.Bucket) === bucketName);
        return policy ? this.resolveIn(policy, policy.properties.PolicyDocument) : undefined;
      }
      case 'secretsmanager': {
        const policy = find('AWS::SecretsManager::ResourcePolicy', (r) => this.resolveIn(r, r.properties.SecretId) === arn);
        return policy ? this.resolveIn(policy, policy.properties.ResourcePolicy) : undefined;
      }
      case 'sts': {
        const role = find('AWS::IAM::Role', (r) => r.values.Arn === arn);
        return role ? this.resolveIn(role, role.properties.AssumeRolePolicyDocument) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The account an ARN names, or, for S3 ARNs (which name none), the account of the stack that holds the bucket. */
  private accountOfArn(arn: string): string {
    const named = arn.split(':')[4];
    if (named) {
      return named;
    }
    const bucketName = arn.replace(/^arn:aws:s3:::/, '').split('/')[0];
    const bucket = this.resources.find((r) => r.type === 'AWS::S3::Bucket' && r.values.Ref === bucketName);
    return bucket ? this.environmentOf(bucket.stack).account : ACCOUNT_PLACEHOLDER;
  }

  private resolveIn(resource: Resource, node: unknown): any {
    const artifact = this.templates.find((t) => t.artifact.stackName === resource.stack)!.artifact;
    return this.resolve(node, artifact);
  }

  /** Resolves the intrinsic functions CDK writes, against the names given to the resources. */
  private resolve(node: unknown, artifact: CloudFormationStackArtifact): any {
    const resolve = (n: unknown): any => this.resolve(n, artifact);
    if (Array.isArray(node)) {
      return node.map(resolve);
    }
    if (node === null || typeof node !== 'object') {
      return node;
    }
    const value = node as Record<string, any>;
    const { account, region } = artifact.environment;
    if ('Ref' in value) {
      const pseudo: Record<string, string> = {
        'AWS::Partition': 'aws',
        'AWS::AccountId': account,
        'AWS::Region': region,
        'AWS::URLSuffix': 'amazonaws.com',
        'AWS::StackName': artifact.stackName,
        'AWS::StackId': `arn:aws:cloudformation:${region}:${account}:stack/${artifact.stackName}/id`,
      };
      if (value.Ref in pseudo) {
        return pseudo[value.Ref];
      }
      return this.valueIn(artifact.stackName, value.Ref, 'Ref');
    }
    if ('Fn::GetAtt' in value) {
      const [logicalId, attribute] = value['Fn::GetAtt'];
      return this.valueIn(artifact.stackName, logicalId, attribute);
    }
    if ('Fn::Join' in value) {
      const [delimiter, parts] = value['Fn::Join'];
      return (resolve(parts) as unknown[]).join(delimiter);
    }
    if ('Fn::Select' in value) {
      const [index, list] = value['Fn::Select'];
      return (resolve(list) as unknown[])[Number(resolve(index))];
    }
    if ('Fn::Split' in value) {
      const [delimiter, source] = value['Fn::Split'];
      return String(resolve(source)).split(delimiter);
    }
    if ('Fn::Sub' in value) {
      const [template, variables] = ([] as any[]).concat(value['Fn::Sub']);
      const resolvedVariables = variables ? resolve(variables) : {};
      return String(template).replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
        if (name in resolvedVariables) {
          return String(resolvedVariables[name]);
        }
        const [logicalId, attribute] = name.split('.');
        return String(resolve(attribute ? { 'Fn::GetAtt': [logicalId, attribute] } : { Ref: logicalId }));
      });
    }
    if ('Fn::ImportValue' in value) {
      const name = resolve(value['Fn::ImportValue']);
      if (!this.exports.has(name)) {
        throw new Error(`No export ${name} in the assembly.`);
      }
      return this.exports.get(name);
    }
    if ('Fn::GetAZs' in value) {
      return ['a', 'b', 'c'].map((suffix) => `${region}${suffix}`);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
  }

  private valueIn(stack: string, logicalId: string, attribute: string): unknown {
    const resource = this.resources.find((r) => r.stack === stack && r.logicalId === logicalId);
    if (!resource) {
      throw new Error(`No resource ${logicalId} in ${stack}.`);
    }
    if (resource.type === 'Custom::CrossRegionExportReader' && attribute.startsWith('/cdk/exports/')) {
      return this.crossRegionExport(attribute);
    }
    if (!(attribute in resource.values)) {
      resource.values[attribute] = `${logicalId}.${attribute}`;
    }
    return resource.values[attribute];
  }

  /** The value a cross-region reference reads: what the producing stack's export writer writes under that parameter name. */
  private crossRegionExport(parameterName: string): unknown {
    for (const writer of this.resources.filter((r) => r.type === 'Custom::CrossRegionExportWriter')) {
      const exports = writer.properties.WriterProps?.exports ?? {};
      if (parameterName in exports) {
        return this.resolveIn(writer, exports[parameterName]);
      }
    }
    throw new Error(`No cross-region export writes ${parameterName}.`);
  }

  /** Plausible physical values: what AWS would name each resource, derived from its logical id. */
  private physicalValues(resource: Resource): Record<string, unknown> {
    const artifact = this.templates.find((t) => t.artifact.stackName === resource.stack)!.artifact;
    const { account, region } = artifact.environment;
    const p = resource.properties;
    const id = resource.logicalId;
    const hex = createHash('sha256').update(`${resource.stack}/${id}`).digest('hex');
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    const literal = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
    switch (resource.type) {
      case 'AWS::KMS::Key':
        return { Ref: uuid, KeyId: uuid, Arn: `arn:aws:kms:${region}:${account}:key/${uuid}` };
      case 'AWS::SNS::Topic': {
        const name = literal(p.TopicName, id);
        const arn = `arn:aws:sns:${region}:${account}:${name}`;
        return { Ref: arn, TopicArn: arn, TopicName: name };
      }
      case 'AWS::SQS::Queue': {
        const name = literal(p.QueueName, id);
        return { Ref: `https://sqs.${region}.amazonaws.com/${account}/${name}`, Arn: `arn:aws:sqs:${region}:${account}:${name}`, QueueName: name };
      }
      case 'AWS::S3::Bucket': {
        const name = literal(p.BucketName, id.toLowerCase().slice(0, 63));
        return { Ref: name, Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com`, RegionalDomainName: `${name}.s3.${region}.amazonaws.com` };
      }
      case 'AWS::Logs::LogGroup': {
        const name = literal(p.LogGroupName, id);
        return { Ref: name, Arn: `arn:aws:logs:${region}:${account}:log-group:${name}:*` };
      }
      case 'AWS::IAM::Role': {
        const name = literal(p.RoleName, id);
        return { Ref: name, Arn: `arn:aws:iam::${account}:role/${name}`, RoleId: `AROA${hex.slice(0, 17).toUpperCase()}` };
      }
      case 'AWS::IAM::ManagedPolicy': {
        const arn = `arn:aws:iam::${account}:policy/${literal(p.ManagedPolicyName, id)}`;
        return { Ref: arn, PolicyArn: arn };
      }
      case 'AWS::SecretsManager::Secret': {
        const arn = `arn:aws:secretsmanager:${region}:${account}:secret:${id}-AbCdEf`;
        return { Ref: arn, Id: arn };
      }
      case 'AWS::RDS::DBCluster': {
        const name = literal(p.DBClusterIdentifier, id.toLowerCase());
        return { Ref: name, DBClusterResourceId: `cluster-${hex.slice(0, 26).toUpperCase()}`, DBClusterArn: `arn:aws:rds:${region}:${account}:cluster:${name}` };
      }
      case 'AWS::RDS::DBInstance': {
        const name = literal(p.DBInstanceIdentifier, id.toLowerCase());
        return { Ref: name, DbiResourceId: `db-${hex.slice(0, 26).toUpperCase()}`, DBInstanceArn: `arn:aws:rds:${region}:${account}:db:${name}` };
      }
      case 'AWS::RDS::DBProxy': {
        const name = literal(p.DBProxyName, id.toLowerCase());
        return { Ref: name, DBProxyArn: `arn:aws:rds:${region}:${account}:db-proxy:prx-${hex.slice(0, 17)}`, Endpoint: `${name}.proxy-${hex.slice(0, 12)}.${region}.rds.amazonaws.com` };
      }
      case 'AWS::Backup::BackupVault': {
        const name = literal(p.BackupVaultName, id);
        return { Ref: name, BackupVaultName: name, BackupVaultArn: `arn:aws:backup:${region}:${account}:backup-vault:${name}` };
      }
      case 'AWS::Lambda::Function': {
        const name = literal(p.FunctionName, id);
        return { Ref: name, Arn: `arn:aws:lambda:${region}:${account}:function:${name}` };
      }
      case 'AWS::CloudWatch::Alarm':
      case 'AWS::CloudWatch::CompositeAlarm': {
        const name = literal(p.AlarmName, id);
        return { Ref: name, Arn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}` };
      }
      case 'AWS::Events::Rule': {
        const name = literal(p.Name, id);
        return { Ref: name, Arn: `arn:aws:events:${region}:${account}:rule/${name}` };
      }
      case 'AWS::DynamoDB::GlobalTable': {
        const name = literal(p.TableName, id);
        return { Ref: name, Arn: `arn:aws:dynamodb:${region}:${account}:table/${name}` };
      }
      case 'AWS::Scheduler::Schedule': {
        const name = literal(p.Name, id);
        return { Ref: name, Arn: `arn:aws:scheduler:${region}:${account}:schedule/default/${name}` };
      }
      case 'AWS::ApiGateway::RestApi':
        return { Ref: hex.slice(0, 10), RootResourceId: hex.slice(10, 20) };
      case 'AWS::EC2::VPCEndpoint':
        return { Ref: `vpce-${hex.slice(0, 17)}` };
      default:
        return { Ref: id };
    }
  }
}

/**
 * The contract tests of one subject: each request in `allowed` must be
 * allowed, and each in `refused` (the same requests made for someone else)
 * must not be.
 */
export function describeContracts(subject: string, account: SynthesizedAccount, allowed: Contract[], refused: Contract[]): void {
  describe(`${subject}: what AWS services do at run time is allowed`, () => {
    test.each(allowed.map((c) => [c.title, c]))('%s', async (_title, contract) => {
      expect(await account.evaluate(contract)).toBe('Allowed');
    });
  });
  describe(`${subject}: the same requests made for someone else are refused`, () => {
    test.each(refused.map((c) => [c.title, c]))('%s', async (_title, contract) => {
      expect(await account.evaluate(contract)).not.toBe('Allowed');
    });
  });
}
