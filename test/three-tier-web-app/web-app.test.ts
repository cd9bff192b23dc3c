import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { SQSEvent } from 'aws-lambda';
import { IConstruct } from 'constructs';
import { findDashboards } from '../../diagrams/dashboard-layout';
import { billBatch, Invoice, invoiceOf } from '../../examples/three-tier-web-app/handlers/bill-order';
import { chargeOrder, handler as chargeHandler, STUB_DECLINE_ABOVE_CENTS, stubProvider } from '../../examples/three-tier-web-app/handlers/charge-payment';
import { Email, emailBatch, emailOf } from '../../examples/three-tier-web-app/handlers/email-order';
import { handler as refundHandler, refundOrder, stubRefunds } from '../../examples/three-tier-web-app/handlers/refund-payment';
import { noticeOf } from '../../examples/three-tier-web-app/handlers/shared/checkout';
import { handler as validateHandler, MAX_AMOUNT_CENTS, validateOrder } from '../../examples/three-tier-web-app/handlers/validate-order';
import { appFunction, reservedConcurrency } from '../../examples/three-tier-web-app/lib/app-function';
import { OperationsStack } from '../../examples/three-tier-web-app/lib/operations-stack';
import { buildWebApp, cliContext, settingsFrom } from '../../examples/three-tier-web-app/lib/web-app';
import { AuditTrail, SecurityAlarms, ThreeTierVpc } from '../../src';
import { applyAllNagPacks, ComplianceReport, formatFinding, summarize } from '../compliance';
import { allowedBelow } from '../iam/red-team/simulate';
import { PolicyDocument, resolvePolicyExpressions } from '../iam/red-team/world';

interface Synthesized {
  readonly app: App;
  /** What buildWebApp returned: the stacks in deployment order. */
  readonly stacks: Stack[];
  readonly assembly: CloudAssembly;
  readonly report: ComplianceReport;
  template(stackName: string): Template;
}

/** The reference app, synthesized once per profile with all six packs (bundling its ten functions). */
function synthesize(profile: 'development' | 'production'): Synthesized {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), `web-app-${profile}-`)),
    context: { ...cliContext(), 'cdk-paved-road:profile': profile, 'zoneName': 'shop.example.org', 'hostedZoneId': 'Z123EXAMPLE' },
  });
  const stacks = buildWebApp(app);
  const recorder = applyAllNagPacks(app);
  const assembly = app.synth();
  return { app, stacks, assembly, report: summarize(recorder), template: (name) => Template.fromJSON(assembly.getStackByName(name).template) };
}

/**
 * The newest Node.js runtime aws-cdk-lib lists (nodejs24.x on the development pin), which the
 * functions use so that cdk-nag's latest-runtime rules hold on every aws-cdk-lib in range.
 */
const NEWEST_NODE = `nodejs${Math.max(...lambda.Runtime.ALL.map((r) => Number(/^nodejs(\d+)\.x$/.exec(r.name)?.[1] ?? 0)))}.x`;

/** The stacks in deployment order. */
const STACKS = ['WebAppNetwork', 'WebAppReplica', 'WebAppData', 'WebAppOrders', 'WebAppApi', 'WebAppIngest', 'WebAppOperations'];
/** The stacks that hold the app's functions. */
const FUNCTION_STACKS = ['WebAppApi', 'WebAppIngest', 'WebAppOrders'];
let development: Synthesized;
let production: Synthesized;
beforeAll(() => {
  development = synthesize('development');
  production = synthesize('production');
});

/** The statements of every policy a role holds: inline, `AWS::IAM::Policy` and customer-managed, attached either way. */
function statementsOfRole(resources: Record<string, any>, roleId: string): any[] {
  const role = resources[roleId];
  const attached = new Set<string>((role.Properties.ManagedPolicyArns ?? []).map((arn: any) => arn.Ref));
  const namesRole = (policy: any) => (policy.Properties.Roles ?? []).some((r: any) => r.Ref === roleId);
  return [
    ...(role.Properties.Policies ?? []).flatMap((policy: any) => policy.PolicyDocument.Statement),
    ...Object.entries(resources)
      .filter(([id, r]) => (r.Type === 'AWS::IAM::Policy' && namesRole(r)) || (r.Type === 'AWS::IAM::ManagedPolicy' && (attached.has(id) || namesRole(r))))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement),
  ];
}

/** Where a stack is deployed, for `withStandIns`. */
interface Deployed {
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
}

/** The stack id `withStandIns` gives a stack (its last part is the one CloudFormation generates). */
function stackIdOf(deployed: Deployed): string {
  return `arn:aws:cloudformation:${deployed.region}:${deployed.account}:stack/${deployed.stackName}/5e4ea4b0-9d4f-11ef-8e2a-0a1b2c3d4e5f`;
}

/**
 * Resolves, in a policy of a stack's template, what a deployed stack would:
 * its pseudo parameters, `Fn::Join`, `Fn::Select` and `Fn::Split`, and the
 * name and ARN of each of its buckets, KMS keys and log groups, which exist
 * only once deployed and get stand-ins: a bucket its `BucketName` or else its
 * logical id in lower case, a log group its `LogGroupName` or else its
 * logical id, a key `key/<logical id>`. Anything else is left as it is.
 */
