import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { IConstruct } from 'constructs';
import { buildWebApp, cliContext } from '../examples/three-tier-web-app/lib/web-app';
import {
  ApiDomain, ApiGatewayAccountLogging, EventFanout, IngestDestination, IngestPipeline, MultiAzDatabase, PermissionsBoundary, ReplicaBucket,
  ReplicatedBucket, ScheduledJob, SecureFunction, SecureRestApi, ThreeTierVpc, Workflow, WorkflowTrigger,
} from '../src';

/** One diagram: what `build` returns is drawn as clusters; whatever they name outside themselves is drawn dashed. */
export interface Diagram {
  /** The file name, docs/diagrams/<name>.svg. */
  readonly name: string;
  readonly title: string;
  build(app: App): IConstruct[];
  /** Constructs inside the drawn ones whose children are drawn one by one, rather than as one box. */
  expand?(drawn: IConstruct[]): IConstruct[];
}

const ENV = { account: '123456789012', region: 'eu-west-1' };

/** Each pattern with its defaults (the production profile), as its README section introduces it. */
export const DIAGRAMS: Diagram[] = [
  {
    name: 'three-tier-vpc',
    title: 'ThreeTierVpc with its defaults',
    build: (app) => [new ThreeTierVpc(new Stack(app, 'Network', { env: ENV }), 'Network')],
    expand: ([network]) => [(network as ThreeTierVpc).vpc],
  },
  {
    name: 'replicated-bucket',
    title: 'ReplicatedBucket replicating to a ReplicaBucket in another region',
    build: (app) => {
      const replica = new ReplicaBucket(new Stack(app, 'Replica', { env: { ...ENV, region: 'eu-central-1' } }), 'Replica');
      const stack = new Stack(app, 'Primary', { env: ENV, crossRegionReferences: true });
      return [new ReplicatedBucket(stack, 'Uploads', { destinations: [{ bucket: replica.bucket }] }), replica];
    },
  },
  {
    name: 'multi-az-database',
    title: 'MultiAzDatabase (Aurora PostgreSQL) in a ThreeTierVpc',
    build: (app) => {
      const stack = new Stack(app, 'Data', { env: ENV });
      const network = new ThreeTierVpc(stack, 'Network');
      return [new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, databaseName: 'orders' })];
    },
  },
  {
    name: 'api-domain',
    title: 'Two SecureRestApis behind one ApiDomain',
    build: (app) => {
      const stack = new Stack(app, 'Api', { env: ENV });
      new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
      const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
      const domain = new ApiDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: zone });
      const apis = ['Orders', 'Users'].map((name) => {
        const api = new SecureRestApi(stack, name);
        api.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
        domain.addRestApi(name.toLowerCase(), api);
        return api;
      });
      return [domain, ...apis];
    },
  },
  {
    name: 'permissions-boundary',
    title: 'A PermissionsBoundary applied to an app: every role in it is bounded',
    build: (app) => {
      const boundary = new PermissionsBoundary(new Stack(app, 'Boundary', { env: ENV }), 'Boundary', { services: ['s3', 'logs'] });
      const workload = new Stack(app, 'Workload', { env: ENV });
      const uploads = new ReplicatedBucket(workload, 'Uploads');
      new iam.Role(workload, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      boundary.applyTo(app);
      return [boundary, uploads];
    },
  },
  {
    name: 'ingest-pipeline',
    title: 'IngestPipeline into a MultiAzDatabase, and a ScheduledJob',
    build: (app) => {
      const stack = new Stack(app, 'Ingest', { env: ENV });
      const network = new ThreeTierVpc(stack, 'Network');
      const orders = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc, databaseName: 'orders' });
      const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
      const processor = new SecureFunction(stack, 'ParseOrders', { vpc: network.vpc, code, handler: 'index.handler' });
      const pipeline = new IngestPipeline(stack, 'OrdersIngest', { prefix: 'incoming/', processor, destination: IngestDestination.database(orders, 'orders_app') });
      const purge = new SecureFunction(stack, 'Purge', { vpc: network.vpc, code, handler: 'index.handler' });
      const job = new ScheduledJob(stack, 'NightlyPurge', { function: purge, schedule: scheduler.ScheduleExpression.cron({ hour: '3', minute: '0' }) });
      return [pipeline, processor, job, purge];
    },
  },
  {
    name: 'workflow-fanout',
    title: 'A Workflow that notifies an EventFanout with two subscribers',
    build: (app) => {
      const stack = new Stack(app, 'Orders', { env: ENV });
      const network = new ThreeTierVpc(stack, 'Network');
      const code = lambda.Code.fromInline('exports.handler = async () => ({ ok: true });');
      const validate = new SecureFunction(stack, 'ValidateOrder', { vpc: network.vpc, code, handler: 'index.handler' });
      const events = new EventFanout(stack, 'OrderEvents');
      const paid = { status: sns.SubscriptionFilter.stringFilter({ allowlist: ['PAID'] }) };
      const billing = events.addSubscriber('Billing', { filterPolicy: paid });
      const email = events.addSubscriber('Email');
      const bill = new SecureFunction(stack, 'BillOrder', { vpc: network.vpc, code, handler: 'index.handler' });
      billing.addConsumer(bill);
      const definition = new tasks.LambdaInvoke(stack, 'Validate', { lambdaFunction: validate, outputPath: '$.Payload' })
        .next(new tasks.SnsPublish(stack, 'Notify', { topic: events.topic, message: sfn.TaskInput.fromJsonPathAt('$') }));
      const checkout = new Workflow(stack, 'Checkout', {
        definition,
        triggers: [WorkflowTrigger.eventPattern({ source: ['shop.orders'], detailType: ['OrderPlaced'] })],
      });
      events.grantPublish(checkout.role);
      return [checkout, validate, events, billing, email, bill];
    },
  },
  {
    name: 'reference-app',
    title: 'The reference three-tier web app (examples/three-tier-web-app), production profile',
    build: (app) => buildReferenceApp(app),
  },
];

/**
 * The reference app with the production profile and the context `cdk synth`
 * gives it in its folder (the cached AZ lookups), its account and regions
 * pinned to the placeholders those lookups are cached for, so that neither
 * drawing depends on the CDK CLI's environment (CDK_DEFAULT_ACCOUNT).
 */
function buildReferenceApp(app: App): Stack[] {
  const context = {
    ...cliContext(),
    'cdk-paved-road:profile': 'production',
    'account': '111111111111',
    'region': 'eu-west-1',
    'replicaRegion': 'eu-central-1',
    'zoneName': 'shop.example.org',
    'hostedZoneId': 'Z123EXAMPLE',
  };
  for (const [key, value] of Object.entries(context)) {
    app.node.setContext(key, value);
  }
  return buildWebApp(app);
}

/** The layout of a CloudWatch dashboard an app synthesizes, drawn from the dashboard body in its template. */
export interface DashboardDrawing {
  /** The file name, docs/diagrams/<name>.svg. */
  readonly name: string;
  readonly title: string;
  /** The stack whose template holds the dashboard, which must be its only one. */
  readonly stackName: string;
  build(app: App): void;
}

export const DASHBOARD_DRAWINGS: DashboardDrawing[] = [
  {
    name: 'reference-app-dashboard',
    title: 'Reference app: operations dashboard WebApp, from the synthesized body',
    build: (app) => buildReferenceApp(app),
    stackName: 'WebAppOperations',
  },
];
