/**
 * The order workflow's first step: checks that the execution input is an
 * order the workflow can charge, and hands on only the fields it knows. An
 * order that is not is no error (retrying cannot fix it): the answer says so
 * with `ok: false` and a reason, and the workflow publishes a FAILED notice.
 *
 *   {"orderId": "<uuid>", "item": "tea", "quantity": 2, "amountCents": 1200, "currency": "EUR"}
 *     → {"ok": true, "order": {...}, "reason": null}
 */
import { CheckoutOrder } from './shared/checkout';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** The largest amount one order may be charged, in cents: 100,000.00 in any currency. */
export const MAX_AMOUNT_CENTS = 10_000_000;

export interface Validation {
  readonly ok: boolean;
  /** The order as checked; with `ok: false`, only its id (null when it has none), so the FAILED notice can name it. */
  readonly order: CheckoutOrder | { readonly orderId: string | null };
  /** Why the order was refused; null when `ok`. */
  readonly reason: string | null;
}

/** The first thing wrong with `input` as an order, or undefined. */
function problemOf(input: Record<string, unknown>): string | undefined {
  const { orderId, item, quantity, amountCents, currency } = input;
  if (typeof orderId !== 'string' || !UUID.test(orderId)) {
    return '`orderId` must be a UUID.';
  }
  if (typeof item !== 'string' || !/^\S.{0,199}$/s.test(item)) {
    return '`item` must be a string of 1 to 200 characters that does not start with a space.';
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 1000) {
    return '`quantity` must be a whole number from 1 to 1000.';
  }
  if (typeof amountCents !== 'number' || !Number.isInteger(amountCents) || amountCents < 1 || amountCents > MAX_AMOUNT_CENTS) {
    return `\`amountCents\` must be a whole number of cents from 1 to ${MAX_AMOUNT_CENTS}.`;
  }
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    return '`currency` must be an ISO 4217 code such as EUR.';
  }
  return undefined;
}

export function validateOrder(input: unknown): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, order: { orderId: null }, reason: 'The order must be a JSON object.' };
  }
  const fields = input as Record<string, unknown>;
  const problem = problemOf(fields);
  if (problem) {
    // Only a well-formed id is echoed into the notice; anything else could be any size or content.
    const orderId = typeof fields.orderId === 'string' && UUID.test(fields.orderId) ? fields.orderId : null;
    return { ok: false, order: { orderId }, reason: problem };
  }
  const { orderId, item, quantity, amountCents, currency } = fields as unknown as CheckoutOrder;
  return { ok: true, order: { orderId: orderId.toLowerCase(), item, quantity, amountCents, currency }, reason: null };
}

export async function handler(event: unknown): Promise<Validation> {
  const result = validateOrder(event);
  console.log(JSON.stringify({ message: 'Order validated', orderId: result.order.orderId, ok: result.ok, reason: result.reason }));
  return result;
}
