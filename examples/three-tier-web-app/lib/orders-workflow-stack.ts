import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { appFunction } from './app-function';
import { EventFanout, SecureFunction, SecureRestApi, ThreeTierVpc, Workflow, WorkflowTrigger } from '../../../src';

export interface OrdersWorkflowStackProps extends StackProps {
  readonly network: ThreeTierVpc;
  /** The IAM-authorized orders API, which gets `POST /checkout` to start the workflow. */
  readonly ordersApi: SecureRestApi;
}

/** Where the checkout route is on the orders API: `POST https://api.<zone>/orders/checkout`. */
export const CHECKOUT_PATH = '/checkout';

/**
 * The order checkout: a Step Functions workflow validates an order, charges
 * it and, once it knows how the checkout ended, publishes a notice with that
 * status (PAID, DECLINED or FAILED) to the order events fan-out. Billing
 * receives the PAID notices, email all three, each through its own queue. A
 * charge that fails (an error, not a decline) is compensated: the refund
 * function gives back whatever it took, and the notice says FAILED. Callers
 * start a checkout with `POST /checkout` on the orders API, signed with IAM.
 * None of the functions touches the database.
 */
export class OrdersWorkflowStack extends Stack {
  public readonly fanout: EventFanout;
  public readonly workflow: Workflow;
  public readonly functions: Record<'validate' | 'charge' | 'refund' | 'bill' | 'email', SecureFunction>;

  constructor(scope: Construct, id: string, props: OrdersWorkflowStackProps) {
    super(scope, id, props);
    const { network } = props;

    this.functions = {
      validate: appFunction(this, 'ValidateOrder', { network, handler: 'validate-order', description: 'Checks the order a checkout starts with' }),
      charge: appFunction(this, 'ChargePayment', { network, handler: 'charge-payment', description: 'Charges a checked order (stub payment provider)' }),
      refund: appFunction(this, 'RefundPayment', { network, handler: 'refund-payment', description: 'Refunds the charge of a checkout that failed' }),
      bill: appFunction(this, 'BillOrder', { network, handler: 'bill-order', description: 'Issues the invoice of each paid order' }),
      email: appFunction(this, 'EmailOrder', { network, handler: 'email-order', description: 'Emails the customer how their checkout ended' }),
    };

    // Each consumer gets only the statuses it acts on, as a message attribute the workflow sets, so a
    // subscriber never receives (and pays for) a notice it would drop.
    this.fanout = new EventFanout(this, 'OrderEvents');
    const status = (...allowlist: string[]) => ({ status: sns.SubscriptionFilter.stringFilter({ allowlist }) });
    this.fanout.addSubscriber('Billing', { filterPolicy: status('PAID') }).addConsumer(this.functions.bill);
    this.fanout.addSubscriber('Email', { filterPolicy: status('PAID', 'DECLINED', 'FAILED') }).addConsumer(this.functions.email);

    this.workflow = new Workflow(this, 'OrderCheckout', {
      definition: this.checkout(),
      // The orders API is IAM-authorized (SecureRestApi's default), so only callers whose policies allow
      // execute-api:Invoke on the route start checkouts; the request body is the execution input. The route
      // is in the API's stack and names this stack's role and state machine, so that stack deploys after this one.
      triggers: [WorkflowTrigger.api(props.ordersApi, CHECKOUT_PATH)],
    });
    // The SnsPublish tasks grant sns:Publish only; the topic is encrypted, so SNS also needs the
    // publisher's kms:GenerateDataKey and kms:Decrypt on its key.
    this.fanout.grantPublish(this.workflow.role);
    // Its name ends in part of the stack's id, so it is known only once deployed.
    new CfnOutput(this, 'CheckoutStateMachineArn', {
      description: 'The order checkout state machine, for `aws stepfunctions start-execution`',
      value: this.workflow.stateMachine.stateMachineArn,
    });
  }

