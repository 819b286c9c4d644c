/**
 * Policy ids GetPolicyByOperation answers (facts §6.1). "Create GL Transaction" has the id a real client
 * sends; the others are fixed GUIDs derived from the operation's name (their real ids are not published).
 */
import { createHash } from 'node:crypto';
import { CREATE_GL_TRANSACTION_POLICY } from '../../web-services/wire.ts';

export function policyIdFor(operation: string): string {
  if (operation === 'CreateGLTransaction') return CREATE_GL_TRANSACTION_POLICY;
  const hex = createHash('sha256').update(`gp-policy:${operation}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
