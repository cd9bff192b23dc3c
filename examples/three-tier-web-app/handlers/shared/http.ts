/**
 * The HTTP side of every handler: API Gateway proxy events in, JSON out,
 * client errors as 4xx with a message, anything else as a 500 that reveals
 * nothing (the details go to the function's log).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** A client error: its status and message are returned to the caller. */
export class HttpError extends Error {
  constructor(public readonly statusCode: number, message: string) {
    super(message);
  }
}

export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/**
 * The caller, as API Gateway's IAM authorization verified it. Every method of
 * the reference app is IAM-authorized, so a missing identity is a wiring error.
 */
export function callerOf(event: APIGatewayProxyEvent): string {
  const caller = event.requestContext?.identity?.userArn;
  if (!caller) {
    throw new HttpError(401, 'The request carries no IAM identity.');
  }
  return caller;
}

/** The request body as a JSON object, or a 400. */
export function jsonBody(event: APIGatewayProxyEvent): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body ?? '');
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      return body as Record<string, unknown>;
    }
  } catch {
    // Falls through to the 400 below.
  }
  throw new HttpError(400, 'The request body must be a JSON object.');
}

/** A string field of `body` that matches `pattern`, or a 400 naming the field. */
export function stringField(body: Record<string, unknown>, name: string, pattern: RegExp, description: string): string {
  const value = body[name];
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new HttpError(400, `\`${name}\` must be ${description}.`);
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A path parameter that must be a UUID, or a 404 (an id that cannot exist). */
export function uuidParameter(event: APIGatewayProxyEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value || !UUID.test(value)) {
    throw new HttpError(404, `No ${name} '${value ?? ''}'.`);
  }
  return value;
}

export type Route = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * Dispatches on `<METHOD> <resource>` (the resource as API Gateway names it,
 * such as `GET /{orderId}`), and turns errors into responses.
 */
export async function dispatch(event: APIGatewayProxyEvent, routes: Record<string, Route>): Promise<APIGatewayProxyResult> {
  const route = routes[`${event.httpMethod} ${event.resource}`];
  try {
    if (!route) {
      throw new HttpError(404, `No route for ${event.httpMethod} ${event.resource}.`);
    }
    return await route(event);
  } catch (error) {
    if (error instanceof HttpError) {
      return json(error.statusCode, { message: error.message });
    }
    console.error(JSON.stringify({ message: 'Unhandled error', requestId: event.requestContext?.requestId, error: String(error) }));
    return json(500, { message: 'Internal error', requestId: event.requestContext?.requestId });
  }
}
