/**
 * The baseline for the reference app's synth benchmark: the same services on
 * bare aws-cdk-lib L2s, written the way a team without this library would
 * start (no hardening, no aspects): a three-tier VPC, a versioned bucket
 * replicated to a second region, Aurora PostgreSQL (a writer and `readers`
 * readers) behind RDS Proxy with IAM auth, the same three bundled handlers in
 * the application subnets with the same grants, and three REST APIs on one
 * custom domain. It is not compliant, and not meant to be: it shows what the
 * library costs at synth.
 */
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';

const HANDLERS = path.join(__dirname, '..', '..', 'examples', 'three-tier-web-app', 'handlers');

export function buildBaselineApp(app: App, readers: number, natGateways: number): Stack[] {
  const account = '111111111111';
  const primary = { account, region: 'eu-west-1' };

  const network = new Stack(app, 'BaselineNetwork', { env: primary });
  const vpc = new ec2.Vpc(network, 'Vpc', {
    maxAzs: 3,
    natGateways,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Application', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });

  const replicaStack = new Stack(app, 'BaselineReplica', { env: { account, region: 'eu-central-1' } });
  const replica = new s3.Bucket(replicaStack, 'UploadsReplica', { versioned: true, encryption: s3.BucketEncryption.KMS });

  const data = new Stack(app, 'BaselineData', { env: primary, crossRegionReferences: true });
  const uploads = new s3.Bucket(data, 'Uploads', {
    versioned: true,
    encryption: s3.BucketEncryption.KMS,
    replicationRules: [{ destination: replica, priority: 1, kmsKey: replica.encryptionKey, sseKmsEncryptedObjects: true }],
  });
  const cluster = new rds.DatabaseCluster(data, 'Database', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_6 }),
    writer: rds.ClusterInstance.provisioned('Writer'),
    readers: Array.from({ length: readers }, (_, i) => rds.ClusterInstance.provisioned(`Reader${i + 1}`)),
    vpc,
    vpcSubnets: { subnetGroupName: 'Data' },
    defaultDatabaseName: 'webapp',
  });
  const proxy = cluster.addProxy('Proxy', { secrets: [cluster.secret!], vpc, vpcSubnets: { subnetGroupName: 'Data' }, iamAuth: true });

  const api = new Stack(app, 'BaselineApi', { env: primary });
  const fn = (name: string, environment: Record<string, string>) => new nodejs.NodejsFunction(api, name, {
    entry: path.join(HANDLERS, `${name.toLowerCase()}.ts`),
    runtime: lambda.Runtime.NODEJS_24_X,
    vpc,
    vpcSubnets: { subnetGroupName: 'Application' },
    environment,
    bundling: { minify: true, sourceMap: true, externalModules: ['pg-native'] },
  });
  const dbEnvironment = { DB_PROXY_ENDPOINT: proxy.endpoint, DB_PORT: '5432', DB_NAME: 'webapp', DB_USER: 'postgres' };
  const functions = { Orders: fn('Orders', dbEnvironment), Users: fn('Users', dbEnvironment), Files: fn('Files', { BUCKET_NAME: uploads.bucketName }) };
  for (const f of [functions.Orders, functions.Users]) {
    proxy.grantConnect(f, 'postgres');
    f.connections.allowTo(proxy, ec2.Port.tcp(5432));
  }
  uploads.grantReadWrite(functions.Files, 'uploads/*');

  const zone = route53.HostedZone.fromHostedZoneAttributes(api, 'Zone', { hostedZoneId: 'Z0EXAMPLE000000', zoneName: 'example.com' });
  const certificate = new acm.Certificate(api, 'Certificate', { domainName: 'api.example.com', validation: acm.CertificateValidation.fromDns(zone) });
  const domain = new apigw.DomainName(api, 'Domain', { domainName: 'api.example.com', certificate, endpointType: apigw.EndpointType.REGIONAL });
  new route53.ARecord(api, 'Alias', { zone, recordName: 'api', target: route53.RecordTarget.fromAlias(new targets.ApiGatewayDomain(domain)) });
  for (const [name, handler] of Object.entries(functions)) {
    const restApi = new apigw.LambdaRestApi(api, `${name}Api`, { handler, proxy: true });
    domain.addBasePathMapping(restApi, { basePath: name.toLowerCase() });
  }
  return [network, replicaStack, data, api];
}
