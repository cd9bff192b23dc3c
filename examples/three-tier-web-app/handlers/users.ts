/**
 * The users API (`/users` on the API domain): each caller reads and keeps
 * their own profile. The caller is the IAM identity API Gateway verified.
 * The table is created by the migration
 * (migrations/001-schema-and-application-user.sql).
 *
 *   GET /users/me   the caller's profile, or 404 before the first PUT
 *   PUT /users/me   {"displayName": "...", "email": "..."}  → 200 with the profile
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Queryable, withDatabase } from './shared/database';
import { callerOf, dispatch, HttpError, json, jsonBody, stringField } from './shared/http';

const COLUMNS = 'display_name AS "displayName", email, updated_at AS "updatedAt"';

export async function handleUsers(event: APIGatewayProxyEvent, db: Queryable): Promise<APIGatewayProxyResult> {
  return dispatch(event, {
    'GET /me': async () => {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM user_profiles WHERE owner = $1`, [callerOf(event)]);
      if (rows.length === 0) {
        throw new HttpError(404, 'No profile yet; PUT /users/me creates it.');
      }
      return json(200, rows[0]);
    },
    'PUT /me': async () => {
      const owner = callerOf(event);
      const body = jsonBody(event);
      const displayName = stringField(body, 'displayName', /^\S.{0,99}$/s, 'a string of 1 to 100 characters that does not start with a space');
      const email = stringField(body, 'email', /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/, 'an email address');
      if (email.length > 254) {
        throw new HttpError(400, '`email` must be an email address.');
      }
      const { rows } = await db.query(
        `INSERT INTO user_profiles (owner, display_name, email) VALUES ($1, $2, $3)
         ON CONFLICT (owner) DO UPDATE SET display_name = EXCLUDED.display_name, email = EXCLUDED.email, updated_at = now()
         RETURNING ${COLUMNS}`,
        [owner, displayName, email]);
      return json(200, rows[0]);
    },
  });
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return withDatabase(event, (db) => handleUsers(event, db));
}
