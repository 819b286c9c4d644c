/**
 * The HTTP side of Volumes: uploads at presigned URLs (what the driver does after a PUT staging command;
 * cloud storage answers them, so no Databricks bearer is asked for), and the Files API
 * (`/api/2.0/fs/files/Volumes/...`: PUT with `overwrite`, GET, DELETE; 204 with no body on success, errors
 * as `{"error_code", "message"}`), for workspaces where presigned URLs are not allowed, and its directory
 * listing (`GET /api/2.0/fs/directories/Volumes/...`: `{"contents": [{path, is_directory, file_size,
 * last_modified, name}]}`). `failDeletes` makes the next N deletions fail (403), as a lost permission would.
 */
import type { IncomingMessage } from 'node:http';
import { VolumeError, type SimVolumes } from './volumes.ts';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

const FILES_API = '/api/2.0/fs/files';
const DIRECTORIES_API = '/api/2.0/fs/directories';

export function isPresignedUpload(volumes: SimVolumes, req: IncomingMessage, url: URL): boolean {
  return req.method === 'PUT' && volumes.isPresignedPath(url.pathname);
}

export function isFilesApi(url: URL): boolean {
  return url.pathname.startsWith(`${FILES_API}/Volumes/`) || url.pathname.startsWith(`${DIRECTORIES_API}/Volumes/`);
}

export function presignedUpload(volumes: SimVolumes, req: IncomingMessage, url: URL, body: Buffer): HttpAnswer {
  try {
    volumes.uploadAt(url.pathname, req.headers, body);
    return { status: 201, headers: {}, body: '' };
  } catch (error) {
    if (!(error instanceof VolumeError)) throw error;
    // Cloud storage answers in XML; the driver reads only the status.
    return {
      status: error.status,
      headers: { 'content-type': 'application/xml' },
      body: `<Error><Code>${error.errorCode}</Code><Message>${error.message}</Message></Error>`,
    };
  }
}

export function filesApi(
  volumes: SimVolumes,
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  faults: { failDeletes?: number } = {},
): HttpAnswer {
  const json = (status: number, value: unknown): HttpAnswer => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  });
  try {
    if (url.pathname.startsWith(DIRECTORIES_API)) {
      const directory = volumes.resolve(decodeURIComponent(url.pathname.slice(DIRECTORIES_API.length)));
      if (req.method !== 'GET')
        return json(405, { error_code: 'METHOD_NOT_ALLOWED', message: `${req.method ?? ''} is not allowed here` });
      if (!volumes.isDirectory(directory))
        return json(404, { error_code: 'NOT_FOUND', message: 'The directory does not exist.' });
      return json(200, { contents: volumes.list(directory) });
    }
    const path = volumes.resolve(decodeURIComponent(url.pathname.slice(FILES_API.length)));
    if (req.method === 'DELETE' && (faults.failDeletes ?? 0) > 0) {
      faults.failDeletes = (faults.failDeletes ?? 0) - 1;
      return json(403, { error_code: 'PERMISSION_DENIED', message: 'User does not have WRITE VOLUME on Volume.' });
    }
    switch (req.method) {
      case 'PUT':
        volumes.write(path, body, url.searchParams.get('overwrite') === 'true');
        volumes.counters.filesApiUploads += 1;
        return { status: 204, headers: {}, body: '' };
      case 'GET':
        return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: volumes.read(path) };
      case 'DELETE':
        volumes.delete(path);
        return { status: 204, headers: {}, body: '' };
      default:
        return json(405, { error_code: 'METHOD_NOT_ALLOWED', message: `${req.method ?? ''} is not allowed here` });
    }
  } catch (error) {
    if (error instanceof VolumeError)
      return json(error.status, { error_code: error.errorCode, message: error.message });
    throw error;
  }
}
