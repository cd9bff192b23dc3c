/**
 * The nightly purge (the reference app's ScheduledJob): deletes the ingest
 * pipeline's records of uploads older than `RETENTION_DAYS`, as the
 * application user, which may delete those records and nothing else.
 */
import { database, Queryable } from './shared/database';

/** How long the record of an ingested upload is kept, and so how long a second delivery of it inserts nothing. */
export const RETENTION_DAYS = 90;

export async function purge(db: Queryable): Promise<{ purged: number }> {
  const { rows } = await db.query('DELETE FROM ingest_runs WHERE ingested_at < now() - make_interval(days => $1) RETURNING object_key', [RETENTION_DAYS]);
  console.log(JSON.stringify({ message: 'Purged ingest records', purged: rows.length, olderThanDays: RETENTION_DAYS }));
  return { purged: rows.length };
}

export async function handler(): Promise<{ purged: number }> {
  return purge(await database());
}
