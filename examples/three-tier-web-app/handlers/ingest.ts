/**
 * The uploads ingest function (the reference app's IngestPipeline): CSV files
 * of orders uploaded under `incoming/` in the uploads bucket become rows of
 * the orders table, inserted as the application user, and each batch ends
 * with a completion notice on the pipeline's topic.
 *
 * The event is an SQS batch; each record's body is the EventBridge "Object
 * Created" event S3 sent for one upload. A record that fails is reported in
 * `batchItemFailures`, so only it returns to the queue (and, after the
 * queue's maxReceiveCount, goes to the dead-letter queue, which alarms).
 *
 * The file: a header `owner,item,quantity`, then one order per line; fields
 * hold no commas or quotes. Every row of a file is inserted, or none: the
 * object version is claimed in `ingest_runs` in the same transaction, so a
 * second delivery of the same upload inserts nothing.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { database, Queryable } from './shared/database';

/** The largest upload the function reads, so that one file cannot exhaust its memory. */
export const MAX_OBJECT_BYTES = 10 * 1024 * 1024;
/** The most orders one file may hold. */
export const MAX_ROWS = 10_000;
const HEADER = 'owner,item,quantity';

/** One uploaded object version, as S3 describes it in the EventBridge event. */
export interface UploadedObject {
  readonly bucket: string;
  readonly key: string;
  /** The version id (the uploads bucket is versioned), or `null` for an unversioned bucket. */
  readonly version: string;
  readonly size: number;
}

export interface Order {
  readonly owner: string;
  readonly item: string;
  readonly quantity: number;
}

/** What the function does outside itself: a database, S3 and SNS (fakes in the tests). */
export interface IngestDependencies {
  readonly db: () => Promise<Queryable>;
  readonly readObject: (object: UploadedObject) => Promise<string>;
  readonly publish: (notice: CompletionNotice) => Promise<void>;
}

/** What one object version came to: its orders inserted, or none because it was ingested before. */
export interface IngestedObject {
  readonly bucket: string;
  readonly key: string;
  readonly version: string;
  readonly orders: number;
  readonly duplicate: boolean;
}

/** The completion notice: what each object of the batch came to, and how many records failed. */
export interface CompletionNotice {
  readonly ingested: IngestedObject[];
  readonly failed: number;
}

/** A file that can never be ingested as it is; retrying it cannot help. */
export class InvalidUpload extends Error {}

/** The uploaded object an SQS record names, or an error saying what is missing. */
export function uploadedObjectOf(record: SQSRecord): UploadedObject {
  let event: any;
  try {
    event = JSON.parse(record.body);
  } catch {
    throw new InvalidUpload(`Message ${record.messageId} is not JSON.`);
  }
  const detail = event?.detail;
  if (event?.source !== 'aws.s3' || event?.['detail-type'] !== 'Object Created'
    || typeof detail?.bucket?.name !== 'string' || typeof detail?.object?.key !== 'string') {
    throw new InvalidUpload(`Message ${record.messageId} is not an S3 "Object Created" event.`);
  }
  return {
    bucket: detail.bucket.name,
    key: detail.object.key,
    version: typeof detail.object['version-id'] === 'string' ? detail.object['version-id'] : 'null',
    size: Number(detail.object.size ?? 0),
  };
}

/** The orders of a CSV file, or an error naming the first bad line. */
export function parseOrders(text: string): Order[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0].trim() !== HEADER) {
    throw new InvalidUpload(`Line 1 must be the header '${HEADER}', got: '${lines[0].slice(0, 100)}'.`);
  }
  const orders: Order[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    const where = `Line ${index + 2}`;
    const fields = line.split(',');
    if (fields.length !== 3 || line.includes('"')) {
      throw new InvalidUpload(`${where} must hold three fields without commas or quotes: owner,item,quantity.`);
    }
    const [owner, item, quantityText] = fields.map((field) => field.trim());
    if (owner.length === 0 || owner.length > 2048) {
      throw new InvalidUpload(`${where}: the owner must be 1 to 2048 characters.`);
    }
    if (!/^\S.{0,199}$/s.test(item)) {
      throw new InvalidUpload(`${where}: the item must be 1 to 200 characters.`);
    }
    const quantity = Number(quantityText);
    if (!/^\d+$/.test(quantityText) || quantity < 1 || quantity > 1000) {
      throw new InvalidUpload(`${where}: the quantity must be a whole number from 1 to 1000, got: '${quantityText}'.`);
    }
    orders.push({ owner, item, quantity });
  });
  if (orders.length > MAX_ROWS) {
    throw new InvalidUpload(`A file may hold at most ${MAX_ROWS} orders, got: ${orders.length}.`);
  }
  return orders;
}

/**
 * Inserts the orders of one object version, unless that version was
 * ingested before. All or nothing: one transaction claims the version and
 * inserts the rows.
 */
export async function ingestObject(object: UploadedObject, deps: IngestDependencies): Promise<IngestedObject> {
  if (object.size > MAX_OBJECT_BYTES) {
    throw new InvalidUpload(`${object.key} is ${object.size} bytes; the most a file may be is ${MAX_OBJECT_BYTES}.`);
  }
  const orders = parseOrders(await deps.readObject(object));
  const db = await deps.db();
  await db.query('BEGIN');
  try {
    const claimed = await db.query(
      'INSERT INTO ingest_runs (bucket, object_key, version, row_count) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING object_key',
      [object.bucket, object.key, object.version, orders.length]);
    const duplicate = claimed.rows.length === 0;
    if (!duplicate && orders.length > 0) {
      await db.query('INSERT INTO orders (owner, item, quantity) SELECT * FROM unnest($1::text[], $2::text[], $3::integer[])',
        [orders.map((o) => o.owner), orders.map((o) => o.item), orders.map((o) => o.quantity)]);
    }
    await db.query('COMMIT');
    return { bucket: object.bucket, key: object.key, version: object.version, orders: duplicate ? 0 : orders.length, duplicate };
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

/** Ingests each record of the batch; reports the ones that failed and publishes what the others came to. */
export async function ingestBatch(event: SQSEvent, deps: IngestDependencies): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  const ingested: IngestedObject[] = [];
  for (const record of event.Records) {
    try {
      ingested.push(await ingestObject(uploadedObjectOf(record), deps));
    } catch (error) {
      console.error(JSON.stringify({ message: 'Upload not ingested', messageId: record.messageId, error: String(error) }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  if (ingested.length > 0) {
    // If this fails, the whole batch returns to the queue; the claimed versions insert nothing again.
    await deps.publish({ ingested, failed: batchItemFailures.length });
  }
  return { batchItemFailures };
}

const s3 = new S3Client({});
const sns = new SNSClient({});

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return ingestBatch(event, {
    db: database,
    readObject: async (object) => {
      const response = await s3.send(new GetObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        VersionId: object.version === 'null' ? undefined : object.version,
      }));
      return response.Body!.transformToString('utf-8');
    },
    publish: async (notice) => {
      await sns.send(new PublishCommand({ TopicArn: process.env.COMPLETION_TOPIC_ARN, Subject: 'Uploads ingested', Message: JSON.stringify(notice) }));
    },
  });
}
