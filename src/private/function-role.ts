import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeNagRules } from '../core/acknowledge';
import { acceptLeastPrivilegeFindings } from '../iam/boundary-marker';

/**
 * What a Lambda function in a VPC with active tracing needs on `*`: Lambda
 * manages the function's network interfaces with its role before their ARNs
 * exist (the actions of the AWS managed AWSLambdaVPCAccessExecutionRole), and
 * X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level
 * permissions (Service Authorization Reference, AWS X-Ray).
 */
export const FUNCTION_NETWORK_ACTIONS = [
  'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
];
export const FUNCTION_TRACING_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

const SHARED_POLICY_ID = 'PavedRoadFunctionNetworkingPolicy';

export const SHARED_POLICY_REASON = 'Lambda manages the network interfaces of a function in a VPC through its role before their ARNs exist ' +
  '(as AWSLambdaVPCAccessExecutionRole does), and EC2 Describe* and X-Ray trace uploads support no resource-level permissions.';

/**
 * The one policy per stack that holds the actions every `SecureFunction`
 * needs on `*`, attached to each function's role: one acknowledgment of
 * AwsSolutions-IAM5 and one `LeastPrivilegeChecks` exception, both with
 * their reason, instead of one per function.
 */
export function sharedFunctionPolicy(scope: Construct): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(SHARED_POLICY_ID);
  if (existing) {
    return existing as iam.ManagedPolicy;
  }
  const policy = new iam.ManagedPolicy(stack, SHARED_POLICY_ID, {
    description: 'Network interfaces in the VPC and X-Ray traces, for every SecureFunction of this stack',
    statements: [new iam.PolicyStatement({ actions: [...FUNCTION_NETWORK_ACTIONS, ...FUNCTION_TRACING_ACTIONS], resources: ['*'] })],
  });
  const cfn = policy.node.defaultChild as iam.CfnManagedPolicy;
  acknowledgeNagRules(cfn, { id: 'AwsSolutions-IAM5', reason: SHARED_POLICY_REASON, appliesTo: ['Resource::*'] });
  acceptLeastPrivilegeFindings(cfn, FUNCTION_NETWORK_ACTIONS, SHARED_POLICY_REASON);
  return policy;
}

/**
 * A Lambda execution role whose permissions are all customer-managed
 * policies: what aws-cdk-lib and users add with `addToPrincipalPolicy` (the
 * dead-letter queue, event sources, grants) goes into one managed policy of
 * the role, never into an inline policy, which the HIPAA, NIST and PCI packs
 * flag. A statement that the stack's shared policy already holds (X-Ray on
 * `*`, which `lambda.Function` adds for active tracing) is not repeated.
 */
export class FunctionRole extends iam.Role {
  private permissions?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, private readonly shared: iam.ManagedPolicy, description: string) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description,
      managedPolicies: [shared],
    });
  }

  /** The role's own managed policy, created with its first statement. */
  public get permissionsPolicy(): iam.ManagedPolicy | undefined {
    return this.permissions;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const json = statement.toStatementJson();
    const actions: string[] = [].concat(json.Action ?? []);
    if (json.Effect === 'Allow' && json.Resource === '*' && !json.Condition && actions.length > 0 &&
      actions.every((action) => FUNCTION_TRACING_ACTIONS.includes(action) || FUNCTION_NETWORK_ACTIONS.includes(action))) {
      return { statementAdded: true, policyDependable: this.shared };
    }
    this.permissions ??= new iam.ManagedPolicy(this, 'Permissions', {
      description: `The permissions of ${this.node.path} but the shared networking and tracing ones`,
      roles: [this],
    });
    this.permissions.addStatements(statement);
    return { statementAdded: true, policyDependable: this.permissions };
  }
}