function withStandIns(node: unknown, template: any, deployed: Deployed): unknown {
  const resources: Record<string, any> = template.Resources;
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': deployed.account,
    'AWS::Region': deployed.region,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackId': stackIdOf(deployed),
    'AWS::StackName': deployed.stackName,
  };
  const resolve = (value: unknown): unknown => withStandIns(value, template, deployed);
  const nameOf = (id: string): string | undefined => {
    const resource = resources[id];
    switch (resource?.Type) {
      case 'AWS::S3::Bucket': {
        const name = resource.Properties?.BucketName === undefined ? id.toLowerCase() : resolve(resource.Properties.BucketName);
        return typeof name === 'string' ? name : undefined;
      }
      case 'AWS::Logs::LogGroup': {
        const name = resource.Properties?.LogGroupName === undefined ? id : resolve(resource.Properties.LogGroupName);
        return typeof name === 'string' ? name : undefined;
      }
      case 'AWS::KMS::Key':
        return id;
      default:
        return undefined;
    }
  };
  const arnOf = (id: string): string | undefined => {
    const name = nameOf(id);
    switch (name === undefined ? undefined : resources[id].Type) {
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${deployed.region}:${deployed.account}:key/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${deployed.region}:${deployed.account}:log-group:${name}:*`;
      default:
        return undefined;
    }
  };
  if (Array.isArray(node)) {
    return node.map(resolve);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const value = node as Record<string, any>;
  if (typeof value.Ref === 'string') {
    return pseudo[value.Ref] ?? nameOf(value.Ref) ?? value;
  }
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn') {
    return arnOf(getAtt[0]) ?? value;
  }
  if (Array.isArray(value['Fn::Join'])) {
    const [delimiter, parts] = value['Fn::Join'];
    const resolved = (parts as unknown[]).map(resolve);
    return resolved.every((part) => typeof part === 'string') ? resolved.join(delimiter) : { 'Fn::Join': [delimiter, resolved] };
  }
  if (Array.isArray(value['Fn::Split'])) {
    const [delimiter, text] = value['Fn::Split'];
    const resolved = resolve(text);
    return typeof resolved === 'string' ? resolved.split(delimiter) : { 'Fn::Split': [delimiter, resolved] };
  }
  if (Array.isArray(value['Fn::Select'])) {
    const [index, list] = value['Fn::Select'];
    const resolved = resolve(list);
    return Array.isArray(resolved) && resolved.every((item) => typeof item === 'string') ? resolved[Number(index)] : { 'Fn::Select': [index, resolved] };
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
}

/** The statements of every customer-managed policy attached to the role of `functionId` (Orders, Users, Files, IngestOrders, ...). */
function statementsOfFunction(template: Template, functionId: string): any[] {
  const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => id.startsWith(`${functionId}ServiceRole`))!;
  expect(roleId).toBeDefined();
  const role = template.toJSON().Resources[roleId];
  const attached = new Set<string>(role.Properties.ManagedPolicyArns.map((arn: any) => arn.Ref));
  const policies = Object.entries<any>(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(([id, policy]) => attached.has(id) || (policy.Properties.Roles ?? []).some((r: any) => r.Ref === roleId));
  return policies.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

describe('reference three-tier web app', () => {
  test.each(['development', 'production'])('%s: zero open findings in all six packs, nothing for LeastPrivilegeChecks, every role bounded', (profile) => {
    const { assembly, report } = profile === 'development' ? development : production;
    expect(report.findings.map(formatFinding)).toEqual([]);
    expect(report.acknowledgments.length).toBeGreaterThan(0);
    let principals = 0;
    for (const name of STACKS) {
      const artifact = assembly.getStackByName(name);
      expect(artifact.messages.filter((m) => String(m.entry.data).startsWith('LeastPrivilege:'))).toEqual([]);
      for (const [id, resource] of Object.entries<any>(artifact.template.Resources)) {
        if (resource.Type === 'AWS::IAM::Role' || resource.Type === 'AWS::IAM::User') {
          principals++;
          expect([name, id, JSON.stringify(resource.Properties.PermissionsBoundary)])
            .toEqual([name, id, expect.stringMatching(/:policy\/WebAppNetwork-Boundary-/)]);
        }
      }
    }
    // 24: the ten functions, the schedule's role, the workflow's and its checkout route's roles, the database's
    // and uploads bucket's service roles, the audit trail's log delivery role and its bucket's replication role, and
    // the two cross-region reference providers aws-cdk-lib adds after the aspects have run.
    expect(principals).toBe(24);
    const inventory: Array<{ path: string }> = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'permissions-inventory.json'), 'utf8'));
    expect(inventory).toHaveLength(24);
    expect(inventory.map((entry) => entry.path)).toEqual(expect.arrayContaining([
      'WebAppReplica/Custom::CrossRegionExportWriterCustomResourceProvider/Role',
      'WebAppData/Custom::CrossRegionExportReaderCustomResourceProvider/Role',
    ]));
  });

  test('every action the app\'s roles are granted stays allowed below the app\'s boundary (simulated with an IAM evaluator)', async () => {
    // The boundary is a ceiling: an action a role needs but the ceiling leaves
    // out fails at run time with AccessDenied, which no synth check shows.
    const account = production.assembly.getStackByName('WebAppNetwork').environment.account;
    const network = production.assembly.getStackByName('WebAppNetwork');
    const [boundaryPolicy] = Object.values<any>(network.template.Resources)
      .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && String(r.Properties.ManagedPolicyName).startsWith('WebAppNetwork-Boundary-'));
    const pseudo = (region: string) => ({ 'AWS::Partition': 'aws', 'AWS::AccountId': account, 'AWS::Region': region, 'AWS::URLSuffix': 'amazonaws.com' });
    // The audit trail's bucket, log group and key, which the boundary protects, exist only once deployed: they get
    // stand-in names and ARNs, in the boundary and in the network stack's roles alike, so the roles that use them meet its deny.
    const deployed = (name: string) => ({ ...production.assembly.getStackByName(name).environment, stackName: name });
    const boundary = resolvePolicyExpressions(withStandIns(boundaryPolicy.Properties.PolicyDocument, network.template, deployed('WebAppNetwork')), {
      ...pseudo(network.environment.region),
      'AWS::StackId': stackIdOf(deployed('WebAppNetwork')),
    }) as PolicyDocument;

    const checked = new Set<string>();
    const denied: string[] = [];
    for (const name of STACKS) {
      const artifact = production.assembly.getStackByName(name);
      const resources = artifact.template.Resources;
      for (const roleId of Object.keys(resources).filter((id) => resources[id].Type === 'AWS::IAM::Role')) {
        for (const statement of statementsOfRole(resources, roleId).filter((st) => st.Effect === 'Allow')) {
          // Parts that exist only after deployment (other resources' ARNs) stand for any value.
          const concrete = withStandIns(statement, artifact.template, deployed(name));
          const resolved = resolvePolicyExpressions(concrete, pseudo(artifact.environment.region), true) as any;
          for (const action of ([] as string[]).concat(resolved.Action)) {
            const named = ([] as string[]).concat(resolved.Resource).map((written) => (written.startsWith('arn:') ? written : '*'));
            const decisions = [];
            for (const resource of named) {
              decisions.push([resource, await allowedBelow(boundary, action, resource, account, artifact.environment.region)] as const);
            }
            // A statement's resource of another type does not apply to the action; if none applies, the action needs '*'.
            const applicable = decisions.filter(([, decision]) => decision !== undefined);
            for (const [resource, decision] of applicable.length > 0 ? applicable : [['*', await allowedBelow(boundary, action, '*', account, artifact.environment.region)] as const]) {
              checked.add(`${action} on ${resource}`);
              if (decision !== 'Allowed') {
                denied.push(`${name}/${roleId}: ${action} on ${resource} is ${decision}`);
              }
            }
          }
        }
      }
    }
    expect(denied).toEqual([]);
    expect(checked.size).toBeGreaterThan(40);
  });

  test('seven stacks: network, data, api, ingest, orders and operations in the primary region, the replica in the second', () => {
    expect(production.assembly.stacks.map((s) => [s.stackName, s.environment.region]).sort()).toEqual([
      ['WebAppApi', 'eu-west-1'], ['WebAppData', 'eu-west-1'], ['WebAppIngest', 'eu-west-1'], ['WebAppNetwork', 'eu-west-1'],
      ['WebAppOperations', 'eu-west-1'], ['WebAppOrders', 'eu-west-1'], ['WebAppReplica', 'eu-central-1'],
    ]);
    const replication = Object.values<any>(production.template('WebAppData').findResources('AWS::S3::Bucket'))
      .filter((b) => b.Properties.ReplicationConfiguration);
    expect(replication).toHaveLength(1);
    // Cross-region: replication time control with PRODUCTION, none with DEVELOPMENT.
    expect(JSON.stringify(replication[0].Properties.ReplicationConfiguration)).toContain('ReplicationTime');
    const devReplication = Object.values<any>(development.template('WebAppData').findResources('AWS::S3::Bucket'))
      .filter((b) => b.Properties.ReplicationConfiguration);
    expect(JSON.stringify(devReplication[0].Properties.ReplicationConfiguration)).not.toContain('ReplicationTime');
  });

  test('the profiles differ in cost, not in security: NAT gateways, readers', () => {
    production.template('WebAppNetwork').resourceCountIs('AWS::EC2::NatGateway', 3);
    development.template('WebAppNetwork').resourceCountIs('AWS::EC2::NatGateway', 1);
    production.template('WebAppData').resourceCountIs('AWS::RDS::DBInstance', 3);
    development.template('WebAppData').resourceCountIs('AWS::RDS::DBInstance', 2);
    for (const app of [development, production]) {
      app.template('WebAppData').hasResourceProperties('AWS::RDS::DBCluster', { StorageEncrypted: true, DeletionProtection: true });
      app.template('WebAppData').hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true, Auth: [Match.objectLike({ IAMAuth: 'REQUIRED' })] });
    }
  });

  test('every template is deployable as written: real Availability Zones from cdk.context.json, no placeholders', () => {
    for (const app of [development, production]) {
      for (const name of STACKS) {
        expect(JSON.stringify(app.template(name).toJSON())).not.toMatch(/dummy/);
      }
      const subnets = Object.values<any>(app.template('WebAppNetwork').findResources('AWS::EC2::Subnet'));
      expect(new Set(subnets.map((s) => s.Properties.AvailabilityZone))).toEqual(new Set(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']));
    }
  });

  // Lambda Developer Guide, "Configuring reserved concurrency"
  // (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html): "You can reserve up to
  // the Unreserved account concurrency value that is shown, minus 100 for functions that don't have
  // reserved concurrency." Ten functions of 50 fit the default quota of 1,000, with 100 to spare beyond the 100 kept unreserved.
  test('each function reserves the profile\'s concurrency (50 in production, 5 in development), so no concurrency rule is acknowledged', () => {
    for (const [app, reserved] of [[development, 5], [production, 50]] as const) {
      const functions = FUNCTION_STACKS.flatMap((name) => Object.values<any>(app.template(name).findResources('AWS::Lambda::Function')));
      expect(functions.map((f) => f.Properties.ReservedConcurrentExecutions)).toEqual(Array(10).fill(reserved));
      expect(functions.reduce((sum, f) => sum + f.Properties.ReservedConcurrentExecutions, 0)).toBeLessThanOrEqual(900);
      expect(app.report.acknowledgments.filter((a) => a.ruleId.endsWith('-LambdaConcurrency'))).toEqual([]);
    }
  });

  test.each<[unknown, number | undefined]>([[undefined, undefined], ['20', 20], [5, 5]])(
    'the webapp:reservedConcurrency context %j reserves %j per function', (value, expected) => {
      const app = new App({ context: value === undefined ? {} : { 'webapp:reservedConcurrency': value } });
      expect(reservedConcurrency(app)).toEqual(expected);
    });

  test('a function reserves what the context asks', () => {
    const app = new App({ context: { 'webapp:reservedConcurrency': '20' } });
    const stack = new Stack(app, 'Functions');
    const network = new ThreeTierVpc(stack, 'Network');
    appFunction(stack, 'Orders', { network, handler: 'orders', description: 'Orders API' });
    const [fn] = Object.values<any>(Template.fromStack(stack).findResources('AWS::Lambda::Function', { Properties: { Description: 'Orders API' } }));
    expect(fn.Properties.ReservedConcurrentExecutions).toEqual(20);
  });

  test.each(['0', '2.5', 'twenty', -1])('the webapp:reservedConcurrency context %j is refused', (value) => {
    const app = new App({ context: { 'webapp:reservedConcurrency': value } });
    expect(() => reservedConcurrency(app)).toThrow(new Error(
      `The context value \`webapp:reservedConcurrency\` must be a whole number of at least 1, got: '${value}'. ` +
      'Leave it out for the profile\'s default (50 in production, 5 in development); Lambda keeps 100 of the account\'s concurrency unreserved.',
    ));
  });

  // AWS Control Tower: CT.LAMBDA.PR.2 (a service principal's permission names SourceAccount or
  // SourceArn), CT.SQS.PR.1 (a dead-letter queue declares a redrive allow policy), CT.LAMBDA.PR.3.
  test('API Gateway may invoke the functions only for this account\'s methods; no test invocations; DLQs say they are DLQs', () => {
    const template = production.template('WebAppApi');
    const permissions = Object.values<any>(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(7);
    for (const permission of permissions) {
      expect(permission.Properties).toEqual(expect.objectContaining({ Principal: 'apigateway.amazonaws.com', SourceAccount: '111111111111' }));
      expect(JSON.stringify(permission.Properties.SourceArn)).not.toContain('test-invoke-stage');
    }
    const queues = Object.values<any>(template.findResources('AWS::SQS::Queue'));
    expect(queues.map((q) => q.Properties.RedriveAllowPolicy)).toEqual(Array(3).fill({ redrivePermission: 'allowAll' }));
    const functions = Object.values<any>(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: NEWEST_NODE } }));
    expect(functions.map((f) => f.Metadata.guard.SuppressedRules)).toEqual(Array(3).fill(['CT.LAMBDA.PR.3']));
  });

  test('three bundled functions in the application tier, each with its own role and no inline policy', () => {
    const template = production.template('WebAppApi');
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const functions = Object.values<any>(template.findResources('AWS::Lambda::Function'));
    expect(functions.map((f) => f.Properties.Description).sort()).toEqual(['Files API', 'Orders API', 'Users API']);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toEqual(NEWEST_NODE);
      expect(Number(/\d+/.exec(fn.Properties.Runtime)![0])).toBeGreaterThanOrEqual(24);
      expect(fn.Properties.Handler).toEqual('index.handler');
      expect(fn.Properties.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
      const subnets = fn.Properties.VpcConfig.SubnetIds.map((s: any) => s['Fn::ImportValue']);
      expect(subnets).toHaveLength(3);
      expect(subnets.every((name: string) => /NetworkApplicationSubnet\dSubnet/.test(name))).toBe(true);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.DeadLetterConfig).toBeDefined();
    }
  });

  test('each function runs its own handler\'s bundle (ten functions, ten assets)', () => {
    const functions = FUNCTION_STACKS.flatMap((name) => Object.values<any>(production.template(name).findResources('AWS::Lambda::Function')));
    expect(functions).toHaveLength(10);
    expect(new Set(functions.map((f) => f.Properties.Code.S3Key)).size).toBe(10);
  });

  test('orders and users may connect to the proxy as the application user (not the master), and nothing else of the data tier', () => {
    const template = production.template('WebAppApi');
    for (const fn of ['Orders', 'Users']) {
      const statements = statementsOfFunction(template, fn);
      const actions = statements.flatMap((s) => [].concat(s.Action));
      expect(actions.filter((a: string) => !/^(logs|sqs|kms|ec2|xray):/.test(a))).toEqual(['rds-db:connect']);
      const connect = statements.find((s) => s.Action === 'rds-db:connect');
      expect(JSON.stringify(connect.Resource)).toMatch(/:dbuser:.*\/webapp_app"/);
      expect(JSON.stringify(connect.Resource)).toContain('DatabaseProxy');
    }
    // The proxy signs in to the database as the application user with IAM, and as nothing but it and the master.
    const data = production.template('WebAppData');
    const proxyPolicy = Object.values<any>(data.findResources('AWS::IAM::ManagedPolicy'))
      .find((p) => JSON.stringify(p.Properties.Roles).includes('DatabaseProxyRole'));
    const proxyConnect = proxyPolicy.Properties.PolicyDocument.Statement.filter((st: any) => st.Action === 'rds-db:connect');
    expect(proxyConnect).toHaveLength(1);
    expect(JSON.stringify(proxyConnect[0].Resource)).toMatch(/DBClusterResourceId.*\/webapp_app"/);
    // The proxy admits the two functions' security groups on the database port.
    const ingress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((rule) => rule.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort()).toEqual([
      expect.stringMatching(/^OrdersSecurityGroup/), expect.stringMatching(/^UsersSecurityGroup/),
    ]);
  });

  test('files may read and write the uploads under uploads/ only, through S3, and never delete versions', () => {
    const statements = statementsOfFunction(production.template('WebAppApi'), 'Files');
    const s3 = statements.filter((s) => [].concat(s.Action).some((a: string) => a.startsWith('s3:')));
    expect(s3.map((s) => s.Action)).toEqual([
      ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
    ]);
    expect(JSON.stringify(s3[0].Resource)).toMatch(/\/uploads\/\*"/);
    expect(JSON.stringify(statements)).not.toMatch(/rds-db|DeleteObjectVersion/);
    const keyUse = statements.find((s) => JSON.stringify(s.Condition ?? {}).includes('kms:ViaService'));
    expect(keyUse.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  test('uploaded order files under incoming/ reach the ingest function through EventBridge and an encrypted queue', () => {
    const template = production.template('WebAppIngest');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: [{ 'Fn::ImportValue': Match.stringLikeRegexp('Uploads') }] }, object: { key: [{ wildcard: 'incoming/*.csv' }] } },
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 50 } });
    // Six times the function's 60 seconds.
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 360, RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
    // The uploads bucket sends its events to EventBridge itself (no notifications custom resource).
    production.template('WebAppData').resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  test('the ingest function reads only under incoming/, inserts as the application user, and publishes its notice; nothing else', () => {
    const template = production.template('WebAppIngest');
    const statements = statementsOfFunction(template, 'IngestOrders');
    const actions = statements.flatMap((st) => [].concat(st.Action)).filter((a: string) => !/^(logs|kms|ec2|xray):/.test(a));
    expect([...new Set(actions)].sort()).toEqual([
      'rds-db:connect', 's3:GetBucketLocation', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 'sns:Publish',
      'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage',
    ]);
    const read = statements.find((st) => [].concat(st.Action).includes('s3:GetObject' as never));
    expect(JSON.stringify(read.Resource)).toMatch(/\/incoming\/\*"/);
    const connect = statements.find((st) => st.Action === 'rds-db:connect');
    expect(JSON.stringify(connect.Resource)).toMatch(/:dbuser:.*\/webapp_app"/);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Inserts the orders of files uploaded under incoming/',
      Environment: { Variables: Match.objectLike({ DB_NAME: 'webapp', DB_USER: 'webapp_app', SOURCE_PREFIX: 'incoming/' }) },
    });
  });

  test('a nightly schedule runs the purge, which may connect as the application user and nothing more', () => {
    const template = production.template('WebAppIngest');
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(30 3 * * ? *)', ScheduleExpressionTimezone: 'Etc/UTC' });
    const actions = statementsOfFunction(template, 'PurgeIngestRecords').flatMap((st) => [].concat(st.Action)).filter((a: string) => !/^(logs|sqs|kms|ec2|xray):/.test(a));
    expect(actions).toEqual(['rds-db:connect']);
  });

  test('one domain serves the three APIs at /orders, /users and /files, every method IAM-authorized; no response is cached', () => {
    const template = production.template('WebAppApi');
    template.resourceCountIs('AWS::ApiGateway::DomainName', 1);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: 'api.shop.example.org', SecurityPolicy: 'TLS_1_2' });
    const basePaths = Object.values<any>(template.findResources('AWS::ApiGateway::BasePathMapping')).map((m) => m.Properties.BasePath);
    expect(basePaths.sort()).toEqual(['files', 'orders', 'users']);
    expect(Object.values<any>(template.findResources('AWS::ApiGateway::RestApi')).map((api) => api.Properties.DisableExecuteApiEndpoint))
      .toEqual([true, true, true]);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 3);
    const methods = Object.values<any>(template.findResources('AWS::ApiGateway::Method'));
    expect(methods.map((m) => m.Properties.HttpMethod).sort()).toEqual(['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PUT']);
    expect(methods.every((m) => m.Properties.AuthorizationType === 'AWS_IAM')).toBe(true);
    // Every method calls its function, but the checkout route, which starts the order workflow (tested below).
    expect(methods.map((m) => m.Properties.Integration.Type).sort()).toEqual(['AWS', ...Array(7).fill('AWS_PROXY')]);
    // Every GET answers for its caller, so no method caches and no stage pays for a cache cluster.
    const stages = Object.values<any>(template.findResources('AWS::ApiGateway::Stage'));
    expect(stages).toHaveLength(3);
    for (const stage of stages) {
      expect(stage.Properties.CacheClusterEnabled).toBe(false);
      expect(stage.Properties.MethodSettings.map((s: any) => [s.HttpMethod, s.ResourcePath, s.CachingEnabled])).toEqual([['*', '/*', false]]);
    }
  });

  test('request bodies are validated at the API against a model', () => {
    const template = production.template('WebAppApi');
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Name: 'NewOrder',
      Schema: Match.objectLike({ required: ['item', 'quantity'], additionalProperties: false }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestModels: { 'application/json': Match.anyValue() },
      RequestValidatorId: Match.anyValue(),
    });
  });
});

