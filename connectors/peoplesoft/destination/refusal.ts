/**
 * PeopleSoft answers a refusal outside the CI's own messages with HTTP 500 (peoplesoft.md §7), which the
 * kit would retry as a passing server fault on a GET. Two of them are permanent and said in known words
 * when the service shows detail, so they are recognised before the retry sees them: an OPRID without the
 * operation's permission list becomes a 403 (never retried: no retry storm, and said plainly), and a CI
 * that finds no row for the keys becomes a 404 (the record is held, not retried). Anything else stays a
 * 500. The words are matched loosely (case, spacing) because their exact text is unconfirmed.
 */
import type { Interceptor } from '../../kit/http/types.ts';

const NOT_AUTHORIZED = /not\s+authori[sz]ed|does\s+not\s+have\s+(access|permission)|security\s+error/i;
const NO_ROWS = /no\s+rows?\s+exists?\s+for\s+the\s+specified\s+keys/i;

export const recognizeCirtRefusals: Interceptor = (next) => async (request) => {
  const response = await next(request);
  if (response.status !== 500 || response.body.length === 0) return response;
  const text = response.body.toString('utf8');
  if (NOT_AUTHORIZED.test(text)) return { ...response, status: 403 };
  if (NO_ROWS.test(text)) return { ...response, status: 404 };
  return response;
};
