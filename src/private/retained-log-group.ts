import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogOptions } from '../core/log-options';
import { DEFAULT_LOG_RETENTION } from '../core/profile';

/** Checks a construct's `logs` prop before anything is built. */
export function validateLogOptions(prop: string, options: LogOptions | undefined): void {
  if (options?.retention === logs.RetentionDays.INFINITE) {
    throw new Error(`\`${prop}.retention\` must be a finite period, got: INFINITE. Logs kept forever grow without bound and outlive their purpose.`);
  }
}

/** A log group as the library makes every one: encrypted with `encryptionKey`, kept a finite time, and `RETAIN`. */
export function createRetainedLogGroup(scope: Construct, id: string, props: {
  readonly logGroupName?: string;
  readonly encryptionKey: kms.IKey;
  readonly options?: LogOptions;
}): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention: props.options?.retention ?? DEFAULT_LOG_RETENTION,
    encryptionKey: props.encryptionKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
