/**
 * `POST $batch` as Dataverse runs it (README "Facts"): parts in order; a change set is atomic (its writes
 * are rolled back when one part fails) and needs a `Content-ID` on each part (0x80060888); `$n` refers to
 * an earlier part of the same change set; more than 1,000 requests is refused whole. Without
 * `Prefer: odata.continue-on-error` the first failure stops the batch and the answer is an outer 400
 * holding only that failure; with it, 200 and every part's answer.
 */
import { randomUUID } from 'node:crypto';
import {
  boundaryOf,
  header,
  type HttpMessage,
  isMultipart,
  type MimePart,
  MultipartError,
  readMultipart,
  writeMultipart,
} from '../batch/multipart.ts';
import { writeExactJson } from '../exact-json.ts';
import { dataverseError, type Operation, type OperationContext, type Outcome, runOperation } from './operations.ts';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
};

export interface BatchReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

function asOperation(message: HttpMessage, apiPath: string): Operation {
  const [method = '', target = ''] = message.startLine.split(' ');
  const url = new URL(target, 'http://sim.invalid/');
  const path = url.pathname.startsWith(apiPath) ? url.pathname.slice(apiPath.length) : url.pathname.replace(/^\//, '');
  return {
    method,
    path: decodeURIComponent(path),
    query: url.searchParams,
    headers: Object.fromEntries(message.headers.map(([name, value]) => [name.toLowerCase(), value])),
    body: message.body,
  };
}

function responsePart(outcome: Outcome, contentId: string | undefined): MimePart {
  const body = outcome.body === undefined ? '' : writeExactJson(outcome.body);
  const headers: [string, string][] = [['OData-Version', '4.0']];
  if (outcome.status >= 400) headers.unshift(['REQ_ID', randomUUID()]);
  for (const [name, value] of Object.entries(outcome.headers)) headers.push([name, value]);
  if (body !== '') headers.push(['Content-Type', 'application/json; odata.metadata=minimal']);
  return {
    headers: [
      ['Content-Type', 'application/http'],
      ['Content-Transfer-Encoding', 'binary'],
      ...(contentId === undefined ? [] : ([['Content-ID', contentId]] as [string, string][])),
    ],
    content: { startLine: `HTTP/1.1 ${outcome.status} ${STATUS_TEXT[outcome.status] ?? ''}`.trimEnd(), headers, body },
  };
}

function json(outcome: Outcome): BatchReply {
  return {
    status: outcome.status,
    contentType: 'application/json; odata.metadata=minimal',
    body: writeExactJson(outcome.body),
  };
}

export function runBatch(
  contentType: string | undefined,
  body: string,
  prefer: string | undefined,
  context: Omit<OperationContext, 'contentIds'>,
  apiPath: string,
  maxRequests = 1000,
): BatchReply {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined)
    return json(
      dataverseError(
        400,
        '0x0',
        "The batch request must have a 'Content-Type' header of 'multipart/mixed' with a boundary.",
      ),
    );
  let request;
  try {
    request = readMultipart(body, boundary);
  } catch (error) {
    if (error instanceof MultipartError)
      return json(dataverseError(400, '0x0', `Bad Request - Error in batch: ${error.message}`));
    throw error;
  }
  const count = request.parts.reduce(
    (sum, part) => sum + (isMultipart(part.content) ? part.content.parts.length : 1),
    0,
  );
  if (count > maxRequests)
    return json(
      dataverseError(
        400,
        '0x0',
        `The current change set contains too many operations. A maximum number of '${maxRequests}' operations are allowed in a change set.`,
      ),
    );
  const continueOnError = /odata\.continue-on-error/i.test(prefer ?? '');
  const parts: MimePart[] = [];
  const finish = (status: number): BatchReply => {
    const responseBoundary = `batchresponse_${randomUUID()}`;
    return {
      status,
      contentType: `multipart/mixed; boundary=${responseBoundary}`,
      body: writeMultipart({ boundary: responseBoundary, parts }),
    };
  };
  for (const part of request.parts) {
    const content = part.content;
    if (!isMultipart(content)) {
      const outcome = runOperation(asOperation(content, apiPath), context);
      parts.push(responsePart(outcome, undefined));
      if (outcome.status >= 400 && !continueOnError) return finish(400);
      continue;
    }
    const rollback = context.store.snapshot();
    const contentIds = new Map<string, string>();
    const answers: MimePart[] = [];
    let failed: MimePart | undefined;
    for (const inner of content.parts) {
      if (isMultipart(inner.content)) {
        failed = responsePart(dataverseError(400, '0x0', 'A change set cannot contain another change set.'), undefined);
        break;
      }
      const contentId = header(inner.headers, 'Content-ID');
      if (contentId === undefined) {
        failed = responsePart(dataverseError(400, '0x80060888', 'Content-ID header not present'), undefined);
        break;
      }
      const operation = asOperation(inner.content, apiPath);
      if (operation.method === 'GET') {
        failed = responsePart(
          dataverseError(400, '0x0', 'A GET request is not allowed inside a change set.'),
          contentId,
        );
        break;
      }
      const outcome = runOperation(operation, { ...context, contentIds });
      if (outcome.status >= 400) {
        failed = responsePart(outcome, contentId);
        break;
      }
      const entityId = outcome.headers['OData-EntityId'];
      if (entityId !== undefined) contentIds.set(contentId, entityId);
      answers.push(responsePart(outcome, contentId));
    }
    if (failed !== undefined) {
      rollback();
      parts.push(failed);
      if (!continueOnError) return finish(400);
      continue;
    }
    const changesetBoundary = `changesetresponse_${randomUUID()}`;
    parts.push({
      headers: [['Content-Type', `multipart/mixed; boundary=${changesetBoundary}`]],
      content: { boundary: changesetBoundary, parts: answers },
    });
  }
  return finish(200);
}
