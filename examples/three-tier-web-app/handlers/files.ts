/**
 * The files API (`/files` on the API domain): callers upload and download
 * files directly to and from the uploads bucket with pre-signed URLs, so no
 * file passes through API Gateway or Lambda. Each caller's files live under a
 * prefix derived from their IAM identity (a hash, so no ARN is in a key), so
 * one caller can never reach another's.
 *
 *   POST /files           {"fileName": "...", "contentType": "..."} → 201 with a PUT URL (5 minutes)
 *   GET  /files/{fileId}  a GET URL (5 minutes) for one of the caller's files, or 404
 */
import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { callerOf, dispatch, HttpError, json, jsonBody, stringField, uuidParameter } from './shared/http';

/** How long a pre-signed URL is valid. */
export const URL_EXPIRY_SECONDS = 300;
/** The prefix this function may read and write (its grant is `uploads/*`). */
export const UPLOADS_PREFIX = 'uploads/';

export interface FilesDependencies {
  readonly s3: S3Client;
  readonly bucketName: string;
  /** Whether the object exists; HeadObject by default. */
  readonly objectExists?: (key: string) => Promise<boolean>;
}

/** The caller's own prefix: a hash of the IAM identity. */
export function ownerPrefix(caller: string): string {
  return `${UPLOADS_PREFIX}${createHash('sha256').update(caller).digest('hex').slice(0, 32)}/`;
}

export async function handleFiles(event: APIGatewayProxyEvent, deps: FilesDependencies): Promise<APIGatewayProxyResult> {
  const { s3, bucketName } = deps;
  const objectExists = deps.objectExists ?? (async (key: string) => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucketName, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound) {
        return false;
      }
      throw error;
    }
  });

  return dispatch(event, {
    'POST /': async () => {
      const body = jsonBody(event);
      const fileName = stringField(body, 'fileName', /^[\w][\w .()-]{0,199}$/, 'a file name of 1 to 200 letters, digits, spaces and ._-() (no path)');
      const contentType = stringField(body, 'contentType', /^[\w.+-]{1,64}\/[\w.+-]{1,128}$/, 'a media type such as image/png');
      const fileId = randomUUID();
      const headers = { 'content-type': contentType, 'content-disposition': `attachment; filename="${fileName}"` };
      // The content type and file name are signed: the upload must send them as given here.
      const uploadUrl = await getSignedUrl(s3, new PutObjectCommand({
        Bucket: bucketName,
        Key: `${ownerPrefix(callerOf(event))}${fileId}`,
        ContentType: headers['content-type'],
        ContentDisposition: headers['content-disposition'],
      }), { expiresIn: URL_EXPIRY_SECONDS, signableHeaders: new Set(Object.keys(headers)) });
      return json(201, { fileId, uploadUrl, method: 'PUT', headers, expiresInSeconds: URL_EXPIRY_SECONDS });
    },
    'GET /{fileId}': async () => {
      const fileId = uuidParameter(event, 'fileId');
      const key = `${ownerPrefix(callerOf(event))}${fileId}`;
      if (!await objectExists(key)) {
        throw new HttpError(404, `No fileId '${fileId}'.`);
      }
      const downloadUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucketName, Key: key }), { expiresIn: URL_EXPIRY_SECONDS });
      return json(200, { fileId, downloadUrl, expiresInSeconds: URL_EXPIRY_SECONDS });
    },
  });
}

/**
 * Checksums only where S3 requires them: by default the SDK would sign a
 * checksum of the (empty) body into the pre-signed PUT URL, and S3 would
 * reject every real upload.
 */
export function newS3Client(): S3Client {
  return new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
}

const s3 = newS3Client();

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const bucketName = process.env.BUCKET_NAME;
  if (!bucketName) {
    throw new Error('The function\'s environment lacks BUCKET_NAME.');
  }
  return handleFiles(event, { s3, bucketName });
}
