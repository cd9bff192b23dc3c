import { ArnFormat, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ApiGatewayAccountLogging, PermissionsBoundary, ThreeTierVpc } from '../../../src';

/**
 * The platform's stack: the VPC (public, application and data tiers), the
 * permissions boundary of every role in the app, and API Gateway's logging
 * setting for the account and region, which the APIs' stages deploy after.
 */
export class NetworkStack extends Stack {
  public readonly network: ThreeTierVpc;
  /** The ceiling for every role in the app; this stack deploys first, so it holds it. */
  public readonly boundary: PermissionsBoundary;
  public readonly apiGatewayLogging: ApiGatewayAccountLogging;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.boundary = new PermissionsBoundary(this, 'Boundary', {
      // The services the app's roles use. Lambda, Step Functions and Systems
      // Manager are not among them as whole services: a role that may change
      // any function's code or state machine's definition, or send commands
      // to instances, could run code as roles outside the boundary. The
      // cross-region reference providers need only the parameters they write
      // and read, the nightly job's schedule and the order workflow only to
      // invoke functions, and the checkout route only to start executions.
      services: ['logs', 'kms', 'ec2', 'xray', 'sqs', 's3', 'rds', 'rds-db', 'secretsmanager', 'backup', 'sns', 'cloudwatch', 'apigateway'],
      statements: [
        new iam.PolicyStatement({
          actions: ['ssm:GetParameters', 'ssm:PutParameter', 'ssm:DeleteParameters', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:ListTagsForResource'],
          resources: [this.formatArn({ service: 'ssm', region: '*', resource: 'parameter', resourceName: 'cdk/exports/*' })],
        }),
        // The nightly job's schedule and the order workflow invoke functions; invoking is all of Lambda that a role below the ceiling may do.
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [this.formatArn({ service: 'lambda', resource: 'function', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
        // The checkout route starts the order workflow; starting executions is all of Step Functions that a role below the
        // ceiling may do (one that may create or change state machines could run tasks as roles outside the boundary).
        new iam.PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
      ],
    });
    this.network = new ThreeTierVpc(this, 'Network');
    // One per account and region; every SecureRestApi of the app finds it.
    this.apiGatewayLogging = new ApiGatewayAccountLogging(this, 'ApiGatewayLogging');
  }
}