  /**
   * validate → valid? → charge → paid? → PAID notice. An invalid order, a
   * declined payment and a failed checkout each end in their notice and a
   * failed execution. The charge, and the PAID notice, are caught: whatever
   * the charge may have taken is refunded before the FAILED notice.
   */
  private checkout(): sfn.IChainable {
    const { validate, charge, refund } = this.functions;

    const checkoutFailed = this.notify('NotifyFailed', 'FAILED', { reason: sfn.JsonPath.stringAt('$.reason') })
      .next(new sfn.Fail(this, 'CheckoutFailed', { error: 'CheckoutFailed', causePath: '$.reason' }));

    // Compensation: the refund is keyed by the order id, so it is safe to retry and to run for an order never charged.
    const compensate = this.invoke('Refund', refund, {
      payload: sfn.TaskInput.fromObject({ order: sfn.JsonPath.objectAt('$.order'), error: sfn.JsonPath.objectAt('$.error') }),
    });
    compensate.addRetry({ errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(5), maxAttempts: 5, backoffRate: 2 });
    compensate.next(checkoutFailed);

    const paid = this.notify('NotifyPaid', 'PAID', { order: sfn.JsonPath.objectAt('$.order'), paymentId: sfn.JsonPath.stringAt('$.paymentId') });
    // Charged, but nobody would bill it: give the money back.
    paid.addCatch(compensate, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    paid.next(new sfn.Succeed(this, 'OrderPlaced'));

    const declined = this.notify('NotifyDeclined', 'DECLINED', { reason: sfn.JsonPath.stringAt('$.reason') })
      .next(new sfn.Fail(this, 'PaymentDeclined', { error: 'PaymentDeclined', causePath: '$.reason' }));

    const chargeOrder = this.invoke('Charge', charge, {
      payload: sfn.TaskInput.fromObject({ order: sfn.JsonPath.objectAt('$.order') }),
      // A provider that hangs fails the attempt rather than the hour-long execution.
      taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
    });
    // The charge is keyed by the order id, so a timed-out attempt can be retried without charging twice.
    chargeOrder.addRetry({ errors: [sfn.Errors.TIMEOUT], interval: Duration.seconds(5), maxAttempts: 2, backoffRate: 2 });
    chargeOrder.addCatch(compensate, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    return this.invoke('Validate', validate, {})
      .next(new sfn.Choice(this, 'Valid?')
        .when(sfn.Condition.booleanEquals('$.ok', true), chargeOrder
          .next(new sfn.Choice(this, 'Paid?')
            .when(sfn.Condition.stringEquals('$.status', 'PAID'), paid)
            .otherwise(declined)))
        .otherwise(checkoutFailed));
  }

  /** A Lambda task whose output is the function's answer, retried when the function is throttled. */
  private invoke(id: string, fn: SecureFunction, props: Omit<tasks.LambdaInvokeJsonPathProps, 'lambdaFunction'>): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this, id, { lambdaFunction: fn, outputPath: '$.Payload', ...props });
    // Each function reserves its concurrency (5 in development): beyond it, Lambda throttles, which
    // LambdaInvoke's own retries (Lambda's service errors) leave out.
    task.addRetry({ errors: ['Lambda.TooManyRequestsException'], interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2 });
    return task;
  }

  /**
   * Publishes the checkout's notice to the fan-out with `status` as a message
   * attribute, which the subscriptions filter on. The state's data passes on
   * unchanged. A notice may be published twice when a retry follows a publish
   * whose answer was lost; the consumers key what they do by order id.
   */
  private notify(id: string, status: 'PAID' | 'DECLINED' | 'FAILED', fields: Record<string, unknown>): tasks.SnsPublish {
    const task = new tasks.SnsPublish(this, id, {
      topic: this.fanout.topic,
      message: sfn.TaskInput.fromObject({ status, orderId: sfn.JsonPath.stringAt('$.order.orderId'), ...fields }),
      messageAttributes: { status: { value: status } },
      resultPath: sfn.JsonPath.DISCARD,
    });
    task.addRetry({ errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 });
    return task;
  }
}
