/**
 * SOAP 1.1 over HTTP answers a fault with status 500 (SOAP 1.1 §6.2). Left to the kit's status errors, that
 * would be an HTTP_500, which the retry interceptor resends for reads: a "not found" or a validation
 * fault would be asked again and again. This interceptor sits inside auth (closest to the wire) and turns
 * a 500 that carries a SOAP fault into a `SoapFaultError` (not transient, never resent). A 5xx without a
 * fault (a proxy's error page, a restarting server) stays an HTTP error and keeps the kit's retry.
 */
import type { Interceptor } from '../http/types.ts';
import { SoapFaultError, readSoapEnvelope } from './envelope.ts';

export function soapFaults(): Interceptor {
  return (next) => async (request) => {
    const response = await next(request);
    if (response.status < 400 || !/xml/i.test(response.headers['content-type'] ?? '')) return response;
    let fault;
    try {
      const message = readSoapEnvelope(response.body.toString('utf8'));
      fault = message.kind === 'fault' ? message.fault : undefined;
    } catch {
      return response;
    }
    if (fault === undefined) return response;
    throw new SoapFaultError(fault);
  };
}
