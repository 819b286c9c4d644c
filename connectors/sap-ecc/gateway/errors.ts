/**
 * Gateway's refusals in words an analyst or an SAP administrator can act on. Gateway answers an error
 * with `{"error":{"code":"<MSGID>/<NO>","message":{"lang","value"},"innererror":{…,"errordetails":[…]}}}`;
 * an unregistered service is 403 (404 seen once) with `/IWFND/MED/170` "No service found for namespace
 * '', name '…', version '0001'" (or `/IWBEP/CM_MGW_RT/026` from the backend). Only server faults are
 * worth asking again; they are left to the kit's status errors (5xx on a read retried). 401 is the kit's
 * AUTH_FAILED, never retried. Sources: README.md "Gateway OData v2".
 */
import { MlcError } from '../../../engine/model/errors.ts';
import type { HttpResponse, Interceptor, Scrub } from '../../kit/http/types.ts';
import { noScrub } from '../../kit/http/types.ts';
import { parseXml, textAt } from '../../kit/soap/xml.ts';
import { GATEWAY_ROOT } from './config.ts';

export interface GatewayErrorBody {
  readonly code: string;
  readonly message: string;
}

/** Gateway's error code and message text, from its JSON error or (for `$metadata` and Atom) its XML one. */
export function readGatewayError(response: HttpResponse): GatewayErrorBody | undefined {
  const text = response.body.toString('utf8');
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: { value?: unknown } | string } };
    const error = body.error;
    if (error === undefined) return undefined;
    const message = typeof error.message === 'string' ? error.message : error.message?.value;
    return {
      code: typeof error.code === 'string' ? error.code : '',
      message: typeof message === 'string' ? message : '',
    };
  } catch {
    // Not JSON: Gateway's XML error, `<error xmlns="…/dataservices/metadata"><code/><message/></error>`.
  }
  if (!/^\s*(<\?xml[^>]*>\s*)?<([\w-]+:)?error[\s>]/.test(text)) return undefined;
  try {
    const root = parseXml(text);
    return { code: textAt(root, 'code') ?? '', message: textAt(root, 'message') ?? '' };
  } catch {
    return undefined;
  }
}

const SERVICE_NOT_FOUND_CODES = new Set(['/IWFND/MED/170', '/IWBEP/CM_MGW_RT/026']);

/** The service named in a request path under /sap/opu/odata/ (`ZVENDOR_SRV`, or `/ACME/VENDOR_SRV`). */
export function serviceOfPath(path: string): string {
  const after = (path.split('?')[0] ?? '').split(`${GATEWAY_ROOT}/`)[1] ?? '';
  const [namespace = '', service = ''] = after.split('/');
  return namespace === 'sap' ? service : service === '' ? '' : `/${namespace}/${service}`;
}

export function serviceNotFoundError(service: string, sapText: string): MlcError {
  return new MlcError(
    'SAP_GATEWAY_SERVICE_NOT_FOUND',
    `SAP Gateway has no service ${service} ("${sapText}"). ECC has no standard vendor, customer or purchase order OData service: configure the name of the customer's own (custom) service, as /IWFND/MAINT_SERVICE lists it, or leave the Gateway setting out to read this stream over RFC.`,
    {
      help: 'An SAP administrator finds the service in transaction /IWFND/MAINT_SERVICE (registered and active, with a system alias) and gives the SAP user S_SERVICE for it.',
    },
  );
}

/** Gateway's ICF node `/sap/opu/odata` is off (SAP ships every ICF service inactive): an HTML page, not OData. */
export function gatewayInactiveError(status: number): MlcError {
  return new MlcError(
    'SAP_GATEWAY_INACTIVE',
    `SAP answered ${status} with a web page for ${GATEWAY_ROOT}: SAP Gateway's OData service node is not active on this system.`,
    {
      help: 'An SAP administrator activates default_host/sap/opu/odata in transaction SICF, or leave the Gateway setting out to read over RFC.',
    },
  );
}

function refusal(response: HttpResponse, service: string, error: GatewayErrorBody, scrub: Scrub): MlcError {
  const text = scrub(error.message || error.code || `status ${response.status}`);
  const said = `SAP Gateway refused ${service}: ${text}${error.code === '' ? '' : ` (${error.code})`}`;
  if (response.status === 403)
    return new MlcError('SAP_GATEWAY_FORBIDDEN', said, {
      help: 'An SAP administrator gives the SAP user S_SERVICE for this service (and the authorizations its data needs).',
    });
  if (response.status === 404) return new MlcError('SAP_GATEWAY_NOT_FOUND', `${said}. Check the entity set's name.`);
  if (response.status === 501)
    return new MlcError(
      'SAP_GATEWAY_NOT_IMPLEMENTED',
      `${said}. The service does not implement this read (a query option or the set's list read); its developer adds it in the data provider class.`,
    );
  return new MlcError('SAP_GATEWAY_REFUSED', said);
}

/**
 * Runs inside the kit's status errors: a Gateway refusal becomes its own error (permanent), an unknown
 * service says ECC has none standard, an HTML 403/404 is the inactive ICF node; 401 and 5xx pass on.
 */
export function gatewayAnswers(scrub: Scrub = noScrub): Interceptor {
  return (next) => async (request) => {
    const response = await next(request);
    if (response.status < 400 || response.status === 401 || response.status >= 500) return response;
    const service = serviceOfPath(request.path) || 'the service';
    if (response.status === 403 && /^required$/i.test(response.headers['x-csrf-token'] ?? ''))
      throw new MlcError(
        'SAP_GATEWAY_CSRF',
        `SAP Gateway refused ${service}: CSRF token validation failed. A read needs no token; a proxy may have turned the GET into another method.`,
      );
    const error = readGatewayError(response);
    if (error === undefined) {
      if (response.status === 403 || response.status === 404) throw gatewayInactiveError(response.status);
      return response;
    }
    if (SERVICE_NOT_FOUND_CODES.has(error.code) || /^No service found for namespace/i.test(error.message))
      throw serviceNotFoundError(service, scrub(error.message));
    throw refusal(response, service, error, scrub);
  };
}
