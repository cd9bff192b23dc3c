import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { ApiStack } from './api-stack';
import { DataStack } from './data-stack';
import { IngestStack } from './ingest-stack';
import { NetworkStack } from './network-stack';
import { OperationsStack } from './operations-stack';
import { OrdersWorkflowStack } from './orders-workflow-stack';
import { ReplicaStack } from './replica-stack';
import { LeastPrivilegeChecks } from '../../../src';

/** Where and for which domain the app is built. */
export interface WebAppSettings {
  readonly account: string;
  /** The primary region: network, data and API stacks. */
  readonly region: string;
  /** The region of the uploads replica; must differ from `region`. */
  readonly replicaRegion: string;
  readonly hostedZoneId: string;
  readonly zoneName: string;
  /**
   * Where the app's alarms are emailed; the address must confirm SNS's subscription message.
   *
   * @default - no subscriber (settingsFrom gives a placeholder address)
   */
  readonly alarmEmail?: string;
}

/**
 * The settings from context (`-c account=… -c region=… -c replicaRegion=…
 * -c hostedZoneId=… -c zoneName=… -c alarmEmail=…`), then the CDK CLI's
 * environment, then placeholders that synthesize offline but cannot deploy
 * (or, for `alarmEmail`, deploy and notify nobody).
 */
export function settingsFrom(app: App): WebAppSettings {
  const context = (key: string): string | undefined => app.node.tryGetContext(key);
  const settings: WebAppSettings = {
    account: context('account') ?? process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111',
    region: context('region') ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-1',
    replicaRegion: context('replicaRegion') ?? 'eu-central-1',
    hostedZoneId: context('hostedZoneId') ?? 'Z0EXAMPLE000000',
    zoneName: context('zoneName') ?? 'example.com',
    alarmEmail: context('alarmEmail') ?? 'oncall@example.com',
  };
  if (settings.replicaRegion === settings.region) {
    throw new Error(`The context value \`replicaRegion\` must be a region other than \`region\` (${settings.region}), got: '${settings.replicaRegion}'.`);
  }
  return settings;
}

/** The app's folder, which holds its cdk.json and cdk.context.json. */
const APP_DIRECTORY = path.join(__dirname, '..');

/**
 * The context the CDK CLI gives this app when it runs `cdk synth` in its
 * folder: `cdk.json`'s `context`, then the looked-up values cached in
 * `cdk.context.json` (the Availability Zones of each account and region). An
 * App built in process without them falls back to placeholder AZs
 * (`dummy1a`), and its templates could not be deployed.
 */
export function cliContext(): Record<string, unknown> {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(APP_DIRECTORY, file), 'utf8'));
  return { ...read('cdk.json').context, ...read('cdk.context.json') };
}

/**
 * Adds the reference three-tier web app's seven stacks to `app`, and returns
 * them in deployment order: network, replica, data, orders (the API's
 * checkout route starts its workflow, so the API stack deploys after it),
 * api, ingest, and last operations, whose dashboard shows every monitored
 * construct of the six before it. Every alarm of the app in the primary
 * region notifies the network stack's alarm topic. Every role in the app gets
 * the network stack's permissions boundary, and LeastPrivilegeChecks fails
 * synth on any identity policy that doesn't name its actions and resources;
 * it writes `permissions-inventory.json` into the cloud assembly.
 */
export function buildWebApp(app: App, settings: WebAppSettings = settingsFrom(app)): Stack[] {
  const primary = { account: settings.account, region: settings.region };
  // The network stack is created first and sets its alarm topic for the whole app (see NetworkStack).
  const network = new NetworkStack(app, 'WebAppNetwork', {
    env: primary,
    description: 'Reference three-tier web app: VPC, permissions boundary, alarm topic and audit trail',
    alarmEmail: settings.alarmEmail,
  });
  const replica = new ReplicaStack(app, 'WebAppReplica', {
    env: { account: settings.account, region: settings.replicaRegion },
    description: 'Reference three-tier web app: uploads replica in the second region',
  });
  const data = new DataStack(app, 'WebAppData', {
    env: primary,
    description: 'Reference three-tier web app: Aurora PostgreSQL behind RDS Proxy, replicated uploads bucket',
    network: network.network,
    replica: replica.replica,
  });
  const api = new ApiStack(app, 'WebAppApi', {
    env: primary,
    description: 'Reference three-tier web app: orders, users and files APIs on one domain',
    network: network.network,
    database: data.database,
    uploads: data.uploads,
    hostedZone: { hostedZoneId: settings.hostedZoneId, zoneName: settings.zoneName },
  });
  const ingest = new IngestStack(app, 'WebAppIngest', {
    env: primary,
    description: 'Reference three-tier web app: uploaded order files inserted into the orders database, nightly purge',
    network: network.network,
    database: data.database,
    uploads: data.uploads,
  });
  const orders = new OrdersWorkflowStack(app, 'WebAppOrders', {
    env: primary,
    description: 'Reference three-tier web app: order checkout workflow, order events fanned out to billing and email',
    network: network.network,
    ordersApi: api.apis.orders,
  });
  const operations = new OperationsStack(app, 'WebAppOperations', {
    env: primary,
    description: 'Reference three-tier web app: operations dashboard of every monitored construct, service-health alarm',
    monitoredStacks: [network, replica, data, orders, api, ingest],
  });
  network.boundary.applyTo(app);
  // The one exception LeastPrivilegeChecks needs, for the functions' shared networking policy, the library makes itself.
  Aspects.of(app).add(new LeastPrivilegeChecks({ inventoryFileName: 'permissions-inventory.json' }));
  return [network, replica, data, orders, api, ingest, operations];
}
