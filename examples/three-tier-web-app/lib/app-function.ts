import * as path from 'path';
import { DockerImage, Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { ControlTowerAcknowledgments, SecureFunction, ThreeTierVpc } from '../../../src';

const HANDLERS = path.join(__dirname, '..', 'handlers');

/**
 * The code of one handler in `handlers/`, bundled with esbuild on this
 * machine (no Docker): its dependencies and the AWS SDK inside the bundle, so
 * what runs is what was tested; pg's optional native binding is never loaded.
 */
export function handlerCode(handler: string): lambda.Code {
  return lambda.Code.fromAsset(HANDLERS, {
    bundling: {
      // Never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
      // aws-cdk-lib caches a bundle by the source folder and these options, not by the local
      // bundler, so the handler's name must be among them or every handler would get the first bundle.
      environment: { HANDLER: handler },
      local: {
        tryBundle(outputDir: string): boolean {
          buildSync({
            entryPoints: [path.join(HANDLERS, `${handler}.ts`)],
            outfile: path.join(outputDir, 'index.js'),
            bundle: true,
            platform: 'node',
            target: 'node22',
            format: 'cjs',
            minify: true,
            sourcemap: true,
            external: ['pg-native'],
            logLevel: 'error',
          });
          return true;
        },
      },
    },
  });
}

export interface AppFunctionProps {
  readonly network: ThreeTierVpc;
  /** The handler's file name in `handlers/`, without `.ts`. */
  readonly handler: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** Encrypts the function's log group and dead-letter queue; must allow CloudWatch Logs. */
  readonly encryptionKey?: kms.IKey;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
}

/**
 * A `SecureFunction` the way the reference app wants each: its handler
 * bundled, 256 MiB, in the network stack's application subnets, reserving
 * what `-c webapp:reservedConcurrency=<n>` asks or the profile's default.
 */
export function appFunction(scope: Construct, id: string, props: AppFunctionProps): SecureFunction {
  const fn = new SecureFunction(scope, id, {
    vpc: props.network.vpc,
    vpcSubnets: props.network.applicationSubnets,
    code: handlerCode(props.handler),
    handler: 'index.handler',
    description: props.description,
    environment: props.environment,
    encryptionKey: props.encryptionKey,
    memorySize: 256,
    timeout: props.timeout ?? Duration.seconds(10),
    reservedConcurrentExecutions: reservedConcurrency(scope),
  });
  // In the application subnets, which the network stack exports: the offline
  // control cannot read Fn::ImportValue, so it is acknowledged with that reason.
  ControlTowerAcknowledgments.add(fn.node.defaultChild as lambda.CfnFunction, 'CT.LAMBDA.PR.3',
    'Reference app: the function is in the application subnets of the network stack, named through Fn::ImportValue, which the offline ' +
    'rule cannot resolve; CloudFormation Hooks see the resolved subnet ids when the stack deploys.');
  return fn;
}

/** The context value that sets the reserved concurrency of each of the app's functions, such as `-c webapp:reservedConcurrency=20`. */
export const RESERVED_CONCURRENCY_CONTEXT = 'webapp:reservedConcurrency';

/**
 * The reserved concurrency of each function: what the context asks, else
 * SecureFunction's profile default (50 in production, 5 in development).
 * Lambda keeps 100 of an account's concurrency unreserved ("You can reserve
 * up to the Unreserved account concurrency value that is shown, minus 100",
 * Lambda Developer Guide, "Configuring reserved concurrency"); an account with
 * a lower quota than the default 1,000 sets a smaller number here.
 */
export function reservedConcurrency(scope: Construct): number | undefined {
  const value = scope.node.tryGetContext(RESERVED_CONCURRENCY_CONTEXT);
  if (value === undefined) {
    return undefined;
  }
  const reserved = Number(value);
  if (!Number.isInteger(reserved) || reserved < 1) {
    throw new Error(`The context value \`${RESERVED_CONCURRENCY_CONTEXT}\` must be a whole number of at least 1, got: '${value}'. ` +
      'Leave it out for the profile\'s default (50 in production, 5 in development); Lambda keeps 100 of the account\'s concurrency unreserved.');
  }
  return reserved;
}
