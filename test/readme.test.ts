import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  ApiAuthorization, ApiGatewayAccountLogging, ControlTowerAcknowledgments, IngestDestination, IngestPipeline, IngestSource, MultiAzDatabase,
  PermissionsBoundary, ReplicaBucket, ReplicatedBucket, ScheduledJob, SecureFunction, SecureRestApi, SecureTable, ThreeTierVpc,
} from '../src';
import { auditStack, NagAcknowledgmentInForce } from './compliance';

/**
 * The README lists every acknowledgment the library makes (rule, resource,
 * reason). This keeps that table true: everything in force is listed with its
 * exact reason, and nothing listed is stale.
 */
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const acknowledgmentSection = readme.split('## Acknowledgments')[1]?.split('\n## ')[0] ?? '';

/** Acknowledgments with a reason the user gives are listed once, with "Your `reason`." */
const USER_REASON = 'A reason the user gives for a public method.';

/** Every construct of the library, each with the configuration that makes the most acknowledgments. */
function acknowledgmentsInForce(): NagAcknowledgmentInForce[] {
  const stack = new Stack(new App(), 'ReadmeStack');
  new ThreeTierVpc(stack, 'Network');
  const uploads = new ReplicatedBucket(stack, 'Uploads');
  uploads.grantReadWrite(new iam.Role(stack, 'UploadsReader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
  new ReplicaBucket(stack, 'StandaloneReplica');
  const network = new ThreeTierVpc(stack, 'DatabaseNetwork');
  new MultiAzDatabase(stack, 'Database', { vpc: network.vpc });

  new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
  const iamApi = new SecureRestApi(stack, 'IamApi');
  const health = iamApi.root.addResource('health').addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.NONE });
  iamApi.allowUnauthenticated(health, USER_REASON);
  iamApi.root.addMethod('GET', new apigw.MockIntegration());
  const handler = new lambda.Function(stack, 'AuthorizerFunction', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
  const lambdaApi = new SecureRestApi(stack, 'LambdaApi', {
    authorization: ApiAuthorization.lambda(new apigw.TokenAuthorizer(stack, 'Authorizer', { handler })),
  });
  lambdaApi.root.addMethod('GET', new apigw.MockIntegration());

  new PermissionsBoundary(stack, 'Boundary', {
    services: ['s3'],
    statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
    allowAdministrativeActions: true,
  });

  // The serverless constructs need a region: a SecureTable names its replica's key by region.
  const serverless = new Stack(stack.node.scope as App, 'ReadmeServerless', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ThreeTierVpc(serverless, 'Network');
  const table = new SecureTable(serverless, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
  const processor = new SecureFunction(serverless, 'Processor', { vpc: vpc.vpc, code, handler: 'index.handler' });
  new IngestPipeline(serverless, 'Ingest', {
    prefix: 'incoming/', processor, source: IngestSource.fromBucket(new s3.Bucket(serverless, 'Uploads')), destination: IngestDestination.table(table),
  });
  new ScheduledJob(serverless, 'Job', {
    function: new SecureFunction(serverless, 'Purge', { vpc: vpc.vpc, code, handler: 'index.handler' }),
    schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
  });
  return [...auditStack(stack).acknowledgments, ...auditStack(serverless).acknowledgments];
}

describe('README acknowledgments table', () => {
  const inForce = acknowledgmentsInForce();

  test('the section exists and the library makes acknowledgments to list', () => {
    expect(acknowledgmentSection).toContain('| Rule | Resource | Reason |');
    expect(inForce.length).toBeGreaterThan(0);
  });

  const pairs = [...new Map(inForce.filter((a) => a.reason !== USER_REASON).map((a) => [`${a.ruleId} -- ${a.reason}`, a])).values()];
  test.each(pairs.map((a) => [a.ruleId, a.reason]))('lists %s with its exact reason: %s', (ruleId, reason) => {
    const rows = acknowledgmentSection.split('\n').filter((line) => line.startsWith('|') && line.includes(`\`${ruleId}\``));
    expect(rows.some((row) => row.includes(reason))).toBe(true);
  });

  const userRules = [...new Set(inForce.filter((a) => a.reason === USER_REASON).map((a) => a.ruleId))];
  test.each(userRules)('lists %s, acknowledged with the user\'s own reason', (ruleId) => {
    const rows = acknowledgmentSection.split('\n').filter((line) => line.startsWith('|') && line.includes(`\`${ruleId}\``));
    expect(rows.some((row) => row.endsWith('| Your `reason`. |'))).toBe(true);
  });

  test('lists no rule that is not acknowledged anywhere', () => {
    const listed = [...acknowledgmentSection.matchAll(/`((?:AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R[45]|PCI\.DSS\.321|Serverless)-[A-Za-z0-9]+)`/g)].map((m) => m[1]);
    const acknowledged = new Set(inForce.map((a) => a.ruleId));
    expect(listed.filter((rule) => !acknowledged.has(rule))).toEqual([]);
  });
});

/**
 * The README's AWS Control Tower table lists every control the library
 * acknowledges (written with ControlTowerAcknowledgments), with the exact
 * reason, and nothing that is not acknowledged anywhere.
 */
describe('README AWS Control Tower acknowledgments table', () => {
  const section = readme.split('## AWS Control Tower acknowledgments')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `CT.'));

  function controlsInForce(): Array<[string, string]> {
    const app = new App();
    const primary = new Stack(app, 'Primary', { env: { account: '111111111111', region: 'eu-west-1' }, crossRegionReferences: true });
    const replicaStack = new Stack(app, 'Replica', { env: { account: '111111111111', region: 'eu-central-1' } });
    new ThreeTierVpc(primary, 'Network');
    const replica = new ReplicaBucket(replicaStack, 'Replica');
    new ReplicatedBucket(primary, 'Uploads', { destinations: [{ bucket: replica.bucket }] });
    new PermissionsBoundary(primary, 'Boundary', { services: ['s3'] });
    app.synth();
    const found = new Map<string, string>();
    for (const resource of app.node.findAll().filter(CfnResource.isCfnResource)) {
      for (const [control, reason] of Object.entries(ControlTowerAcknowledgments.of(resource))) {
        found.set(`${control} -- ${reason}`, control);
      }
    }
    return [...found].map(([key, control]) => [control, key.slice(control.length + 4)]);
  }
  const inForce = controlsInForce();

  test('the library acknowledges controls, each listed', () => {
    expect(inForce.length).toBeGreaterThan(0);
  });

  test.each(inForce)('lists %s with its exact reason: %s', (control, reason) => {
    expect(rows.some((row) => row.startsWith(`| \`${control}\``) && row.includes(reason))).toBe(true);
  });

  test('lists no control the library does not acknowledge', () => {
    const listed = rows.map((row) => /^\| `(CT\.[A-Z0-9]+\.PR\.\d+)`/.exec(row)![1]);
    expect(listed.filter((control) => !inForce.some(([c]) => c === control))).toEqual([]);
  });
});