/** A Step Functions definition as synthesized: function ARNs become `fn:<logical id>`, the topic `topic:<logical id>`, anything else `X`. */
function definitionOf(template: Template): any {
  const [machine] = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'));
  const parts: any[] = machine.Properties.DefinitionString['Fn::Join'][1];
  return JSON.parse(parts.map((part) => {
    if (typeof part === 'string') {
      return part;
    }
    if (part['Fn::GetAtt']?.[1] === 'Arn') {
      return `fn:${part['Fn::GetAtt'][0]}`;
    }
    return part.Ref ? `topic:${part.Ref}` : 'X';
  }).join(''));
}

/** A value of the state's data at a JSONPath of the form `$` or `$.a.b`; a missing one fails the execution, as in Step Functions. */
function valueAt(data: any, jsonPath: string): any {
  return jsonPath.replace(/^\$\.?/, '').split('.').filter(Boolean).reduce((value, key) => {
    if (value === null || typeof value !== 'object' || !(key in value)) {
      throw Object.assign(new Error(`Invalid path '${jsonPath}': the state's data has no '${key}'.`), { name: 'States.Runtime' });
    }
    return value[key];
  }, data);
}

/** A `Parameters` block with its `.$` fields taken from `data`. */
function parametersOf(template: any, data: any): any {
  if (template === null || typeof template !== 'object') {
    return template;
  }
  return Object.fromEntries(Object.entries<any>(template).map(([key, value]) =>
    (key.endsWith('.$') ? [key.slice(0, -2), valueAt(data, value)] : [key, parametersOf(value, data)])));
}

