/**
 * The email consumer of the order events fan-out: its subscription delivers
 * PAID, DECLINED and FAILED notices (a filter policy on the `status`
 * attribute), and it writes the customer the email each calls for. The
 * mailer is a stub that logs the email (no network); a real one sends through
 * Amazon SES and records which order's status it has emailed, because a
 * notice may come twice.
 *
 * The event is an SQS batch; a record that fails (not an order notice) is
 * reported in `batchItemFailures`, so only it is received again.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { eachNotice, OrderNotice } from './shared/checkout';

export interface Email {
  readonly orderId: string | null;
  readonly subject: string;
  readonly body: string;
}

const SUBJECTS: Record<OrderNotice['status'], string> = {
  PAID: 'Thank you for your order',
  DECLINED: 'Your payment was declined',
  FAILED: 'We could not place your order',
};

export function emailOf(notice: OrderNotice): Email {
  const order = notice.orderId ? `Order ${notice.orderId}` : 'Your order';
  const body = notice.status === 'PAID'
    ? `${order} is paid (${notice.order?.quantity} × ${notice.order?.item}).`
    : `${order} was not placed: ${notice.reason ?? 'no reason given'}`;
  return { orderId: notice.orderId, subject: SUBJECTS[notice.status], body };
}

export async function emailBatch(event: SQSEvent, send: (email: Email) => Promise<void>): Promise<SQSBatchResponse> {
  return eachNotice(event, 'emailed', (notice) => send(emailOf(notice)));
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return emailBatch(event, async (email) => {
    // The body may name what was ordered: the log keeps the subject only.
    console.log(JSON.stringify({ message: 'Email sent (stub)', orderId: email.orderId, subject: email.subject }));
  });
}
