import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PermissionsBoundary, ThreeTierVpc } from '../../../src';

/** The VPC (public, application and data tiers) and the permissions boundary of every role in the app. */
export class NetworkStack extends Stack {
  public readonly network: ThreeTierVpc;
  /** The ceiling for every role in the app; this stack deploys first, so it holds it. */
  public readonly boundary: PermissionsBoundary;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.boundary = new PermissionsBoundary(this, 'Boundary', {
      // The services the app's roles use, including aws-cdk-lib's custom-resource
      // providers (ssm: cross-region references; lambda, logs: the providers themselves).
      services: ['logs', 'kms', 'ec2', 'xray', 'sqs', 's3', 'rds', 'rds-db', 'secretsmanager', 'backup', 'sns', 'cloudwatch', 'lambda', 'apigateway', 'ssm'],
    });
    this.network = new ThreeTierVpc(this, 'Network');
  }
}