function withResultAt(data: any, resultPath: string | null | undefined, result: any): any {
  if (resultPath === null) {
    return data;
  }
  return resultPath === undefined || resultPath === '$' ? result : { ...data, [resultPath.replace(/^\$\./, '')]: result };
}

interface Run {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly cause?: string;
  /** The states entered, in order. */
  readonly states: string[];
  /** What the SNS tasks published: the message and its attributes. */
  readonly published: Array<{ topic: string; message: any; attributes: Record<string, { DataType: string; StringValue: string }> }>;
}

/**
 * Runs a definition the way Step Functions would for what this workflow uses
 * (Lambda and SNS tasks, Choice on booleans and strings, Catch, Succeed,
 * Fail with a cause path), with `functions` standing in for the Lambda
 * functions (by logical id prefix) and SNS publishing into the run. Retries
 * are left out: an error is the error after the last retry.
 */
async function runDefinition(definition: any, input: unknown, functions: Record<string, (payload: any) => Promise<unknown>>,
  publish: (message: unknown) => void = () => undefined): Promise<Run> {
  const states: string[] = [];
  const published: Run['published'] = [];
  let name: string = definition.StartAt;
  let data: any = input;
  for (;;) {
    const state = definition.States[name];
    states.push(name);
    if (state.Type === 'Succeed') {
      return { status: 'SUCCEEDED', states, published };
    }
    if (state.Type === 'Fail') {
      return { status: 'FAILED', error: state.Error, cause: state.CausePath ? valueAt(data, state.CausePath) : state.Cause, states, published };
    }
    if (state.Type === 'Choice') {
      const matches = (choice: any) => ('BooleanEquals' in choice ? valueAt(data, choice.Variable) === choice.BooleanEquals : valueAt(data, choice.Variable) === choice.StringEquals);
      name = state.Choices.find(matches)?.Next ?? state.Default;
      continue;
    }
    expect(state.Type).toEqual('Task');
    const parameters = parametersOf(state.Parameters, data);
    let result: any;
    try {
      if (state.Resource.endsWith(':lambda:invoke')) {
        const fn = Object.entries(functions).find(([prefix]) => String(parameters.FunctionName).startsWith(`fn:${prefix}`));
        if (!fn) {
          throw new Error(`No function stands in for ${parameters.FunctionName}.`);
        }
        result = { StatusCode: 200, Payload: JSON.parse(JSON.stringify(await fn[1](parameters.Payload))) };
      } else {
        expect(state.Resource).toMatch(/:sns:publish$/);
        publish(parameters.Message);
        published.push({ topic: parameters.TopicArn, message: parameters.Message, attributes: parameters.MessageAttributes });
        result = { MessageId: `message-${published.length}` };
      }
    } catch (error) {
      const caught = { Error: (error as Error).name, Cause: String((error as Error).message) };
      const catcher = (state.Catch ?? []).find((c: any) => c.ErrorEquals.includes('States.ALL') || c.ErrorEquals.includes(caught.Error));
      if (!catcher || caught.Error === 'States.Runtime') {
        return { status: 'FAILED', error: caught.Error, cause: caught.Cause, states, published };
      }
      data = withResultAt(data, catcher.ResultPath, caught);
      name = catcher.Next;
      continue;
    }
    data = withResultAt(data, state.ResultPath, result);
    data = state.OutputPath ? valueAt(data, state.OutputPath) : data;
    if (state.End) {
      return { status: 'SUCCEEDED', states, published };
    }
    name = state.Next;
  }
}

/** An SQS batch of the given bodies, as Lambda hands it to a consumer (message ids m1, m2, ...). */
function sqsBatch(...bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, i) => ({ messageId: `m${i + 1}`, body })) } as unknown as SQSEvent;
}

