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

export const SHARED_POLICY_REASON = 'Lambda manages the network interfaces of a function in a VPC through its role before their ARNs exist ' +
  '(as AWSLambdaVPCAccessExecutionRole does), and EC2 Describe* and X-Ray trace uploads support no resource-level permissions.';

/** A policy that every role of one kind in a stack shares, for the actions AWS offers on `*` only. */
export interface SharedStackPolicy {
  /** The policy's id under the stack. */
  readonly id: string;
  readonly description: string;
  readonly actions: string[];
  /** The actions LeastPrivilegeChecks would flag, accepted with `reason`. */
  readonly acceptedActions: string[];
  readonly reason: string;
}

/**
 * The one policy per stack that holds `shared.actions` on `*`: one
 * acknowledgment of AwsSolutions-IAM5 and one `LeastPrivilegeChecks`
 * exception, both with their reason, instead of one per role.
 */
export function sharedStackPolicy(scope: Construct, shared: SharedStackPolicy): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(shared.id);
  if (existing) {
    return existing as iam.ManagedPolicy;
  }
  const policy = new iam.ManagedPolicy(stack, shared.id, {
    description: shared.description,
    statements: [new iam.PolicyStatement({ actions: shared.actions, resources: ['*'] })],
  });
  const cfn = policy.node.defaultChild as iam.CfnManagedPolicy;
  acknowledgeNagRules(cfn, { id: 'AwsSolutions-IAM5', reason: shared.reason, appliesTo: ['Resource::*'] });
  acceptLeastPrivilegeFindings(cfn, shared.acceptedActions, shared.reason);
  return policy;
}

const FUNCTION_POLICY: SharedStackPolicy = {
  id: 'PavedRoadFunctionNetworkingPolicy',
  description: 'Network interfaces in the VPC and X-Ray traces, for every SecureFunction of this stack',
  actions: [...FUNCTION_NETWORK_ACTIONS, ...FUNCTION_TRACING_ACTIONS],
  acceptedActions: FUNCTION_NETWORK_ACTIONS,
  reason: SHARED_POLICY_REASON,
};

/** The stack's policy that every `SecureFunction` role shares: network interfaces and X-Ray traces on `*`. */
export function sharedFunctionPolicy(scope: Construct): iam.ManagedPolicy {
  return sharedStackPolicy(scope, FUNCTION_POLICY);
}

/**
 * A role whose permissions are all customer-managed policies: what
 * aws-cdk-lib and users add with `addToPrincipalPolicy` (grants, task
 * permissions) goes into one managed policy of the role, never into an
 * inline policy, which the HIPAA, NIST and PCI packs flag. A statement that
 * the stack's shared policy already holds (an action of `sharedActions` on
 * `*` without conditions) is not repeated.
 */
export class ManagedPermissionsRole extends iam.Role {
  private permissions?: iam.ManagedPolicy;
  private readonly shared: iam.ManagedPolicy;
  private readonly sharedActions: string[];
  private readonly sharedDescription: string;

  constructor(scope: Construct, id: string, props: {
    readonly assumedBy: iam.IPrincipal;
    readonly description: string;
    readonly shared: iam.ManagedPolicy;
    readonly sharedActions: string[];
    /** What the shared policy holds, for the description of the role's own policy, such as `networking and tracing`. */
    readonly sharedDescription: string;
  }) {
    super(scope, id, { assumedBy: props.assumedBy, description: props.description, managedPolicies: [props.shared] });
    this.shared = props.shared;
    this.sharedActions = props.sharedActions;
    this.sharedDescription = props.sharedDescription;
  }

  /** The role's own managed policy, created with its first statement. */
  public get permissionsPolicy(): iam.ManagedPolicy | undefined {
    return this.permissions;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const json = statement.toStatementJson();
    const actions: string[] = [].concat(json.Action ?? []);
    if (json.Effect === 'Allow' && json.Resource === '*' && !json.Condition && actions.length > 0 &&
      actions.every((action) => this.sharedActions.includes(action))) {
      return { statementAdded: true, policyDependable: this.shared };
    }
    this.permissions ??= new iam.ManagedPolicy(this, 'Permissions', {
      description: `The permissions of ${this.node.path} but the shared ${this.sharedDescription} ones`,
      roles: [this],
    });
    this.permissions.addStatements(statement);
    return { statementAdded: true, policyDependable: this.permissions };
  }
}

/**
 * A Lambda execution role whose permissions are customer-managed policies
 * (see `ManagedPermissionsRole`); X-Ray on `*`, which `lambda.Function` adds
 * for active tracing, is in the stack's shared function policy.
 */
export class FunctionRole extends ManagedPermissionsRole {
  constructor(scope: Construct, id: string, shared: iam.ManagedPolicy, description: string) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description,
      shared,
      sharedActions: [...FUNCTION_TRACING_ACTIONS, ...FUNCTION_NETWORK_ACTIONS],
      sharedDescription: 'networking and tracing',
    });
  }
}
