/**
 * The order workflow's compensation: runs when the charge failed (an error,
 * not a decline) or the PAID notice could not be published, so the order is
 * in an unknown state or charged without anyone to bill it. It refunds
 * whatever the charge took and answers with the order marked REFUNDED and the
 * reason the checkout failed, which the workflow's FAILED notice carries.
 *
 * Like the charge, it goes to the stub payment provider (no network call). A
 * refund is keyed by the order id, so refunding an order that was never
 * charged, or refunding it twice when the workflow retries, changes nothing.
 */
import { CheckoutOrder } from './shared/checkout';

/** The error Step Functions caught from the charge (`{"Error", "Cause"}`). */
export interface CaughtError {
  readonly Error?: string;
  readonly Cause?: string;
}

export interface RefundResult {
  readonly status: 'REFUNDED';
  readonly order: CheckoutOrder;
  readonly refundId: string;
  readonly reason: string;
}

/** What the refund needs of a payment provider. */
export interface RefundProvider {
  /** Refunds whatever was charged for `idempotencyKey`; nothing if nothing was. */
  refund(request: { idempotencyKey: string }): Promise<{ refundId: string }>;
}

/** The stub provider: no network. */
export const stubRefunds: RefundProvider = {
  async refund({ idempotencyKey }) {
    return { refundId: `ref_${idempotencyKey}` };
  },
};

export async function refundOrder(order: CheckoutOrder, error: CaughtError | undefined, provider: RefundProvider): Promise<RefundResult> {
  const { refundId } = await provider.refund({ idempotencyKey: order.orderId });
  // The cause can hold a stack trace; the notice says only which error it was.
  return { status: 'REFUNDED', order, refundId, reason: `The checkout failed (${error?.Error ?? 'unknown error'}); any charge was refunded.` };
}

/** The workflow invokes it with `{"order": {...}, "error": {"Error", "Cause"}}`. */
export async function handler(event: { order: CheckoutOrder; error?: CaughtError }): Promise<RefundResult> {
  const result = await refundOrder(event.order, event.error, stubRefunds);
  console.log(JSON.stringify({ message: 'Order refunded', orderId: event.order.orderId, error: event.error?.Error }));
  return result;
}
