/**
 * Every construct of the library in one app, across two regions, under one
 * permissions boundary and LeastPrivilegeChecks: what the compatibility run
 * validates and what the profile-switch test synthesizes twice.
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  ApiClientCertificate, ApiDomain, ApiGatewayAccountLogging, DatabaseEngine, LeastPrivilegeChecks, MultiAzDatabase, PermissionsBoundary,
  ReplicaBucket, ReplicatedBucket, SecureRestApi, ThreeTierVpc,
} from '../src';

export const PRIMARY = { account: '123456789012', region: 'eu-west-1' };
export const SECONDARY = { account: '123456789012', region: 'eu-central-1' };

/** Adds every construct to `app`, in the stacks `Boundary`, `Replica` and `Workload`. */
export function everyConstruct(app: App): void {
  const boundaryStack = new Stack(app, 'Boundary', { env: PRIMARY });
  const boundary = new PermissionsBoundary(boundaryStack, 'Boundary', { services: ['s3', 'logs', 'rds-db', 'execute-api'] });
  const replicaStack = new Stack(app, 'Replica', { env: SECONDARY });
  const replica = new ReplicaBucket(replicaStack, 'Replica');
  const stack = new Stack(app, 'Workload', { env: PRIMARY, crossRegionReferences: true });
  const network = new ThreeTierVpc(stack, 'Network');
  new MultiAzDatabase(stack, 'Aurora', { vpc: network.vpc });
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
  boundary.applyTo(app);
  Aspects.of(app).add(new LeastPrivilegeChecks());
}
