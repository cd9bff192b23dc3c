import { Annotations, ArnFormat, RemovalPolicy, Stack, Stage, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeNagRules, flattenLikeCdkNag } from '../core/acknowledge';
import { attachConstructBoundary } from '../iam/attach-boundary';
import { createServiceRole } from '../private/service-role';

/**
 * Properties of the `ApiGatewayAccountLogging` of one account and region.
 */
export interface ApiGatewayAccountLoggingProps {
  /**
   * Name prefixes of more access log groups that API Gateway may write to, for
   * APIs in the account that do not follow the `API-Gateway-Access-Logs_`
   * convention (for example `/aws/apigateway/`). Each must be a non-empty
   * log group name prefix.
   *
   * @default - only `API-Gateway-Execution-Logs_*` and `API-Gateway-Access-Logs_*` log groups
   */
  readonly additionalAccessLogGroupPrefixes?: string[];

  /**
   * A permissions boundary for the CloudWatch role.
   *
   * @default - none, unless a boundary is applied to a scope that holds this construct
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;
}

/** The logging settings of each app, by the account and region they are for. */
const settingsByApp = new WeakMap<IConstruct, ApiGatewayAccountLogging[]>();

/**
 * The API Gateway account setting of one account and region: the IAM role
 * that API Gateway uses to write the execution and access logs of every REST
 * API in that account and region (`AWS::ApiGateway::Account`).
 *
 * The setting is one per account and region, whoever deploys it: a second
 * `AWS::ApiGateway::Account` replaces the first's role, and APIs whose log
 * groups the new role cannot write stop logging. So this construct belongs in
 * one platform-owned stack per account and region, and its role writes any
 * `API-Gateway-Execution-Logs_*` and `API-Gateway-Access-Logs_*` log group of
 * the account and region (the execution log groups API Gateway names, and the
 * access log groups `SecureRestApi` names), not only this app's. An app that
 * creates two for the same account and region fails at synth.
 *
 * A `SecureRestApi` uses the instance of its account and region in the same
 * app (or the one passed as `accountLogging`), and its stage deploys after it.
 */
export class ApiGatewayAccountLogging extends Construct {
  /** The prefix of the access log groups that the role may write, and that `SecureRestApi` names its own. */
  public static readonly ACCESS_LOG_GROUP_PREFIX = 'API-Gateway-Access-Logs_';

  /** The prefix API Gateway gives every execution log group (`API-Gateway-Execution-Logs_<api id>/<stage>`). */
  public static readonly EXECUTION_LOG_GROUP_PREFIX = 'API-Gateway-Execution-Logs_';

  /**
   * The `ApiGatewayAccountLogging` for the account and region of `scope`'s
   * stack, in the same app and CDK stage, if there is one.
   */
  public static findInApp(scope: IConstruct): ApiGatewayAccountLogging | undefined {
    const stage = Stage.of(scope);
    return settingsFor(Stack.of(scope)).find((setting) => Stage.of(setting) === stage);
  }

  /** The `AWS::ApiGateway::Account` resource; stages with logging deploy after it. */
  public readonly account: apigw.CfnAccount;

