/**
 * The order workflow's charge: takes the order's amount from the customer and
 * answers PAID (with the payment's id) or DECLINED (with the reason).
 *
 * The payment provider here is a stub that makes no network call (the
 * function has no route to one): it pays every order up to
 * `STUB_DECLINE_ABOVE_CENTS` and declines larger ones, so both branches of
 * the workflow can be tried. A real provider goes behind `PaymentProvider`;
 * it must take the order id as its idempotency key, because the workflow
 * retries a charge that timed out or was throttled, and the second attempt
 * must not charge twice.
 */
import { createHash } from 'node:crypto';
import { CheckoutOrder } from './shared/checkout';

/** The stub declines orders above this amount: 5,000.00. */
export const STUB_DECLINE_ABOVE_CENTS = 500_000;

export type ChargeResult =
  | { readonly status: 'PAID'; readonly order: CheckoutOrder; readonly paymentId: string; readonly reason: null }
  | { readonly status: 'DECLINED'; readonly order: CheckoutOrder; readonly reason: string };

/** What a payment provider answers to a charge. */
export type ProviderAnswer = { approved: true; paymentId: string } | { approved: false; reason: string };

/** What the charge needs of a payment provider. */
export interface PaymentProvider {
  /** Charges `amountCents` once per `idempotencyKey`: the same key again returns the first answer. */
  charge(request: { idempotencyKey: string; amountCents: number; currency: string }): Promise<ProviderAnswer>;
}

/** The stub provider: no network, the same answer for the same key. */
export const stubProvider: PaymentProvider = {
  async charge({ idempotencyKey, amountCents }) {
    if (amountCents > STUB_DECLINE_ABOVE_CENTS) {
      return { approved: false, reason: `The stub provider declines amounts above ${STUB_DECLINE_ABOVE_CENTS} cents.` };
    }
    return { approved: true, paymentId: `pay_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}` };
  },
};

export async function chargeOrder(order: CheckoutOrder, provider: PaymentProvider): Promise<ChargeResult> {
  const answer = await provider.charge({ idempotencyKey: order.orderId, amountCents: order.amountCents, currency: order.currency });
  return answer.approved
    ? { status: 'PAID', order, paymentId: answer.paymentId, reason: null }
    : { status: 'DECLINED', order, reason: answer.reason };
}

/** The workflow invokes it with `{"order": {...}}`, an order the validate step checked. */
export async function handler(event: { order: CheckoutOrder }): Promise<ChargeResult> {
  const result = await chargeOrder(event.order, stubProvider);
  console.log(JSON.stringify({ message: 'Order charged', orderId: event.order.orderId, status: result.status }));
  return result;
}