const ORDER = { orderId: '0b6f0d3e-8c1a-4f7e-9a55-2d0c8f1e4b7a', item: 'tea', quantity: 2, amountCents: 1200, currency: 'EUR' };
const HANDLERS = {
  ValidateOrder: validateHandler,
  ChargePayment: chargeHandler,
  RefundPayment: refundHandler,
};

describe('the order workflow (WebAppOrders)', () => {
  let template: Template;
  let definition: any;
  let resources: Record<string, any>;
  /** The logical id of the resource of `type` whose id starts with `prefix`. */
  const idOf = (type: string, prefix: string) => {
    const ids = Object.keys(template.findResources(type)).filter((id) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
    expect(ids).toHaveLength(1);
    return ids[0];
  };
  beforeAll(() => {
    template = production.template('WebAppOrders');
    definition = definitionOf(template);
    resources = template.toJSON().Resources;
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  test('a STANDARD state machine, its data encrypted with its own rotating key, every event logged (no payloads) and traced', () => {
    for (const app of [development, production]) {
      app.template('WebAppOrders').hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrderCheckoutKey'), 'Arn'] }, KmsDataKeyReusePeriodSeconds: 300 },
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: false,
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrderCheckoutLogs'), 'Arn'] } } }],
        },
        TracingConfiguration: { Enabled: true },
      });
    }
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    // Its name ends in part of the stack's id: the README starts executions with the ARN from this output.
    template.hasOutput('CheckoutStateMachineArn', { Value: { Ref: Match.stringLikeRegexp('^OrderCheckoutStateMachine') } });
    template.hasResourceProperties('AWS::KMS::Key', { Description: Match.stringLikeRegexp('WebAppOrders/OrderCheckout$'), EnableKeyRotation: true });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^/aws/vendedlogs/states/WebAppOrders-OrderCheckout-')])] },
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrderCheckoutKey'), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('validate → valid? → charge → paid? → notice: the charge and the PAID notice are compensated by the refund', () => {
    const { States: states } = definition;
    expect(definition.StartAt).toEqual('Validate');
    expect(Object.keys(states).sort()).toEqual([
      'Charge', 'CheckoutFailed', 'NotifyDeclined', 'NotifyFailed', 'NotifyPaid', 'OrderPlaced', 'Paid?', 'PaymentDeclined', 'Refund', 'Valid?', 'Validate',
    ]);
    for (const task of ['Validate', 'Charge', 'Refund']) {
      expect([task, states[task].OutputPath]).toEqual([task, '$.Payload']);
      // Throttled by the function's reserved concurrency: retried.
      expect(states[task].Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['Lambda.TooManyRequestsException'] }));
    }
    expect(states.Charge.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Refund' }]);
    expect(states.NotifyPaid.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Refund' }]);
    expect(states.Refund.Next).toEqual('NotifyFailed');
    expect(states['Valid?'].Default).toEqual('NotifyFailed');
    expect(states['Paid?'].Choices).toEqual([{ Variable: '$.status', StringEquals: 'PAID', Next: 'NotifyPaid' }]);
    expect(states.Charge.TimeoutSeconds).toEqual(30);
    const topic = `topic:${idOf('AWS::SNS::Topic', 'OrderEventsTopic')}`;
    for (const [task, status] of [['NotifyPaid', 'PAID'], ['NotifyDeclined', 'DECLINED'], ['NotifyFailed', 'FAILED']]) {
      expect(states[task].Parameters).toEqual(expect.objectContaining({
        TopicArn: topic,
        MessageAttributes: { status: { DataType: 'String', StringValue: status } },
      }));
      expect(states[task].ResultPath).toBeNull();
    }
    expect([states.OrderPlaced.Type, states.PaymentDeclined.Type, states.CheckoutFailed.Type]).toEqual(['Succeed', 'Fail', 'Fail']);
  });

  test('a valid order is charged, and its PAID notice goes to billing and email', async () => {
    const run = await runDefinition(definition, ORDER, HANDLERS);
    expect(run.status).toEqual('SUCCEEDED');
    expect(run.states).toEqual(['Validate', 'Valid?', 'Charge', 'Paid?', 'NotifyPaid', 'OrderPlaced']);
    expect(run.published).toHaveLength(1);
    const [{ message, attributes }] = run.published;
    expect(attributes).toEqual({ status: { DataType: 'String', StringValue: 'PAID' } });
    expect(message).toEqual({ status: 'PAID', orderId: ORDER.orderId, order: ORDER, paymentId: expect.stringMatching(/^pay_[0-9a-f]{24}$/) });
    // The consumers take the notice as the subscriptions deliver it (raw: the message as published).
    expect(invoiceOf(noticeOf(JSON.stringify(message), 'm1'))).toEqual({
      invoiceId: `inv_${ORDER.orderId}`, orderId: ORDER.orderId, paymentId: message.paymentId, amountCents: 1200, currency: 'EUR',
    });
    expect(emailOf(noticeOf(JSON.stringify(message), 'm1')).subject).toEqual('Thank you for your order');
  });

  test('a declined payment ends in a DECLINED notice and a failed execution, with nothing refunded', async () => {
    const run = await runDefinition(definition, { ...ORDER, amountCents: STUB_DECLINE_ABOVE_CENTS + 1 }, HANDLERS);
    expect([run.status, run.error, run.cause]).toEqual(['FAILED', 'PaymentDeclined', expect.stringContaining('declines amounts above')]);
    expect(run.states).not.toContain('Refund');
    expect(run.published.map((p) => [p.message.status, p.message.orderId, p.attributes.status.StringValue])).toEqual([['DECLINED', ORDER.orderId, 'DECLINED']]);
  });

  test.each<[string, unknown, string | null]>([
    ['an order with a bad quantity', { ...ORDER, quantity: 0 }, ORDER.orderId],
    ['an order without an id', { ...ORDER, orderId: undefined }, null],
    ['input that is no object', 'tea, please', null],
  ])('%s is never charged: a FAILED notice and a failed execution', async (_what, input, orderId) => {
    const run = await runDefinition(definition, input, HANDLERS);
    expect([run.status, run.error]).toEqual(['FAILED', 'CheckoutFailed']);
    expect(run.states).toEqual(['Validate', 'Valid?', 'NotifyFailed', 'CheckoutFailed']);
    expect(run.published.map((p) => p.message)).toEqual([{ status: 'FAILED', orderId, reason: run.cause }]);
  });

  test('a charge that fails is compensated: refunded, then a FAILED notice', async () => {
    const failingCharge = async () => {
      throw Object.assign(new Error('The provider answered 502'), { name: 'PaymentProviderError' });
    };
    const run = await runDefinition(definition, ORDER, { ...HANDLERS, ChargePayment: failingCharge });
    expect([run.status, run.error]).toEqual(['FAILED', 'CheckoutFailed']);
    expect(run.states).toEqual(['Validate', 'Valid?', 'Charge', 'Refund', 'NotifyFailed', 'CheckoutFailed']);
    expect(run.published.map((p) => [p.message, p.attributes.status.StringValue])).toEqual([[
      { status: 'FAILED', orderId: ORDER.orderId, reason: 'The checkout failed (PaymentProviderError); any charge was refunded.' }, 'FAILED',
    ]]);
  });

  test('a PAID notice that cannot be published is compensated too: the order is refunded, and the FAILED notice tried', async () => {
    let publishes = 0;
    const run = await runDefinition(definition, ORDER, HANDLERS, () => {
      if (publishes++ === 0) {
        throw Object.assign(new Error('SNS is unavailable'), { name: 'SNS.InternalErrorException' });
      }
    });
    expect(run.states).toEqual(['Validate', 'Valid?', 'Charge', 'Paid?', 'NotifyPaid', 'Refund', 'NotifyFailed', 'CheckoutFailed']);
    expect(run.published.map((p) => p.message.status)).toEqual(['FAILED']);
  });

  test('the fan-out: a standard encrypted topic; billing gets PAID notices, email PAID, DECLINED and FAILED, each in its own queue', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: Match.stringLikeRegexp('^WebAppOrders-OrderEvents-'),
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrderEventsKey'), 'Arn'] },
      FifoTopic: Match.absent(),
    });
    const subscriptions = Object.values<any>(template.findResources('AWS::SNS::Subscription')).map((s) => s.Properties);
    expect(subscriptions.map((s) => [s.Endpoint['Fn::GetAtt'][0], s.FilterPolicy, s.FilterPolicyScope, s.RawMessageDelivery, s.TopicArn])).toEqual([
      [idOf('AWS::SQS::Queue', 'OrderEventsBillingQueue'), { status: ['PAID'] }, undefined, true, { Ref: idOf('AWS::SNS::Topic', 'OrderEventsTopic') }],
      [idOf('AWS::SQS::Queue', 'OrderEventsEmailQueue'), { status: ['PAID', 'DECLINED', 'FAILED'] }, undefined, true, { Ref: idOf('AWS::SNS::Topic', 'OrderEventsTopic') }],
    ]);
    // What SNS does with each status the workflow publishes, by the subscriptions' filter policies.
    const receivers = (status: string) => subscriptions.filter((s) => s.FilterPolicy.status.includes(status)).map((s) => s.Endpoint['Fn::GetAtt'][0].replace(/^OrderEvents(\w+)Queue.*$/, '$1'));
    expect(['PAID', 'DECLINED', 'FAILED'].map(receivers)).toEqual([['Billing', 'Email'], ['Email'], ['Email']]);
    for (const subscription of subscriptions) {
      expect(subscription.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]).toMatch(/^OrderEvents(Billing|Email)DeliveryDeadLetterQueue/);
    }
  });

  test('each consumer drains its own queue in batches with partial batch responses', () => {
    const mappings = Object.values<any>(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
    expect(mappings.map((m) => [m.EventSourceArn['Fn::GetAtt'][0], m.FunctionName.Ref, m.FunctionResponseTypes, m.ScalingConfig.MaximumConcurrency])).toEqual([
      [idOf('AWS::SQS::Queue', 'OrderEventsBillingQueue'), idOf('AWS::Lambda::Function', 'BillOrder'), ['ReportBatchItemFailures'], 50],
      [idOf('AWS::SQS::Queue', 'OrderEventsEmailQueue'), idOf('AWS::Lambda::Function', 'EmailOrder'), ['ReportBatchItemFailures'], 50],
    ]);
  });

  test('the workflow\'s role invokes validate, charge and refund (no consumer, no version wildcard) and publishes to the topic with its key', () => {
    const roleId = idOf('AWS::IAM::Role', 'OrderCheckoutRole');
    const statements = statementsOfRole(resources, roleId);
    const invoked = statements.filter((st) => st.Action === 'lambda:InvokeFunction').map((st) => st.Resource['Fn::GetAtt'][0]).sort();
    expect(invoked).toEqual(['ChargePayment', 'RefundPayment', 'ValidateOrder'].map((prefix) => idOf('AWS::Lambda::Function', prefix)));
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: idOf('AWS::SNS::Topic', 'OrderEventsTopic') } });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': [idOf('AWS::KMS::Key', 'OrderEventsKey'), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' } },
    });
    const services = new Set(statements.flatMap((st) => [].concat(st.Action)).map((action: string) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['kms', 'lambda', 'logs', 'sns', 'xray']);
  });

  test('none of its functions reaches the database: no rds-db grant, no database settings, no network rule', () => {
    for (const fn of ['ValidateOrder', 'ChargePayment', 'RefundPayment', 'BillOrder', 'EmailOrder']) {
      const actions = statementsOfFunction(template, fn).flatMap((st) => [].concat(st.Action));
      expect([fn, actions.filter((a: string) => !/^(logs|sqs|kms|ec2|xray):/.test(a))]).toEqual([fn, []]);
    }
    expect(JSON.stringify(template.findResources('AWS::Lambda::Function'))).not.toMatch(/DB_|Database/);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
  });

  test('POST /orders/checkout on the IAM-authorized orders API starts an execution with the request body, with a role that may do nothing else', () => {
    const api = production.template('WebAppApi');
    const checkout = Object.values<any>(api.findResources('AWS::ApiGateway::Resource')).filter((r) => r.Properties.PathPart === 'checkout');
    expect(checkout).toHaveLength(1);
    const [method] = Object.values<any>(api.findResources('AWS::ApiGateway::Method', { Properties: { Integration: { Type: 'AWS' } } }));
    expect(method.Properties).toEqual(expect.objectContaining({ HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', RestApiId: { Ref: expect.stringMatching(/^OrdersApi/) } }));
    const integration = method.Properties.Integration;
    expect(JSON.stringify(integration.Uri)).toContain(':apigateway:eu-west-1:states:action/StartExecution');
    expect(integration.Credentials).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^WebAppOrders:.*OrderCheckoutApiTriggerRole/) });
    expect(JSON.stringify(integration.RequestTemplates['application/json'])).toContain('stateMachine:WebAppOrders-OrderCheckout-');
    expect(integration.PassthroughBehavior).toEqual('NEVER');
    const statements = statementsOfRole(resources, idOf('AWS::IAM::Role', 'OrderCheckoutApiTriggerRole'));
    expect(statements.map((st) => st.Action)).toEqual(['states:StartExecution', 'kms:GenerateDataKey']);
    // The API stack reads the role's ARN from the orders stack, so it deploys after it.
    expect(production.assembly.getStackByName('WebAppApi').dependencies.map((d) => d.id)).toContain('WebAppOrders');
  });
});

