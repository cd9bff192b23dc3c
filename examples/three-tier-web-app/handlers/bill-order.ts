/**
 * The billing consumer of the order events fan-out: its subscription
 * delivers PAID notices only (a filter policy on the `status` attribute), and
 * it issues the invoice of each. The invoice store is a stub that logs the
 * invoice (no database, no network); a real one keys invoices by order id,
 * because SNS and SQS deliver at least once and a notice may come twice.
 *
 * The event is an SQS batch; a record that fails (not an order notice, or not
 * a PAID one with its order) is reported in `batchItemFailures`, so only it
 * is received again.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { eachNotice, InvalidNotice, OrderNotice } from './shared/checkout';

export interface Invoice {
  readonly invoiceId: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly amountCents: number;
  readonly currency: string;
}

/** The invoice of a PAID notice, or an error saying why it has none. */
export function invoiceOf(notice: OrderNotice): Invoice {
  if (notice.status !== 'PAID' || !notice.order || !notice.orderId || !notice.paymentId) {
    throw new InvalidNotice(`Only a PAID notice with its order and payment is billed, got status ${notice.status} for order ${notice.orderId}.`);
  }
  const { amountCents, currency } = notice.order;
  return { invoiceId: `inv_${notice.orderId}`, orderId: notice.orderId, paymentId: notice.paymentId, amountCents, currency };
}

export async function billBatch(event: SQSEvent, issue: (invoice: Invoice) => Promise<void>): Promise<SQSBatchResponse> {
  return eachNotice(event, 'billed', (notice) => issue(invoiceOf(notice)));
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return billBatch(event, async (invoice) => {
    console.log(JSON.stringify({ message: 'Invoice issued', ...invoice }));
  });
}
