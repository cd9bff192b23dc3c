/**
 * What the order workflow's functions pass each other: the order being
 * checked out, and the notice the workflow publishes to the order events
 * topic once it knows how the checkout ended.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** An order as the workflow checks it out; amounts are in the currency's minor unit (cents), so no float rounds them. */
export interface CheckoutOrder {
  readonly orderId: string;
  readonly item: string;
  readonly quantity: number;
  readonly amountCents: number;
  readonly currency: string;
}

/** How a checkout ended; the topic's subscribers filter on it (the `status` message attribute). */
export type CheckoutStatus = 'PAID' | 'DECLINED' | 'FAILED';
export const CHECKOUT_STATUSES: readonly CheckoutStatus[] = ['PAID', 'DECLINED', 'FAILED'];

/** The message the workflow publishes: the order's id and status, with the order and payment when it was paid. */
export interface OrderNotice {
  readonly status: CheckoutStatus;
  readonly orderId: string | null;
  readonly reason?: string | null;
  readonly order?: CheckoutOrder;
  readonly paymentId?: string;
}

/** A message that can never be handled as it is; receiving it again cannot help. */
export class InvalidNotice extends Error {}

/** The notice an SQS message holds (the subscription delivers raw, so the body is the message as published). */
export function noticeOf(body: string, messageId: string): OrderNotice {
  let notice: any;
  try {
    notice = JSON.parse(body);
  } catch {
    throw new InvalidNotice(`Message ${messageId} is not JSON.`);
  }
  if (typeof notice !== 'object' || notice === null || !CHECKOUT_STATUSES.includes(notice.status)
    || !(notice.orderId === null || typeof notice.orderId === 'string')) {
    throw new InvalidNotice(`Message ${messageId} is not an order notice: it needs a status (${CHECKOUT_STATUSES.join(', ')}) and an orderId.`);
  }
  return notice as OrderNotice;
}

/**
 * Handles each record of an SQS batch on its own: a record that fails (its
 * body not a notice, or `handle` throws) is reported in `batchItemFailures`,
 * so only it returns to the queue and, after the queue's maxReceiveCount,
 * goes to the dead-letter queue, which alarms.
 */
export async function eachNotice(event: SQSEvent, what: string, handle: (notice: OrderNotice) => Promise<void>): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await handle(noticeOf(record.body, record.messageId));
    } catch (error) {
      console.error(JSON.stringify({ message: `Order notice not ${what}`, messageId: record.messageId, error: String(error) }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
