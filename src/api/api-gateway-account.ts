import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';

const SINGLETON_ID = 'PavedRoadApiGatewayAccount';

/**
 * The account-level setting that lets API Gateway write execution logs: one
 * per stack, shared by every `SecureRestApi` in it.
 *
 * CDK's own `cloudWatchRole` attaches the AWS managed policy
 * `AmazonAPIGatewayPushToCloudWatchLogs` (every log group in the account).
 * This role gets a customer-managed policy naming the execution log groups of
 * this stack's APIs, which the APIs create themselves, encrypted and with a
 * retention.
 */
export class ApiGatewayAccountLogging extends Construct {
  /** The stack's instance, created on first use. */
  public static of(scope: IConstruct): ApiGatewayAccountLogging {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(SINGLETON_ID) as ApiGatewayAccountLogging | undefined) ?? new ApiGatewayAccountLogging(stack, SINGLETON_ID);
  }

  /** The `AWS::ApiGateway::Account` resource; stages with logging must be created after it. */
  public readonly account: apigw.CfnAccount;
  private readonly writeStatement: iam.PolicyStatement;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new iam.Role(this, 'CloudWatchRole', {
      description: 'Lets API Gateway write the execution logs of the paved-road REST APIs in this stack',
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    });
    this.writeStatement = new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
    });
    const policy = new iam.ManagedPolicy(this, 'CloudWatchPolicy', {
      description: 'Writes execution logs to the execution log groups of the paved-road REST APIs in this stack only',
      statements: [this.writeStatement],
      roles: [role],
    });

    this.account = new apigw.CfnAccount(this, 'Resource', { cloudWatchRoleArn: role.roleArn });
    this.account.node.addDependency(policy);

    // The setting is account-wide and outlives the stack, like CDK's own default:
    // deleting the role would silently stop execution logging for every API.
    for (const resource of [role, policy, this.account]) {
      resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }

  /** Lets API Gateway write to `logGroup` (its ARN covers its log streams). */
  public allowWritingTo(logGroup: logs.ILogGroup): void {
    this.writeStatement.addResources(logGroup.logGroupArn);
  }
}
