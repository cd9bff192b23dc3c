/**
 * Deployed by the API integ cases (never in CI): calls a URL of an
 * IAM-authorized API through its custom domain twice, unsigned and signed
 * with SigV4 by the function's role, and reads two items of a cached method,
 * so that the assertions can show: 403 unsigned, 200 signed, and responses
 * that the cache keeps apart per path parameter.
 */
import { createHash, createHmac } from 'crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** What the probe is asked to call. */
export interface ApiProbeEvent {
  /** An IAM-authorized GET, such as `https://api.example.com/orders/items`. */
  readonly url: string;
  /** Two URLs of one cached GET that differ in a path parameter, signed too. */
  readonly cachedUrls?: string[];
}

/** What the probe saw. */
export interface ApiProbeResult {
  readonly unsigned: number;
  readonly signed: number;
  readonly cachedBodies: string[];
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Buffer {
  if (typeof data === 'string') {
    return data;
  }
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(new Uint8Array(data));
}

/** SHA-256 for the signer, from Node's crypto (an HMAC when given a secret). */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

/** What a request is signed for and with. */
export interface SigningOptions {
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** @default 'execute-api' (API Gateway) */
  readonly service?: string;
  /** @default - now */
  readonly signingDate?: Date;
}

/** The headers of a SigV4-signed GET of `url`. */
export async function signedHeaders(url: string, options: SigningOptions): Promise<Record<string, string>> {
  const { region, credentials, signingDate } = options;
  const target = new URL(url);
  // No x-amz-content-sha256 header: API Gateway does not ask for one (S3 does).
  const signer = new SignatureV4({ service: options.service ?? 'execute-api', region, credentials, sha256: NodeSha256, applyChecksum: false });
  const query: Record<string, string> = {};
  target.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  const signed = await signer.sign({
    method: 'GET',
    protocol: target.protocol,
    hostname: target.hostname,
    path: target.pathname,
    query,
    headers: { host: target.hostname },
  }, { signingDate });
  return signed.headers as Record<string, string>;
}

export async function handler(event: ApiProbeEvent): Promise<ApiProbeResult> {
  const region = process.env.AWS_REGION!;
  const credentials = {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID!,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!,
    sessionToken: process.env.AWS_SESSION_TOKEN,
  };
  const unsigned = await fetch(event.url);
  const signed = await fetch(event.url, { headers: await signedHeaders(event.url, { region, credentials }) });
  const cachedBodies: string[] = [];
  for (const url of event.cachedUrls ?? []) {
    const response = await fetch(url, { headers: await signedHeaders(url, { region, credentials }) });
    cachedBodies.push(await response.text());
  }
  return { unsigned: unsigned.status, signed: signed.status, cachedBodies };
}
