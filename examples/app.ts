/**
 * The example app a new user runs first: the network of a three-tier web
 * application, its data layer (a Multi-AZ database behind RDS Proxy and a
 * replicated bucket), one function in the application tier that may
 * connect to the database with IAM authentication, and two SecureRestApis
 * behind one ApiDomain (`api.<zone>/orders` and `api.<zone>/status`). The
 * hosted zone comes from context (`-c hostedZoneId=... -c zoneName=...`),
 * with placeholders for offline synthesis. `npm run example`
 * synthesizes it into cdk.out with no AWS account and prints a compliance
 * summary (see run.ts).
 */
import { App, Aspects, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  ApiDomain, ApiFirewall, LeastPrivilegeChecks, MultiAzDatabase, PermissionsBoundary, ReplicatedBucket, SecureRestApi, ThreeTierVpc,
} from '../src';

export class NetworkStack extends Stack {
  public readonly network: ThreeTierVpc;
  /** The ceiling for every role in the app; this stack deploys first, so it holds it. */
  public readonly boundary: PermissionsBoundary;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.boundary = new PermissionsBoundary(this, 'Boundary', {
      services: ['logs', 'kms', 'ec2', 'xray', 'sqs', 's3', 'rds', 'rds-db', 'secretsmanager', 'backup', 'sns', 'cloudwatch', 'lambda', 'apigateway'],
    });
    this.network = new ThreeTierVpc(this, 'Network', {
      // AWS API calls from the private tiers stay inside the VPC.
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    });
  }
}

export interface DataStackProps extends StackProps {
  readonly network: ThreeTierVpc;
}

export class DataStack extends Stack {
  public readonly uploads: ReplicatedBucket;
  public readonly database: MultiAzDatabase;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    // Versioned, KMS-encrypted, access-logged, and replicated to a hardened
    // ReplicaBucket beside it (the default when no destination is given).
    this.uploads = new ReplicatedBucket(this, 'Uploads');
    // Aurora PostgreSQL, a writer and a reader, behind RDS Proxy in the data tier.
    this.database = new MultiAzDatabase(this, 'Orders', { vpc: props.network.vpc, databaseName: 'orders' });
  }
}

export interface AppStackProps extends StackProps {
  readonly network: ThreeTierVpc;
  readonly database: MultiAzDatabase;
}

/**
 * One function in the application tier. It checks that the proxy accepts
 * connections from the application tier; it holds `rds-db:connect` for the
 * `orders_app` user, so it can sign an IAM authentication token to log in.
 * It answers `GET /orders/health` on the API domain, beside a second API at
 * `/status`; both are IAM-authorized and share one web ACL.
 */
