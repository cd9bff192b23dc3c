import { ArnFormat, Aspects, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { appFunction } from './app-function';
import { APPLICATION_USER, DATABASE_NAME } from './data-stack';
import { ApiDomain, ApiFirewall, MultiAzDatabase, ReplicatedBucket, SecureFunction, SecureRestApi, ThreeTierVpc } from '../../../src';

export interface ApiStackProps extends StackProps {
  readonly network: ThreeTierVpc;
  readonly database: MultiAzDatabase;
  readonly uploads: ReplicatedBucket;
  /** The public hosted zone that holds `api.<zone>`. */
  readonly hostedZone: { readonly hostedZoneId: string; readonly zoneName: string };
}

/**
 * Three IAM-authorized REST APIs on one custom domain, `api.<zone>`:
 * `/orders` and `/users` (Lambda functions that connect to the database
 * through RDS Proxy with IAM authentication) and `/files` (a function that
 * issues pre-signed URLs for the uploads bucket). The functions run in the
 * application tier; the APIs share one web ACL.
 */
export class ApiStack extends Stack {
  public readonly apiDomain: ApiDomain;
  public readonly functions: Record<'orders' | 'users' | 'files', SecureFunction>;
  /** The three REST APIs, which further routes (such as the order workflow's `POST /orders/checkout`) are added to. */
  public readonly apis: Record<'orders' | 'users' | 'files', SecureRestApi>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { network, database, uploads } = props;

    const key = new kms.Key(this, 'FunctionsKey', {
      description: 'Encrypts the logs and dead-letter queues of the application functions',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs may use the key for this account's log groups in this region only: the
    // encryption context it sends names the log group ("Encrypt log data in CloudWatch Logs
    // using AWS KMS", step 2 of the CloudWatch Logs User Guide).
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': this.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        },
      },
    }));
    // A grant hands the key out past its policy: only grants that an AWS service makes for
    // an AWS resource are allowed, as the library's own keys do (AWS Control Tower CT.KMS.PR.3).
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsResources',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));

    const databaseEnvironment = {
      DB_ENDPOINT: database.endpoint,
      DB_PORT: String(database.port),
      DB_NAME: DATABASE_NAME,
      DB_USER: APPLICATION_USER,
    };
    const common = { network, encryptionKey: key };
    this.functions = {
      orders: appFunction(this, 'Orders', { ...common, handler: 'orders', description: 'Orders API', environment: databaseEnvironment }),
      users: appFunction(this, 'Users', { ...common, handler: 'users', description: 'Users API', environment: databaseEnvironment }),
      files: appFunction(this, 'Files', {
        ...common,
        handler: 'files',
        description: 'Files API',
        environment: { BUCKET_NAME: uploads.bucket.bucketName },
      }),
    };

    // The grants, and nothing broader: connect as the application user (not the
    // master) through the proxy, which signs it in to the database with IAM;
    // read and write the objects under uploads/ (never delete their versions).
    for (const fn of [this.functions.orders, this.functions.users]) {
      database.grantConnect(fn, APPLICATION_USER);
      database.allowConnectionsFrom(fn);
    }
    uploads.grantReadWrite(this.functions.files, 'uploads/*');
    // HeadObject goes to S3 through the VPC's gateway endpoint.
    this.functions.files.connections.allowToAnyIpv4(ec2.Port.tcp(443), 'S3 through the gateway endpoint');

    // API Gateway may invoke a function only for the method its permission names
    // (SourceArn), and only for this account (SourceAccount, which AWS Control
    // Tower's CT.LAMBDA.PR.2 reads offline). The console's test invocations get
    // no permission (allowTestInvoke: false on each integration).
    Aspects.of(this).add({
      visit: (node) => {
        if (node instanceof lambda.CfnPermission && node.principal === 'apigateway.amazonaws.com') {
          node.sourceAccount = this.account;
        }
      },
    });

    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', props.hostedZone);
    this.apiDomain = new ApiDomain(this, 'ApiDomain', { domainName: `api.${props.hostedZone.zoneName}`, hostedZone });

    const orders = new SecureRestApi(this, 'OrdersApi', { description: 'Orders: each caller lists, places and reads their own orders' });
    const firewall = ApiFirewall.fromWebAcl(orders.webAcl!);
    const users = new SecureRestApi(this, 'UsersApi', { description: 'Users: each caller reads and keeps their own profile', firewall });
    const files = new SecureRestApi(this, 'FilesApi', { description: 'Files: pre-signed upload and download URLs for the caller\'s files', firewall });

    const ordersIntegration = new apigw.LambdaIntegration(this.functions.orders, { allowTestInvoke: false });
    const newOrder = jsonModel(orders, 'NewOrder', ['item', 'quantity'], {
      item: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 200 },
      quantity: { type: apigw.JsonSchemaType.INTEGER, minimum: 1, maximum: 1000 },
    });
    // Every GET answers for its caller only, so none caches its responses (no `cacheResponses()`).
    orders.root.addMethod('GET', ordersIntegration);
    orders.root.addMethod('POST', ordersIntegration, { requestModels: { 'application/json': newOrder } });
    orders.root.addResource('{orderId}').addMethod('GET', ordersIntegration, {
      requestParameters: { 'method.request.path.orderId': true },
    });

    const usersIntegration = new apigw.LambdaIntegration(this.functions.users, { allowTestInvoke: false });
    const me = users.root.addResource('me');
    me.addMethod('GET', usersIntegration);
    me.addMethod('PUT', usersIntegration, {
      requestModels: {
        'application/json': jsonModel(users, 'Profile', ['displayName', 'email'], {
          displayName: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 100 },
          email: { type: apigw.JsonSchemaType.STRING, minLength: 3, maxLength: 254 },
        }),
      },
    });

    const filesIntegration = new apigw.LambdaIntegration(this.functions.files, { allowTestInvoke: false });
    files.root.addMethod('POST', filesIntegration, {
      requestModels: {
        'application/json': jsonModel(files, 'NewFile', ['fileName', 'contentType'], {
          fileName: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 200 },
          contentType: { type: apigw.JsonSchemaType.STRING, minLength: 3, maxLength: 193 },
        }),
      },
    });
    files.root.addResource('{fileId}').addMethod('GET', filesIntegration, {
      requestParameters: { 'method.request.path.fileId': true },
    });

    this.apis = { orders, users, files };
    this.apiDomain.addRestApi('orders', orders);
    this.apiDomain.addRestApi('users', users);
    this.apiDomain.addRestApi('files', files);
  }
}

/** A request model: a JSON object with exactly these properties, all of them required. */
function jsonModel(api: apigw.RestApi, name: string, required: string[], properties: Record<string, apigw.JsonSchema>): apigw.Model {
  return api.addModel(name, {
    contentType: 'application/json',
    modelName: name,
    schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, required, properties, additionalProperties: false },
  });
}
