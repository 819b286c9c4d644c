/**
 * SAP's answers turned into errors an analyst or an SAP administrator can act on. An ABAP exception comes
 * as HTTP 500 + SOAP fault whose faultstring is the exception's name; only COMMUNICATION_FAILURE (the
 * connection layer) is worth asking again: NOT_AUTHORIZED, DATA_BUFFER_EXCEEDED and the rest answer the
 * same every time. An inactive ICF service answers 403 or 404 with an HTML page. Sources: README.md.
 */
import { MlcError } from '../../engine/model/errors.ts';
import type { SoapFault } from '../kit/soap/envelope.ts';

export const RFC_SERVICE_PATH = '/sap/bc/soap/rfc';

/** What the SOAP-RFC call was about, for the message. */
export interface RfcContext {
  readonly functionName: string;
  /** The table of an RFC_READ_TABLE call. */
  readonly table?: string;
}

/** An ABAP exception's name from a fault (faultstring, trimmed; some stacks put it in detail/Name). */
export function exceptionName(fault: SoapFault): string {
  const detailName = fault.detail?.children[0]?.children.find((c) => c.name === 'Name')?.text;
  return (detailName ?? fault.message).trim();
}

/** An ABAP exception SAP raised, with the fault as received (so a caller can restate it with its context). */
export class SapRfcError extends MlcError {
  override readonly name = 'SapRfcError';
  constructor(
    readonly fault: SoapFault,
    error: MlcError,
  ) {
    super(error.code, error.message, error.options);
  }
}

export function rfcFaultError(fault: SoapFault, context: RfcContext): SapRfcError {
  return new SapRfcError(fault, describeFault(fault, context));
}

function describeFault(fault: SoapFault, context: RfcContext): MlcError {
  const name = exceptionName(fault);
  const what = context.table === undefined ? context.functionName : `${context.functionName} on ${context.table}`;
  switch (name) {
    case 'COMMUNICATION_FAILURE':
      return new MlcError(
        'SAP_COMMUNICATION_FAILURE',
        `SAP lost the connection while running ${what}; it will be asked again`,
        {
          transient: true,
        },
      );
    case 'NOT_AUTHORIZED':
      return new MlcError(
        'SAP_NOT_AUTHORIZED',
        `SAP refused ${what}: the SAP user may not read ${context.table ?? 'this table'} (NOT_AUTHORIZED). An SAP administrator grants S_TABU_DIS for the table's authorization group (or S_TABU_NAM for the table) in the user's role (PFCG).`,
      );
    case 'DATA_BUFFER_EXCEEDED':
      return new MlcError(
        'SAP_DATA_BUFFER_EXCEEDED',
        `SAP refused ${what}: the chosen fields are wider than the 512 characters RFC_READ_TABLE returns per row (DATA_BUFFER_EXCEEDED). Choose fewer or narrower fields.`,
      );
    case 'FIELD_NOT_VALID':
      return new MlcError(
        'SAP_FIELD_NOT_VALID',
        `SAP refused ${what}: a requested field does not exist in the table (FIELD_NOT_VALID)`,
      );
    case 'OPTION_NOT_VALID':
      return new MlcError('SAP_OPTION_NOT_VALID', `SAP refused the filter of ${what} (OPTION_NOT_VALID)`);
    case 'TABLE_NOT_AVAILABLE':
      return new MlcError(
        'SAP_TABLE_NOT_AVAILABLE',
        `SAP has no table ${context.table ?? ''} (TABLE_NOT_AVAILABLE)`.replace('  ', ' '),
      );
    default:
      return new MlcError('SAP_RFC_FAULT', `SAP failed ${what} with ${name || 'a fault that names no exception'}`);
  }
}

/** The words for an inactive or missing `/sap/bc/soap/rfc` (403/404 with an HTML page). */
export function rfcServiceInactiveError(status: number): MlcError {
  return new MlcError(
    'SAP_RFC_SERVICE_INACTIVE',
    `SAP answered ${status} for ${RFC_SERVICE_PATH}: the SOAP RFC service is not active on this system (SAP ships it inactive).`,
    {
      help: `An SAP administrator activates the ICF node default_host/sap/bc/soap/rfc in transaction SICF (right-click, Activate Service), and gives the connection's SAP user S_RFC (activity 16) for the function groups called (SYST for every external call, SDTX for RFC_READ_TABLE, and the BAPIs' groups) and S_TABU_DIS for the tables read (LFA1, LFB1, KNA1, KNB1, EKKO, EKPO, CDHDR, CDPOS).`,
    },
  );
}