/** The logical ids of the resources a template value names: Ref, Fn::GetAtt, and `${Id}` or `${Id.Attr}` in Fn::Sub. */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(referencedIds);
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const object = value as Record<string, any>;
  if (typeof object.Ref === 'string') {
    return [object.Ref];
  }
  if (Array.isArray(object['Fn::GetAtt'])) {
    return [object['Fn::GetAtt'][0]];
  }
  if (object['Fn::Sub'] !== undefined) {
    const [text, variables] = Array.isArray(object['Fn::Sub']) ? object['Fn::Sub'] : [object['Fn::Sub'], {}];
    const named = [...String(text).matchAll(/\$\{([^!.}]+)[^}]*\}/g)].map((match) => match[1]).filter((id) => !(id in (variables ?? {})));
    return [...named, ...referencedIds(variables)];
  }
  return Object.values(object).flatMap(referencedIds);
}

/** A cycle among a template's resources (through DependsOn, Ref, Fn::GetAtt or Fn::Sub), as the logical ids along it, or undefined. */
function dependencyCycle(template: any): string[] | undefined {
  const resources: Record<string, any> = template.Resources ?? {};
  const edges = new Map(Object.entries(resources).map(([id, resource]) => [id, [...new Set([
    ...([] as string[]).concat(resource.DependsOn ?? []),
    ...referencedIds(resource.Properties ?? {}),
  ])].filter((other) => other in resources)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') {
      return undefined;
    }
    if (state.get(id) === 'visiting') {
      return [...trail.slice(trail.indexOf(id)), id];
    }
    state.set(id, 'visiting');
    trail.push(id);
    for (const next of edges.get(id)!) {
      const cycle = visit(next);
      if (cycle) {
        return cycle;
      }
    }
    trail.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(resources)) {
    const cycle = visit(id);
    if (cycle) {
      return cycle;
    }
  }
  return undefined;
}

/** The resources of a template of one type, with their logical ids, in the template's order. */
function ofType(template: any, type: string): Array<[string, any]> {
  return Object.entries<any>(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Whether a construct has the members of `IMonitored` (an interface, so there is no class to test for). */
function hasMonitoringMembers(construct: IConstruct): boolean {
  return Array.isArray((construct as any).alarms) && typeof (construct as any).monitoringWidgets === 'function';
}

describe('alarms, audit trail and operations dashboard', () => {
  const apps = () => [['development', development], ['production', production]] as const;

  test('one SNS topic takes the alarms of the whole app: every alarm notifies the network stack\'s topic, elsewhere through its export', () => {
    for (const [profile, { assembly }] of apps()) {
      const templates = STACKS.map((name) => [name, assembly.getStackByName(name).template] as const);
      // The other two topics are the app's own: the ingest pipeline's completion notices and the order events fan-out.
      const topics = templates.flatMap(([name, template]) => Object.entries<any>(template.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::SNS::Topic').map(([id]) => `${name}/${id}`));
      expect([profile, topics]).toEqual([profile, [
        expect.stringMatching(/^WebAppNetwork\/Alarms[0-9A-F]{8}$/),
        expect.stringMatching(/^WebAppOrders\/OrderEventsTopic[0-9A-F]{8}$/),
        expect.stringMatching(/^WebAppIngest\/OrdersIngestCompletionTopic[0-9A-F]{8}$/),
      ]]);
      const topicId = topics[0].split('/')[1];
      const network = assembly.getStackByName('WebAppNetwork').template;
      const [exportName] = Object.values<any>(network.Outputs).filter((output) => output.Value.Ref === topicId).map((output) => output.Export.Name);
      expect(exportName).toBeDefined();
      // The alarm topic's subscription: the context's address (a placeholder here).
      expect(Object.values<any>(network.Resources).filter((r) => r.Type === 'AWS::SNS::Subscription').map((r) => r.Properties))
        .toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: topicId } })]);

      let alarms = 0;
      const withActions: string[] = [];
      for (const [name, template] of templates) {
        const topic = name === 'WebAppNetwork' ? { Ref: topicId } : { 'Fn::ImportValue': exportName };
        for (const [id, resource] of Object.entries<any>(template.Resources)) {
          if (resource.Type === 'AWS::CloudWatch::Alarm') {
            alarms++;
            expect([name, id, resource.Properties.AlarmActions, resource.Properties.OKActions]).toEqual([name, id, [topic], [topic]]);
          } else if (resource.Type === 'AWS::CloudWatch::CompositeAlarm' && resource.Properties.AlarmActions) {
            withActions.push(`${name}/${id}`);
            expect([name, id, resource.Properties.AlarmActions, resource.Properties.OKActions]).toEqual([name, id, [topic], [topic]]);
          }
        }
      }
      expect([profile, alarms]).toEqual([profile, profile === 'production' ? 78 : 74]);
      // The sections' composite alarms have no actions (their alarms notify already); the service-health alarm notifies.
      expect(withActions).toEqual([expect.stringMatching(/^WebAppOperations\/DashboardServiceHealth[0-9A-F]{8}$/)]);
    }
  });

  test('the operations dashboard has a section for every monitored construct of the other stacks, in deployment order', () => {
    for (const [profile, synthesized] of apps()) {
      const operations = synthesized.stacks[synthesized.stacks.length - 1];
      expect(operations).toBeInstanceOf(OperationsStack);
      const { dashboard } = operations as OperationsStack;
      // Found independently: the whole app's tree (stacks in the order they were created), then ordered by deployment.
      const monitored = synthesized.app.node.findAll().filter(hasMonitoringMembers);
      expect(monitored.filter((construct) => Stack.of(construct) === operations)).toEqual([]);
      const deployment = (construct: IConstruct) => STACKS.indexOf(Stack.of(construct).stackName);
      const expected = [...monitored].sort((a, b) => deployment(a) - deployment(b)).map((construct) => construct.node.path);
      expect([profile, dashboard.sections]).toEqual([profile, expected]);
      expect(expected).toHaveLength(29);
      expect(expected).toEqual(expect.arrayContaining([
        'WebAppNetwork/Alarms', 'WebAppNetwork/Network', 'WebAppNetwork/AuditTrail', 'WebAppReplica/UploadsReplica', 'WebAppData/Database',
        'WebAppOrders/OrderCheckout', 'WebAppOrders/OrderEvents/Billing', 'WebAppApi/OrdersApi', 'WebAppApi/ApiDomain', 'WebAppIngest/OrdersIngest',
        'WebAppIngest/NightlyPurge',
      ]));

      // The synthesized dashboard: one heading per section, in that order; the replica's (second region) has graphs only.
      const template = synthesized.assembly.getStackByName('WebAppOperations').template;
      const [found, ...others] = findDashboards(template);
      expect(others).toEqual([]);
      expect(template.Resources[found.logicalId].Properties.DashboardName).toEqual('WebApp');
      const headings: string[] = found.body.widgets.filter((w: any) => w.type === 'text' && w.properties.markdown.startsWith('## '))
        .map((w: any) => w.properties.markdown.slice(3));
      expect(headings.map((heading) => heading.replace(/ \(.*\)$/, ''))).toEqual(expected);
      expect(headings.filter((heading) => heading.includes('('))).toEqual(['WebAppReplica/UploadsReplica (eu-central-1; not in the service-health alarm)']);

      // The service-health alarm names one composite alarm per section with alarms in its region.
      const here = monitored.filter((construct) => Stack.of(construct).region === operations.region);
      const serviceHealth = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm' && r.Properties.AlarmActions);
      const named = JSON.stringify(serviceHealth.Properties.AlarmRule).match(/ALARM\(/g) ?? [];
      expect(named).toHaveLength(here.filter((construct) => (construct as any).alarms.length > 0).length);
      // Distinct alarms: a ScheduledJob's or a pipeline's alarms include those of the functions it runs, which have sections too.
      expect(dashboard.alarmCount).toEqual(new Set(here.flatMap((construct) => (construct as any).alarms)).size);
    }
  });

  // These read the templates as JSON: Template.fromJSON refuses a template with a dependency cycle (tested last).
  test('the audit trail: one multi-region trail with validated log files, and the 14 CIS alarms on its log group', () => {
    for (const [profile, synthesized] of apps()) {
      const network = synthesized.assembly.getStackByName('WebAppNetwork').template;
      const trails = ofType(network, 'AWS::CloudTrail::Trail');
      expect(trails.map(([, t]) => t.Properties)).toEqual([expect.objectContaining({
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        IsLogging: true,
        TrailName: { 'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(/^WebAppNetwork-AuditTrail-/)])] },
      })]);
      const trail = synthesized.app.node.findAll().filter((construct): construct is AuditTrail => construct instanceof AuditTrail);
      expect(trail.map((t) => t.node.path)).toEqual(['WebAppNetwork/AuditTrail']);
      const cis = SecurityAlarms.cis().controls.map((control) => control.id);
      expect(cis).toEqual(Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`));
      const alarms = ofType(network, 'AWS::CloudWatch::Alarm')
        .map(([, alarm]) => /^WebAppNetwork\/AuditTrail: (CloudWatch\.\d+) /.exec(alarm.Properties.AlarmDescription)?.[1]).filter(Boolean);
      expect([profile, alarms]).toEqual([profile, cis]);
      expect(trail[0].alarms).toHaveLength(14);
      const logGroupId = trails[0][1].Properties.CloudWatchLogsLogGroupArn['Fn::GetAtt'][0];
      expect(logGroupId).toMatch(/^AuditTrailLogGroup/);
      const filters = ofType(network, 'AWS::Logs::MetricFilter');
      expect(filters.map(([, f]) => f.Properties.LogGroupName)).toEqual(Array(14).fill({ Ref: logGroupId }));
    }
  });

  test('the trail\'s log files replicate within the network stack, and the boundary protects the trail\'s bucket, log group and key', () => {
    const network = production.assembly.getStackByName('WebAppNetwork').template;
    const resources = network.Resources;
    const [[, trail]] = ofType(network, 'AWS::CloudTrail::Trail');
    const bucketId: string = trail.Properties.S3BucketName.Ref;
    const replication = resources[bucketId].Properties.ReplicationConfiguration;
    const [destination] = replication.Rules.map((rule: any) => rule.Destination.Bucket['Fn::GetAtt'][0]);
    expect(resources[destination].Type).toEqual('AWS::S3::Bucket');
    expect(destination).toMatch(/^AuditTrailBucketReplica/);

    const [[, boundary]] = ofType(network, 'AWS::IAM::ManagedPolicy')
      .filter(([, policy]) => String(policy.Properties.ManagedPolicyName).startsWith('WebAppNetwork-Boundary-'));
    // The boundary names the trail's resources by name (a reference would make it depend on them, and them through
    // the bucket's replication role on it), so what they resolve to once deployed is compared.
    const deployed = { ...production.assembly.getStackByName('WebAppNetwork').environment, stackName: 'WebAppNetwork' };
    const concrete = (value: unknown) => withStandIns(value, network, deployed) as any;
    const statements = concrete(boundary.Properties.PolicyDocument.Statement.filter((st: any) => ['TrailDestinations', 'TrailKey'].includes(st.Sid)));
    expect(statements.map((st: any) => [st.Sid, st.Effect])).toEqual([['TrailDestinations', 'Deny'], ['TrailKey', 'Deny']]);
    const [destinations, key] = statements;
    const bucket = concrete(trail.Properties.S3BucketName);
    const logGroup: string = concrete(trail.Properties.CloudWatchLogsLogGroupArn);
    expect(destinations.Resource).toEqual([`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`, logGroup.replace(/:\*$/, ''), logGroup]);
    // The key by its tag: every key of the account and region that carries the trail's tag, which the trail's key does.
    expect(key.Resource).toEqual('arn:aws:kms:eu-west-1:111111111111:key/*');
    const [[condition, value]] = Object.entries<string>(key.Condition.StringEquals);
    const keyId = trail.Properties.KMSKeyId['Fn::GetAtt'][0];
    expect(concrete(resources[keyId].Properties.Tags)).toContainEqual({ Key: condition.replace(/^aws:ResourceTag\//, ''), Value: value });
    expect(value).toEqual(concrete(trail.Properties.TrailName));
  });

  test('the stacks deploy in the order buildWebApp returns them, the operations stack last, after every stack whose alarms it names', () => {
    for (const [, synthesized] of apps()) {
      expect(synthesized.stacks.map((stack) => stack.stackName)).toEqual(STACKS);
      const dependencies = (name: string) => synthesized.assembly.getStackByName(name).dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets')).sort();
      STACKS.forEach((name, index) => {
        for (const dependency of dependencies(name)) {
          expect([name, dependency, STACKS.indexOf(dependency) < index]).toEqual([name, dependency, true]);
        }
      });
      expect(dependencies('WebAppOperations')).toEqual(['WebAppApi', 'WebAppData', 'WebAppIngest', 'WebAppNetwork', 'WebAppOrders']);
      // Every other stack of the primary region imports the alarm topic (its roles name the boundary, too).
      expect(STACKS.slice(1).filter((name) => !dependencies(name).includes('WebAppNetwork'))).toEqual([]);
    }
  });

  test.each(['development', 'production'])('%s: no template has a dependency cycle among its resources, which CloudFormation would refuse', (profile) => {
    const { assembly } = profile === 'development' ? development : production;
    expect(STACKS.map((name) => [name, dependencyCycle(assembly.getStackByName(name).template)])).toEqual(STACKS.map((name) => [name, undefined]));
  });
});

describe('order workflow handlers', () => {
  beforeAll(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  test('validate hands on only the fields of a valid order, its id in lower case', () => {
    expect(validateOrder({ ...ORDER, orderId: ORDER.orderId.toUpperCase(), note: 'ignored' })).toEqual({ ok: true, order: ORDER, reason: null });
  });

  test.each<[string, unknown, string]>([
    ['a quantity of 0', { ...ORDER, quantity: 0 }, '`quantity`'],
    ['a fractional amount', { ...ORDER, amountCents: 12.5 }, '`amountCents`'],
    ['an amount above the most', { ...ORDER, amountCents: MAX_AMOUNT_CENTS + 1 }, '`amountCents`'],
    ['a lower-case currency', { ...ORDER, currency: 'eur' }, '`currency`'],
    ['an empty item', { ...ORDER, item: '' }, '`item`'],
    ['an id that is no UUID', { ...ORDER, orderId: 'x'.repeat(10_000) }, '`orderId`'],
    ['an array', [ORDER], 'JSON object'],
    ['null', null, 'JSON object'],
  ])('validate refuses %s, echoing only a well-formed id', (_what, input, problem) => {
    const result = validateOrder(input);
    expect([result.ok, result.reason]).toEqual([false, expect.stringContaining(problem)]);
    expect(result.order).toEqual({ orderId: (input as any)?.orderId === ORDER.orderId ? ORDER.orderId : null });
  });

  test('charge pays up to the stub\'s limit with the same payment id for the same order, and declines above it', async () => {
    const first = await chargeOrder(ORDER, stubProvider);
    expect(first).toEqual({ status: 'PAID', order: ORDER, paymentId: expect.stringMatching(/^pay_/), reason: null });
    expect(await chargeOrder(ORDER, stubProvider)).toEqual(first);
    expect(await chargeOrder({ ...ORDER, amountCents: STUB_DECLINE_ABOVE_CENTS + 1 }, stubProvider)).toEqual(expect.objectContaining({ status: 'DECLINED' }));
  });

  test('charge asks the provider once per order id, the idempotency key', async () => {
    const requests: unknown[] = [];
    await chargeOrder(ORDER, { charge: async (request) => { requests.push(request); return { approved: true, paymentId: 'p1' }; } });
    expect(requests).toEqual([{ idempotencyKey: ORDER.orderId, amountCents: 1200, currency: 'EUR' }]);
  });

  test('refund marks the order REFUNDED and names the error, without its cause', async () => {
    expect(await refundOrder(ORDER, { Error: 'States.Timeout', Cause: 'stack trace …' }, stubRefunds)).toEqual({
      status: 'REFUNDED', order: ORDER, refundId: `ref_${ORDER.orderId}`, reason: 'The checkout failed (States.Timeout); any charge was refunded.',
    });
  });

  test('billing fails only the records it cannot bill: not JSON, not a notice, not PAID', async () => {
    const issued: Invoice[] = [];
    const paid = JSON.stringify({ status: 'PAID', orderId: ORDER.orderId, order: ORDER, paymentId: 'pay_1' });
    const result = await billBatch(sqsBatch(paid, '{"status": "PAID"', JSON.stringify({ hello: 'world' }), JSON.stringify({ status: 'DECLINED', orderId: ORDER.orderId, reason: 'no' })),
      async (invoice) => { issued.push(invoice); });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }, { itemIdentifier: 'm4' }] });
    expect(issued.map((invoice) => invoice.invoiceId)).toEqual([`inv_${ORDER.orderId}`]);
  });

  test('email writes one email per notice of any status and fails only the records that are no notice', async () => {
    const sent: Email[] = [];
    const result = await emailBatch(sqsBatch(
      JSON.stringify({ status: 'FAILED', orderId: null, reason: '`quantity` must be a whole number from 1 to 1000.' }),
      'not json',
      JSON.stringify({ status: 'DECLINED', orderId: ORDER.orderId, reason: 'Declined.' }),
    ), async (email) => { sent.push(email); });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(sent).toEqual([
      { orderId: null, subject: 'We could not place your order', body: 'Your order was not placed: `quantity` must be a whole number from 1 to 1000.' },
      { orderId: ORDER.orderId, subject: 'Your payment was declined', body: `Order ${ORDER.orderId} was not placed: Declined.` },
    ]);
  });

  test('a consumer whose work fails reports that record alone, for SQS to deliver again', async () => {
    const paid = (orderId: string) => JSON.stringify({ status: 'PAID', orderId, order: { ...ORDER, orderId }, paymentId: 'pay_1' });
    const result = await billBatch(sqsBatch(paid('a'), paid('b')), async (invoice) => {
      if (invoice.orderId === 'a') {
        throw new Error('The invoice store is unavailable');
      }
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });
});

describe('reference app settings', () => {
  test('context wins over the placeholders', () => {
    const context = { account: '222222222222', region: 'us-east-2', replicaRegion: 'us-west-2', zoneName: 'a.example', hostedZoneId: 'Z9', alarmEmail: 'ops@a.example' };
    expect(settingsFrom(new App({ context }))).toEqual(context);
  });

  test('the alarms go to a placeholder address unless the context names one', () => {
    expect(settingsFrom(new App()).alarmEmail).toEqual('oncall@example.com');
  });

  test('the replica region must differ from the primary region, and nothing is built', () => {
    const app = new App({ context: { region: 'eu-central-1', replicaRegion: 'eu-central-1' } });
    expect(() => buildWebApp(app)).toThrow(new Error(
      'The context value `replicaRegion` must be a region other than `region` (eu-central-1), got: \'eu-central-1\'.'));
    expect(app.node.children).toEqual([]);
  });
});
