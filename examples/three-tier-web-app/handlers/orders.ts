/**
 * The orders API (`/orders` on the API domain): each caller lists, places and
 * reads their own orders. The caller is the IAM identity API Gateway
 * verified; every query is parameterized and scoped to it. The table is
 * created by the migration (migrations/001-schema-and-application-user.sql),
 * and the function's database user may only read and insert orders.
 *
 *   GET  /orders            the caller's 50 most recent orders
 *   POST /orders            {"item": "...", "quantity": 1}  → 201 with the order
 *   GET  /orders/{orderId}  one of the caller's orders, or 404
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Queryable, withDatabase } from './shared/database';
import { callerOf, dispatch, HttpError, json, jsonBody, stringField, uuidParameter } from './shared/http';

const COLUMNS = 'id, item, quantity, created_at AS "createdAt"';

export async function handleOrders(event: APIGatewayProxyEvent, db: Queryable): Promise<APIGatewayProxyResult> {
  return dispatch(event, {
    'GET /': async () => {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM orders WHERE owner = $1 ORDER BY created_at DESC LIMIT 50`, [callerOf(event)]);
      return json(200, { orders: rows });
    },
    'POST /': async () => {
      const owner = callerOf(event);
      const body = jsonBody(event);
      const item = stringField(body, 'item', /^\S.{0,199}$/s, 'a string of 1 to 200 characters that does not start with a space');
      const quantity = body.quantity;
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 1000) {
        throw new HttpError(400, '`quantity` must be a whole number from 1 to 1000.');
      }
      const { rows } = await db.query(`INSERT INTO orders (owner, item, quantity) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [owner, item, quantity]);
      return json(201, rows[0]);
    },
    'GET /{orderId}': async () => {
      const orderId = uuidParameter(event, 'orderId');
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM orders WHERE id = $1 AND owner = $2`, [orderId, callerOf(event)]);
      if (rows.length === 0) {
        throw new HttpError(404, `No orderId '${orderId}'.`);
      }
      return json(200, rows[0]);
    },
  });
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return withDatabase(event, (db) => handleOrders(event, db));
}
