/**
 * The three CIRT calls the destination makes, over the kit's HTTP client: get (the CI buffer by keys),
 * find (the key collection; only to tell "no such record" from a fault when a get has no detail) and
 * update (PUT of the changed properties; PeopleSoft answers with a notification and the CI's error
 * details). Answer shapes are unconfirmed (README "Destination"), so they are read loosely: the buffer
 * flat or under one root (the CI's name), the notification at the top or one level down.
 */
import { KitError, isKitError } from '../../kit/errors.ts';
import type { HttpClient } from '../../kit/http/client.ts';
import { JsonNumber, parseJsonExact, type JsonTree } from '../../kit/json-exact.ts';

export type CiBuffer = Readonly<Record<string, JsonTree>>;

type JsonObject = Readonly<Record<string, JsonTree>>;

function isObject(tree: JsonTree | undefined): tree is JsonObject {
  return typeof tree === 'object' && tree !== null && !Array.isArray(tree) && !(tree instanceof JsonNumber);
}

function parse(body: Buffer, what: string): JsonTree {
  try {
    return parseJsonExact(body.toString('utf8'));
  } catch (error) {
    throw new KitError('RESPONSE_INVALID', `PeopleSoft answered the ${what} with text that is not JSON`, {
      cause: error,
    });
  }
}

/** The buffer holding the key fields: the answer itself, or its one root object. */
function bufferOf(tree: JsonTree, keyFields: readonly string[]): CiBuffer | undefined {
  if (!isObject(tree)) return undefined;
  if (keyFields.every((field) => field in tree)) return tree;
  const roots = Object.values(tree);
  return roots.length === 1 ? bufferOf(roots[0]!, keyFields) : undefined;
}

/** Every string in the tree but the notification flag: the CI's error details, in order. */
function texts(tree: JsonTree, into: string[] = []): string[] {
  if (typeof tree === 'string') into.push(tree);
  else if (Array.isArray(tree)) for (const item of tree) texts(item, into);
  else if (isObject(tree))
    for (const [key, value] of Object.entries(tree)) if (!/^notification$/i.test(key)) texts(value, into);
  return into;
}

function notificationOf(tree: JsonTree): JsonTree | undefined {
  if (!isObject(tree)) return undefined;
  for (const [key, value] of Object.entries(tree)) if (/^notification$/i.test(key)) return value;
  for (const value of Object.values(tree)) {
    const inner = notificationOf(value);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export type UpdateAnswer = { readonly saved: true } | { readonly saved: false; readonly errors: readonly string[] };

export class CirtClient {
  constructor(private readonly http: HttpClient) {}

  /** The CI buffer, or undefined when PeopleSoft has no record for the keys (404 after recognition). */
  async get(url: string, keyFields: readonly string[]): Promise<CiBuffer | undefined> {
    try {
      const response = await this.http.send({ method: 'GET', path: url, headers: { accept: 'application/json' } });
      const buffer = bufferOf(parse(response.body, 'get'), keyFields);
      if (buffer === undefined)
        throw new KitError(
          'RESPONSE_INVALID',
          `PeopleSoft's get answer holds no CI buffer with ${keyFields.join(', ')}`,
        );
      return buffer;
    } catch (error) {
      if (isKitError(error) && error.status === 404) return undefined;
      throw error;
    }
  }

  /** How many records the find operation lists for the keys. */
  async count(url: string): Promise<number> {
    const response = await this.http.send({ method: 'GET', path: url, headers: { accept: 'application/json' } });
    const tree = parse(response.body, 'find');
    const list = Array.isArray(tree) ? tree : isObject(tree) ? Object.values(tree).find(Array.isArray) : undefined;
    if (list === undefined) throw new KitError('RESPONSE_INVALID', "PeopleSoft's find answer holds no key collection");
    return list.length;
  }

  /**
   * One PUT with the changed properties. Setting the same values again changes nothing, so a resend after
   * a lost answer is safe (idempotent for the retry policy).
   */
  async update(url: string, body: string): Promise<UpdateAnswer> {
    try {
      const response = await this.http.send({
        method: 'PUT',
        path: url,
        idempotent: true,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
      });
      if (response.body.length === 0) return { saved: true };
      const tree = parse(response.body, 'update');
      const notification = notificationOf(tree);
      if (notification === undefined || /^(true|y)$/i.test(String(notification))) return { saved: true };
      const errors = texts(tree);
      return {
        saved: false,
        errors: errors.length > 0 ? errors : ['PeopleSoft answered notification False with no error details'],
      };
    } catch (error) {
      // A 4xx other than sign-in and permission is this record's refusal, held with PeopleSoft's words.
      if (
        isKitError(error) &&
        error.status !== undefined &&
        error.status >= 400 &&
        error.status < 500 &&
        ![401, 403].includes(error.status)
      )
        return { saved: false, errors: [error.vendorMessage ?? error.message] };
      throw error;
    }
  }
}
