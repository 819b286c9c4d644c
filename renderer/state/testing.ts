/**
 * A host for unit tests of the store: every method answers from the table given, or fails like a
 * host that does not offer it. (The browser tests use the real host; this is for slices alone.)
 */
import { ApiCallError, createStudioClient, type StudioClient } from '../api/client.ts';

export type Answers = Record<string, (payload: any) => unknown>;

export function fakeClient(answers: Answers = {}, calls: { channel: string; payload: unknown }[] = []): StudioClient {
  return createStudioClient({
    async invoke(domain, method, payload) {
      const channel = `${domain}.${method}`;
      calls.push({ channel, payload });
      const answer = answers[channel];
      if (!answer) throw new ApiCallError({ code: 'UNKNOWN_CHANNEL', message: `No answer for ${channel} in this test.` });
      return answer(payload);
    },
    subscribe: () => () => {},
  });
}