/**
 * Every pattern section of the README opens with the diagram `npm run
 * diagrams` draws for it (CI redraws them and fails when one is stale), and
 * every diagram drawn is shown somewhere.
 */
describe('README architecture diagrams', () => {
  const exampleReadme = fs.readFileSync(path.join(__dirname, '..', 'examples', 'three-tier-web-app', 'README.md'), 'utf8');
  test.each([
    ['ThreeTierVpc', 'three-tier-vpc'],
    ['ReplicatedBucket and ReplicaBucket', 'replicated-bucket'],
    ['MultiAzDatabase', 'multi-az-database'],
    ['ApiDomain and SecureRestApi', 'api-domain'],
    ['PermissionsBoundary', 'permissions-boundary'],
    ['Serverless ingest: SecureFunction, IngestPipeline, SecureTable and ScheduledJob', 'ingest-pipeline'],
    ['Messaging and orchestration: EventFanout and Workflow', 'workflow-fanout'],
  ])('the %s section opens with docs/diagrams/%s.svg', (section, name) => {
    const body = readme.split(`\n## ${section}\n`)[1];
    expect(body).toBeDefined();
    expect(body.trimStart()).toMatch(new RegExp(`^!\\[[^\\]]+\\]\\(docs/diagrams/${name}\\.svg\\)`));
    expect(fs.readFileSync(path.join(__dirname, '..', 'docs', 'diagrams', `${name}.svg`), 'utf8')).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
  });

  test('every drawn diagram is shown: the seven patterns above, the reference app and its operations dashboard', () => {
    const drawn = fs.readdirSync(path.join(__dirname, '..', 'docs', 'diagrams')).sort();
    expect(drawn).toEqual([
      'api-domain.svg', 'ingest-pipeline.svg', 'multi-az-database.svg', 'permissions-boundary.svg', 'reference-app-dashboard.svg', 'reference-app.svg',
      'replicated-bucket.svg', 'three-tier-vpc.svg', 'workflow-fanout.svg',
    ]);
    expect(exampleReadme).toContain('](../../docs/diagrams/reference-app.svg)');
  });

  test('the monitoring section opens with the reference app\'s dashboard, drawn from its synthesized body', () => {
    const body = readme.split('\n## Monitoring and audit: AlarmTopic, OperationsDashboard and AuditTrail\n')[1];
    expect(body.trimStart()).toMatch(/^!\[[^\]]+\]\(docs\/diagrams\/reference-app-dashboard\.svg\)/);
    expect(fs.readFileSync(path.join(__dirname, '..', 'docs', 'diagrams', 'reference-app-dashboard.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
