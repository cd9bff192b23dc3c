import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { appFunction, reservedConcurrency } from '../../examples/three-tier-web-app/lib/app-function';
import { buildWebApp, cliContext, settingsFrom } from '../../examples/three-tier-web-app/lib/web-app';
import { ThreeTierVpc } from '../../src';
import { applyAllNagPacks, ComplianceReport, formatFinding, summarize } from '../compliance';
import { allowedBelow } from '../iam/red-team/simulate';
import { PolicyDocument, resolvePolicyExpressions } from '../iam/red-team/world';

interface Synthesized {
  readonly assembly: CloudAssembly;
  readonly report: ComplianceReport;
  template(stackName: string): Template;
}

/** The reference app, synthesized once per profile with all six packs (bundling its three functions). */
function synthesize(profile: 'development' | 'production'): Synthesized {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), `web-app-${profile}-`)),
    context: { ...cliContext(), 'cdk-paved-road:profile': profile, 'zoneName': 'shop.example.org', 'hostedZoneId': 'Z123EXAMPLE' },
  });
  buildWebApp(app);
  const recorder = applyAllNagPacks(app);
  const assembly = app.synth();
  return { assembly, report: summarize(recorder), template: (name) => Template.fromJSON(assembly.getStackByName(name).template) };
}

/**
 * The newest Node.js runtime aws-cdk-lib lists (nodejs24.x on the development pin), which the
 * functions use so that cdk-nag's latest-runtime rules hold on every aws-cdk-lib in range.
 */
const NEWEST_NODE = `nodejs${Math.max(...lambda.Runtime.ALL.map((r) => Number(/^nodejs(\d+)\.x$/.exec(r.name)?.[1] ?? 0)))}.x`;

const STACKS = ['WebAppNetwork', 'WebAppReplica', 'WebAppData', 'WebAppApi', 'WebAppIngest'];
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
    // 15: the five functions, the schedule's role, the database's and bucket's service roles, and the two
    // cross-region reference providers aws-cdk-lib adds after the aspects have run.
    expect(principals).toBe(15);
    const inventory: Array<{ path: string }> = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'permissions-inventory.json'), 'utf8'));
    expect(inventory).toHaveLength(15);
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
    const boundary = resolvePolicyExpressions(boundaryPolicy.Properties.PolicyDocument, {
      ...pseudo(network.environment.region),
      'AWS::StackId': `arn:aws:cloudformation:${network.environment.region}:${account}:stack/WebAppNetwork/5e4ea4b0-9d4f-11ef-8e2a-0a1b2c3d4e5f`,
    }) as PolicyDocument;

    const checked = new Set<string>();
    const denied: string[] = [];
    for (const name of STACKS) {
      const artifact = production.assembly.getStackByName(name);
      const resources = artifact.template.Resources;
      for (const roleId of Object.keys(resources).filter((id) => resources[id].Type === 'AWS::IAM::Role')) {
        for (const statement of statementsOfRole(resources, roleId).filter((st) => st.Effect === 'Allow')) {
          // Parts that exist only after deployment (other resources' ARNs) stand for any value.
          const resolved = resolvePolicyExpressions(statement, pseudo(artifact.environment.region), true) as any;
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

  test('five stacks: network, data, api and ingest in the primary region, the replica in the second', () => {
    expect(production.assembly.stacks.map((s) => [s.stackName, s.environment.region]).sort()).toEqual([
      ['WebAppApi', 'eu-west-1'], ['WebAppData', 'eu-west-1'], ['WebAppIngest', 'eu-west-1'], ['WebAppNetwork', 'eu-west-1'], ['WebAppReplica', 'eu-central-1'],
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
  // reserved concurrency." Five functions of 50 fit the default quota of 1,000 with room to spare.
  test('each function reserves the profile\'s concurrency (50 in production, 5 in development), so no concurrency rule is acknowledged', () => {
    for (const [app, reserved] of [[development, 5], [production, 50]] as const) {
      const functions = ['WebAppApi', 'WebAppIngest'].flatMap((name) => Object.values<any>(app.template(name).findResources('AWS::Lambda::Function')));
      expect(functions.map((f) => f.Properties.ReservedConcurrentExecutions)).toEqual(Array(5).fill(reserved));
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

  test('each function runs its own handler\'s bundle (five functions, five assets)', () => {
    const functions = ['WebAppApi', 'WebAppIngest'].flatMap((name) => Object.values<any>(production.template(name).findResources('AWS::Lambda::Function')));
    expect(new Set(functions.map((f) => f.Properties.Code.S3Key)).size).toBe(5);
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

  test('one domain serves the three APIs at /orders, /users and /files; no response is cached', () => {
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
    expect(methods.map((m) => m.Properties.HttpMethod).sort()).toEqual(['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT']);
    expect(methods.every((m) => m.Properties.AuthorizationType === 'AWS_IAM' && m.Properties.Integration.Type === 'AWS_PROXY')).toBe(true);
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

describe('reference app settings', () => {
  test('context wins over the placeholders', () => {
    const app = new App({ context: { account: '222222222222', region: 'us-east-2', replicaRegion: 'us-west-2', zoneName: 'a.example', hostedZoneId: 'Z9' } });
    expect(settingsFrom(app)).toEqual({ account: '222222222222', region: 'us-east-2', replicaRegion: 'us-west-2', zoneName: 'a.example', hostedZoneId: 'Z9' });
  });

  test('the replica region must differ from the primary region, and nothing is built', () => {
    const app = new App({ context: { region: 'eu-central-1', replicaRegion: 'eu-central-1' } });
    expect(() => buildWebApp(app)).toThrow(new Error(
      'The context value `replicaRegion` must be a region other than `region` (eu-central-1), got: \'eu-central-1\'.'));
    expect(app.node.children).toEqual([]);
  });
});
