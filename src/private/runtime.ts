import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The newest Node.js runtime that the installed aws-cdk-lib knows. aws-cdk-lib
 * adds a runtime once Lambda offers it, and cdk-nag's latest-runtime rules
 * (AwsSolutions-L1, Serverless-LambdaLatestVersion) compare against the same
 * list, so a fixed runtime would become a finding on a newer aws-cdk-lib.
 */
export function newestNodeRuntime(): lambda.Runtime {
  const major = (runtime: lambda.Runtime) => Number(/^nodejs(\d+)\.x$/.exec(runtime.name)?.[1] ?? 0);
  return lambda.Runtime.ALL.filter((runtime) => runtime.family === lambda.RuntimeFamily.NODEJS && !runtime.isVariable)
    .reduce((newest, runtime) => (major(runtime) > major(newest) ? runtime : newest));
}

