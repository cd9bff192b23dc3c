/**
 * Every construct of the library in one app, across two regions, under one
 * permissions boundary and LeastPrivilegeChecks: what the compatibility run
 * validates and what the profile-switch test synthesizes twice.
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { IConstruct } from 'constructs';
import {
  AlarmTopic, ApiAuthorization, ApiClientCertificate, ApiDomain, ApiGatewayAccountLogging, AuditTrail, DatabaseEngine, EventFanout, IMonitored,
  IngestDestination, IngestPipeline, LeastPrivilegeChecks, MultiAzDatabase, OperationsDashboard, PermissionsBoundary, ReplicaBucket, ReplicatedBucket,
  ScheduledJob, SecureFunction, SecureRestApi, SecureTable, ThreeTierVpc, Workflow, WorkflowTrigger,
} from '../src';

export const PRIMARY = { account: '123456789012', region: 'eu-west-1' };
export const SECONDARY = { account: '123456789012', region: 'eu-central-1' };

/** Every construct of the library under `scope` that an `OperationsDashboard` can monitor, in tree order. */
export function monitoredIn(scope: IConstruct): IMonitored[] {
  return scope.node.findAll().filter((construct): construct is IMonitored & IConstruct =>
    typeof (construct as Partial<IMonitored>).monitoringWidgets === 'function');
}

/** Adds every construct to `app`, in the stacks `Boundary`, `Replica`, `Workload` and `Operations`. */
export function everyConstruct(app: App): void {
  const boundaryStack = new Stack(app, 'Boundary', { env: PRIMARY });
  // One alarm topic for every construct of the primary region, before anything that alarms.
  AlarmTopic.setFor(app, new AlarmTopic(boundaryStack, 'Alarms', { emailAddresses: ['oncall@example.com'] }));
  const boundary = new PermissionsBoundary(boundaryStack, 'Boundary', {
    services: ['s3', 'logs', 'rds-db', 'execute-api', 'sqs', 'sns', 'kms', 'ec2', 'xray', 'dynamodb'],
    statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction', 'states:StartExecution'], resources: ['*'] })],
  });
  const replicaStack = new Stack(app, 'Replica', { env: SECONDARY });
  const replica = new ReplicaBucket(replicaStack, 'Replica');
  const stack = new Stack(app, 'Workload', { env: PRIMARY, crossRegionReferences: true });
  const network = new ThreeTierVpc(stack, 'Network');
  const aurora = new MultiAzDatabase(stack, 'Aurora', { vpc: network.vpc });
  new MultiAzDatabase(stack, 'Mysql', { vpc: network.vpc, engine: DatabaseEngine.mysql() });
  new ReplicatedBucket(stack, 'Uploads', { destinations: [{ bucket: replica.bucket }] });
  new ReplicatedBucket(stack, 'Reports');
  new ApiGatewayAccountLogging(stack, 'ApiGatewayLogging');
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
  const domain = new ApiDomain(stack, 'ApiDomain', { domainName: 'api.example.com', hostedZone: zone });
  for (const name of ['orders', 'users']) {
    const api = new SecureRestApi(stack, `${name}Api`, { clientCertificate: ApiClientCertificate.perApi() });
    api.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
    domain.addRestApi(name, api);
  }

  // The serverless ingest constructs, with the database and a table as destinations.
  const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
  const ingest = new SecureFunction(stack, 'IngestOrders', { vpc: network.vpc, code, handler: 'index.handler' });
  new IngestPipeline(stack, 'OrdersIngest', { prefix: 'incoming/', processor: ingest, destination: IngestDestination.database(aurora, 'orders_app') });
  const table = new SecureTable(stack, 'Items', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const items = new SecureFunction(stack, 'IngestItems', { vpc: network.vpc, code, handler: 'index.handler' });
  new IngestPipeline(stack, 'ItemsIngest', { prefix: 'items/', suffixes: ['.json'], processor: items, destination: IngestDestination.table(table) });
  new ScheduledJob(stack, 'NightlyPurge', {
    function: new SecureFunction(stack, 'Purge', { vpc: network.vpc, code, handler: 'index.handler' }),
    schedule: scheduler.ScheduleExpression.cron({ hour: '3', minute: '0' }),
  });

  // The messaging and orchestration constructs: a FIFO fan-out of the orders, and a workflow that publishes to it.
  const orderEvents = new EventFanout(stack, 'OrderEvents', { fifo: true, contentBasedDeduplication: true });
  orderEvents.addSubscriber('Billing', { filterPolicy: { status: sns.SubscriptionFilter.stringFilter({ allowlist: ['PAID'] }) } })
    .addConsumer(new SecureFunction(stack, 'BillOrder', { vpc: network.vpc, code, handler: 'index.handler' }));
  const checkoutApi = new SecureRestApi(stack, 'CheckoutApi', { authorization: ApiAuthorization.iam() });
  const checkout = new Workflow(stack, 'Checkout', {
    definition: new tasks.LambdaInvoke(stack, 'ValidateOrder', { lambdaFunction: new SecureFunction(stack, 'Validate', { vpc: network.vpc, code, handler: 'index.handler' }) })
      .next(new sfn.Succeed(stack, 'Accepted')),
    triggers: [
      WorkflowTrigger.schedule(scheduler.ScheduleExpression.cron({ hour: '4', minute: '0' })),
      WorkflowTrigger.eventPattern({ source: ['shop.orders'] }),
      WorkflowTrigger.api(checkoutApi, '/checkout'),
    ],
  });
  orderEvents.grantPublish(checkout.role);

  // The audit trail with the CIS alarms, protected by the boundary, and one dashboard over everything.
  const trail = new AuditTrail(boundaryStack, 'AuditTrail', { dataEventBuckets: [replica.bucket] });
  boundary.protectAuditTrail(trail);
  const operations = new OperationsDashboard(new Stack(app, 'Operations', { env: PRIMARY, crossRegionReferences: true }), 'Dashboard');
  operations.monitor(...monitoredIn(app));
  boundary.applyTo(app);
  Aspects.of(app).add(new LeastPrivilegeChecks());
}
