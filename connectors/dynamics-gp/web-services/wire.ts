/**
 * The names GP Web Services' legacy endpoint uses on the wire, shared by the client and the simulator.
 * Sources: the facts file (`dynamics-gp-web-services.md` §3.1, §7, §8) and the real WSDL and JAXB
 * classes of a production client (GitHub tebogommer/merseta-online, `DynamicsGP.wsdl`).
 */

/** Business types, operations and their parameters (the legacy WSDL's target namespace, §1.1). */
export const GP_NS = 'http://schemas.microsoft.com/dynamics/gp/2006/01';
/** Context, OrganizationKey and CompanyKey (§3.1). */
export const DYNAMICS_NS = 'http://schemas.microsoft.com/dynamics/2006/01';

/** Prefixes as the facts file's illustrative request writes them (any prefixes are equally valid XML). */
export const GP_PREFIXES: Readonly<Record<string, string>> = { [GP_NS]: 'gp', [DYNAMICS_NS]: 'd' };

/** §3.1: `SOAPAction: "http://schemas.microsoft.com/dynamics/gp/2006/01/<Op>"`, quoted as SOAP 1.1 sends it. */
export function soapAction(operation: string): string {
  return `"${GP_NS}/${operation}"`;
}

/** The legacy endpoint's path (§1.1, §8.1). */
export const GP_WS_PATH = '/DynamicsGPWebServices/DynamicsGPService.asmx';

/** §7/§8: fault texts a real client classifies by (GPRequestHandler.java). */
export const NOT_FOUND_TEXT = 'Business object not found.';
export const VALIDATION_TEXT = 'A validation exception has occurred.';
/**
 * §7: a system exception's generic message. These words are GP's, from Microsoft's "GP Web Services and
 * Invalid Character Errors" (Developing for Dynamics GP blog, 2012-12-09).
 */
export const SYSTEM_TEXT =
  'The application encountered an unhandled system exception. Contact your system administrator for details.';

/** §8.10: the English of the one localized denial seen ("El usuario de negocio no está autorizado ..."); unconfirmed. */
export function notAuthorizedText(operation: string): string {
  return `The business user is not authorized to access the operation '${operation}'.`;
}

/** §3.1: the default batch source of GL transactions (docs examples use `GL_Normal`). */
export const GL_NORMAL = 'GL_Normal';

/** The policy id of "Create GL Transaction" (§6.1; sent by a real client's CreateGLTransactionAdapter). */
export const CREATE_GL_TRANSACTION_POLICY = 'ffa3b9a6-fa25-47a2-8179-cb37c695455e';

/** §5: "By default, only the first 1000 items that meet the specified criteria will be returned in the list." */
export const GP_LIST_CAP = 1000;