  /** The role API Gateway writes logs with. */
  public readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountLoggingProps = {}) {
    const prefixes = props.additionalAccessLogGroupPrefixes ?? [];
    for (const prefix of prefixes) {
      if (!Token.isUnresolved(prefix) && !/^[.\-_/#A-Za-z0-9]{1,511}$/.test(prefix)) {
        throw new Error('`additionalAccessLogGroupPrefixes` must be log group name prefixes of 1 to 511 letters, digits, ' +
          `'.', '-', '_', '/' or '#', got: '${prefix}'.`);
      }
    }
    const [existing] = settingsFor(Stack.of(scope));
    if (existing && !Token.isUnresolved(Stack.of(scope).account) && !Token.isUnresolved(Stack.of(scope).region)) {
      throw new Error(`${existing.node.path} already sets API Gateway's CloudWatch role for account ${Stack.of(scope).account} in ` +
        `${Stack.of(scope).region}; an account and region have one such setting, and a second would replace the first's role. ` +
        'Create one ApiGatewayAccountLogging per account and region and let every SecureRestApi use it.');
    }
    super(scope, id);
    if (existing) {
      Annotations.of(this).addWarningV2('cdk-paved-road:api-gateway-account-logging-twice',
        `${existing.node.path} may already set API Gateway's CloudWatch role for the same account and region (both stacks are ` +
        'environment-agnostic); an account and region have one such setting, and the last deployed replaces the other\'s role.');
    }
    const app = this.node.root;
    settingsByApp.set(app, [...(settingsByApp.get(app) ?? []), this]);

    const stack = Stack.of(this);
    const logGroupArn = (prefix: string) => stack.formatArn({
      service: 'logs', resource: 'log-group', resourceName: `${prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const executionLogGroups = logGroupArn(ApiGatewayAccountLogging.EXECUTION_LOG_GROUP_PREFIX);
    const accessLogGroups = [ApiGatewayAccountLogging.ACCESS_LOG_GROUP_PREFIX, ...prefixes].map(logGroupArn);
    const { role, policy } = createServiceRole(this, 'CloudWatch', {
      service: 'apigateway.amazonaws.com',
      roleDescription: 'Lets API Gateway write the execution and access logs of the REST APIs in this account and region',
      policyDescription: 'Writes API Gateway execution and access logs to API-Gateway-Execution-Logs_* and API-Gateway-Access-Logs_* log groups',
      // One role for every API of the account and region, as API Gateway's account setting is.
      onlyForThisAccount: false,
      statements: [
        // Execution log groups: API Gateway creates one when it is missing (SecureRestApi creates its own, encrypted, first).
        new iam.PolicyStatement({ actions: ['logs:CreateLogGroup'], resources: [executionLogGroups] }),
        // Both kinds of group, their streams and events; a log group pattern ending in * covers its streams.
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          resources: [executionLogGroups, ...accessLogGroups],
        }),
        // The AWS managed AmazonAPIGatewayPushToCloudWatchLogs grants it; it has no resource-level permissions.
        new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }),
      ],
    });
    this.role = role;
    const cfnPolicy = policy.node.defaultChild as iam.CfnManagedPolicy;
    const resolved = (arn: string) => `Resource::${flattenLikeCdkNag(stack.resolve(arn))}`;
    acknowledgeNagRules(cfnPolicy, {
      id: 'AwsSolutions-IAM5',
      reason: WILDCARD_REASON,
      appliesTo: [executionLogGroups, ...accessLogGroups, '*'].map(resolved),
    });

    this.account = new apigw.CfnAccount(this, 'Resource', { cloudWatchRoleArn: role.roleArn });
    this.account.node.addDependency(policy);
    if (props.permissionsBoundary) {
      attachConstructBoundary(this, props.permissionsBoundary);
    }

    // The setting is account-wide and outlives the stack, like CDK's own default:
    // deleting the role would silently stop logging for every API.
    for (const resource of [role, policy, this.account]) {
      resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }
}

const WILDCARD_REASON = 'The account and region have one API Gateway CloudWatch role, used for every REST API in them: API Gateway names each ' +
  'execution log group API-Gateway-Execution-Logs_{rest-api-id}/{stage} and SecureRestApi names each access log group ' +
  'API-Gateway-Access-Logs_{rest-api-id}/{stage}, so the role covers those name patterns (and their streams) and no other log group; ' +
  'logs:DescribeLogGroups has no resource-level permissions.';

/** The settings in the app of `stack` for its account and region (environment-agnostic stacks match each other). */
function settingsFor(stack: Stack): ApiGatewayAccountLogging[] {
  return (settingsByApp.get(stack.node.root) ?? []).filter((setting) => {
    const other = Stack.of(setting);
    return other.account === stack.account && other.region === stack.region;
  });
}
