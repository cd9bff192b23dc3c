import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ControlTowerAcknowledgments, NagAcknowledgments, ThreeTierVpc } from '../../../src';

export interface ApplicationFunctionProps {
  readonly network: ThreeTierVpc;
  /** The handler's file name in `handlers/`, without `.ts`. */
  readonly handler: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** Encrypts the function's log group and dead-letter queue. */
  readonly encryptionKey: kms.IKey;
  /** The ENI and X-Ray permissions every function in the VPC needs (one policy for all of them). */
  readonly networkingPolicy: iam.IManagedPolicy;
}

/**
 * The newest Node.js runtime that the installed aws-cdk-lib knows: nodejs24.x
 * on 2.257, nodejs26.x on the newest releases. aws-cdk-lib adds a runtime once
 * Lambda offers it, and cdk-nag's latest-runtime rules (AwsSolutions-L1,
 * Serverless-LambdaLatestVersion) compare against the same list, so a fixed
 * runtime would become a finding when users move to a newer aws-cdk-lib.
 */
export function newestNodeRuntime(): lambda.Runtime {
  const major = (runtime: lambda.Runtime) => Number(/^nodejs(\d+)\.x$/.exec(runtime.name)?.[1] ?? 0);
  return lambda.Runtime.ALL.filter((runtime) => runtime.family === lambda.RuntimeFamily.NODEJS && !runtime.isVariable)
    .reduce((newest, runtime) => (major(runtime) > major(newest) ? runtime : newest));
}

/**
 * A Lambda function in the application tier, the way the reference app wants
 * every function: bundled with esbuild (its dependencies pinned inside the
 * bundle, the AWS SDK included), in the application subnets behind a security
 * group with no outbound rule until one is granted, with its own role whose
 * permissions are customer-managed policies (grants land there too), an
 * encrypted log group, JSON logs, X-Ray and a dead-letter queue; reserved
 * concurrency only when the `webapp:reservedConcurrency` context asks for it
 * (see `reservedConcurrency`). It is an IGrantable and an IConnectable: grant to it and open
 * connections for it as for a `lambda.Function`.
 */
export class ApplicationFunction extends Construct implements iam.IGrantable, ec2.IConnectable {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly grantPrincipal: iam.IPrincipal;
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: ApplicationFunctionProps) {
    super(scope, id);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.encryptionKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // A dead-letter queue says so with a redrive allow policy (AWS Control Tower CT.SQS.PR.1).
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    NagAcknowledgments.add(deadLetters.node.defaultChild as sqs.CfnQueue, [{
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'Reference app: this queue is the function\'s dead-letter queue; a redrive policy would need another queue, and so on without end.',
    }]);

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.network.vpc,
      description: `${props.description}: no outbound traffic but what is granted`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup] });

    // The role's permissions are customer-managed policies; CDK's own additions
    // (an inline policy and AWS managed policies) are turned off with withoutPolicyUpdates().
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
      managedPolicies: [props.networkingPolicy],
    });
    this.grantPrincipal = this.role;
    const ownPolicy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Logs, dead letters and their key, for ${this.node.path}`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetters.queueArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.encryptionKey.keyArn] }),
      ],
    });

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(__dirname, '..', 'handlers', `${props.handler}.ts`),
      handler: 'handler',
      runtime: newestNodeRuntime(),
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      role: this.role.withoutPolicyUpdates(),
      vpc: props.network.vpc,
      vpcSubnets: props.network.applicationSubnets,
      securityGroups: [securityGroup],
      memorySize: 256,
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: reservedConcurrency(this),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      deadLetterQueue: deadLetters,
      environment: props.environment,
      bundling: {
        minify: true,
        sourceMap: true,
        // Bundle everything, the AWS SDK too, so the deployed code runs the
        // versions it was tested with. pg's optional native binding is never loaded.
        externalModules: ['pg-native'],
      },
    });
    if (this.function.node.tryGetContext(RESERVED_CONCURRENCY_CONTEXT) === undefined) {
      NagAcknowledgments.add(this.function.node.defaultChild as lambda.CfnFunction, ['HIPAA.Security', 'NIST.800.53.R5'].map((pack) => ({
        id: `${pack}-LambdaConcurrency`,
        reason: 'Reference app: Lambda keeps 100 of an account\'s concurrency unreserved, and new accounts can start with a quota at or ' +
          'near that, so a reservation would fail to deploy; -c webapp:reservedConcurrency=<n> reserves n per function.',
      })));
    }
    // In the application subnets, which the network stack exports: the offline
    // control cannot read Fn::ImportValue, so it is acknowledged with that reason.
    ControlTowerAcknowledgments.add(this.function.node.defaultChild as lambda.CfnFunction, 'CT.LAMBDA.PR.3',
      'Reference app: the function is in the application subnets of the network stack, named through Fn::ImportValue, which the offline ' +
      'rule cannot resolve; CloudFormation Hooks see the resolved subnet ids when the stack deploys.');
    // Lambda checks the role's network-interface permissions when it creates the function.
    this.function.node.addDependency(ownPolicy, props.networkingPolicy);
  }
}

/** The context value that reserves concurrency for each of the app's functions, such as `-c webapp:reservedConcurrency=20`. */
export const RESERVED_CONCURRENCY_CONTEXT = 'webapp:reservedConcurrency';

/**
 * The reserved concurrency of each function: none unless the context asks.
 * Lambda lets an account reserve only what leaves 100 concurrent executions
 * unreserved ("You can reserve up to the Unreserved account concurrency value
 * that is shown, minus 100", Lambda Developer Guide, "Configuring reserved
 * concurrency"), and new accounts may start with a quota of about that, so
 * any reservation fails there.
 */
export function reservedConcurrency(scope: Construct): number | undefined {
  const value = scope.node.tryGetContext(RESERVED_CONCURRENCY_CONTEXT);
  if (value === undefined) {
    return undefined;
  }
  const reserved = Number(value);
  if (!Number.isInteger(reserved) || reserved < 1) {
    throw new Error(`The context value \`${RESERVED_CONCURRENCY_CONTEXT}\` must be a whole number of at least 1, got: '${value}'. ` +
      'Leave it out to reserve nothing; Lambda keeps 100 of the account\'s concurrency unreserved, so reserve only what the quota leaves above that.');
  }
  return reserved;
}