export class AppStack extends Stack {
  public readonly healthCheck: lambda.Function;
  public readonly apiDomain: ApiDomain;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { network, database } = props;

    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
    }));
    const logGroup = new logs.LogGroup(this, 'HealthCheckLogs', {
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const deadLetters = new sqs.Queue(this, 'HealthCheckDeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const securityGroup = new ec2.SecurityGroup(this, 'HealthCheckSecurityGroup', {
      vpc: network.vpc,
      description: 'The health check function: reaches only the database proxy',
      allowAllOutbound: false,
    });

    // The role's permissions are a customer-managed policy; CDK's additions
    // (which would be an inline policy) are turned off with withoutPolicyUpdates().
    const role = new iam.Role(this, 'HealthCheckRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'The health check function',
    });
    const policy = new iam.ManagedPolicy(this, 'HealthCheckPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetters.queueArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
        new iam.PolicyStatement({
          // Lambda manages the function's network interfaces and X-Ray segments with these;
          // EC2 Describe* and X-Ray support no resource-level permissions.
          actions: [
            'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
            'xray:PutTraceSegments', 'xray:PutTelemetryRecords',
          ],
          resources: ['*'],
        }),
      ],
    });
    // Application-level acknowledgments, the way a user of the library records them.
    NagSuppressions.addResourceSuppressions(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: 'Example app: EC2 network-interface management for a function in a VPC, and X-Ray tracing, support no resource-level permissions.',
      appliesTo: ['Resource::*'],
    }]);
    NagSuppressions.addResourceSuppressions(deadLetters, [{
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'Example app: this queue is the function\'s dead-letter queue; giving it a redrive policy would need another queue, and so on without end.',
    }]);

    this.healthCheck = new lambda.Function(this, 'HealthCheck', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HEALTH_CHECK_SOURCE),
      description: 'Checks that the database proxy accepts connections from the application tier',
      role: role.withoutPolicyUpdates(),
      vpc: network.vpc,
      vpcSubnets: network.applicationSubnets,
      securityGroups: [securityGroup],
      memorySize: 256,
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: 2,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      deadLetterQueue: deadLetters,
      environment: {
        PROXY_ENDPOINT: database.endpoint,
        PROXY_PORT: String(database.port),
        DB_USER: 'orders_app',
      },
    });
    this.healthCheck.node.addDependency(policy);

    database.allowConnectionsFrom(this.healthCheck);
    database.grantConnect(role, 'orders_app');

    const zoneName = this.node.tryGetContext('zoneName') ?? 'example.com';
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: this.node.tryGetContext('hostedZoneId') ?? 'Z0EXAMPLE000000',
      zoneName,
    });
    this.apiDomain = new ApiDomain(this, 'ApiDomain', { domainName: `api.${zoneName}`, hostedZone });

    const ordersApi = new SecureRestApi(this, 'OrdersApi', { description: 'Orders' });
    ordersApi.root.addResource('health').addMethod('GET', new apigw.LambdaIntegration(this.healthCheck));
    this.apiDomain.addRestApi('orders', ordersApi);

    const statusApi = new SecureRestApi(this, 'StatusApi', {
      description: 'Service status',
      firewall: ApiFirewall.fromWebAcl(ordersApi.webAcl!),
    });
    statusApi.root.addMethod('GET', new apigw.MockIntegration({
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"status": "ok"}' } }],
    }), { methodResponses: [{ statusCode: '200' }] });
    this.apiDomain.addRestApi('status', statusApi);
  }
}

/** Opens a TCP connection to the proxy and reports whether it was accepted. */
const HEALTH_CHECK_SOURCE = `
const net = require('node:net');
exports.handler = async () => {
  const host = process.env.PROXY_ENDPOINT;
  const port = Number(process.env.PROXY_PORT);
  const started = Date.now();
  const reachable = await new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
  const result = { host, port, user: process.env.DB_USER, reachable, millis: Date.now() - started };
  console.log(JSON.stringify(result));
  if (!reachable) throw new Error('The database proxy did not accept a connection');
  return result;
};
`;

/**
 * The health check's ENI permissions: Lambda creates and deletes the network
 * interfaces of a function in a VPC with the function's role, before the
 * interfaces (and their ARNs) exist.
 */
const LAMBDA_VPC_ACCESS_EXCEPTION = {
  path: 'PavedRoadApp/HealthCheckPolicy/Resource',
  finding: 'Resource * for actions that support resource-level permissions: ' +
    'ec2:CreateNetworkInterface, ec2:DeleteNetworkInterface, ec2:AssignPrivateIpAddresses, ec2:UnassignPrivateIpAddresses',
  reason: 'Lambda manages the network interfaces of a function in a VPC through its role, before their ARNs exist (as AWSLambdaVPCAccessExecutionRole does).',
};

/**
 * Adds the example's stacks to `app` and returns them. Every role in the app
 * gets the network stack's permissions boundary, and LeastPrivilegeChecks
 * fails synth on any identity policy that doesn't name its actions and
 * resources; it writes `permissions-inventory.json` into the cloud assembly.
 */
export function buildExampleApp(app: App): Stack[] {
  const network = new NetworkStack(app, 'PavedRoadNetwork');
  const data = new DataStack(app, 'PavedRoadData', { network: network.network });
  const application = new AppStack(app, 'PavedRoadApp', { network: network.network, database: data.database });
  network.boundary.applyTo(app);
  Aspects.of(app).add(new LeastPrivilegeChecks({
    exceptions: [LAMBDA_VPC_ACCESS_EXCEPTION],
    inventoryFileName: 'permissions-inventory.json',
  }));
  return [network, data, application];
}
