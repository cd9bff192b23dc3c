import { ArnFormat, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AlarmTopic, ApiGatewayAccountLogging, AuditTrail, PermissionsBoundary, ThreeTierVpc } from '../../../src';

export interface NetworkStackProps extends StackProps {
  /**
   * Where the app's alarms are emailed.
   *
   * @default - no subscriber: the alarms reach nobody until one subscribes to the topic
   */
  readonly alarmEmail?: string;
}

/**
 * The platform's stack: the alarm topic every alarm of the app notifies, the
 * VPC (public, application and data tiers), the permissions boundary of every
 * role in the app, the account's multi-region audit trail (which the boundary
 * protects), and API Gateway's logging setting for the account and region,
 * which the APIs' stages deploy after.
 */
export class NetworkStack extends Stack {
  /** The one topic the app's alarms notify (those in the primary region: the replica's region keeps its own). */
  public readonly alarmTopic: AlarmTopic;
  public readonly network: ThreeTierVpc;
  /** The ceiling for every role in the app; this stack deploys first, so it holds it. */
  public readonly boundary: PermissionsBoundary;
  public readonly auditTrail: AuditTrail;
  public readonly apiGatewayLogging: ApiGatewayAccountLogging;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    // First of all: a construct of the library picks its alarm topic when it is
    // created, so the topic is set for the whole app (the root, not only this
    // stack) before anything else exists. buildWebApp creates this stack
    // first, so every construct of every stack, this one's included, comes
    // after this call. The other stacks of the primary region name the topic
    // through an import of this stack's export. A construct with alarms in the
    // replica's stack, in another region, would get a topic of its own there
    // (CloudWatch alarms notify topics of their own region); the replica has none.
    this.alarmTopic = new AlarmTopic(this, 'Alarms', { emailAddresses: props.alarmEmail ? [props.alarmEmail] : [] });
    AlarmTopic.setFor(this.node.root, this.alarmTopic);
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
    // Its log files replicate to a replica in this stack (the default). A replica in the second region would
    // be in WebAppReplica, which deploys after this stack because its roles name this stack's boundary; the trail's
    // bucket naming that replica would make this stack deploy after it too: a cycle.
    this.auditTrail = new AuditTrail(this, 'AuditTrail');
    // Principals below the boundary cannot delete or loosen the trail's bucket, log group or key.
    this.boundary.protectAuditTrail(this.auditTrail);
    // One per account and region; every SecureRestApi of the app finds it.
    this.apiGatewayLogging = new ApiGatewayAccountLogging(this, 'ApiGatewayLogging');
  }
}
