/**
 * A host for unit tests of the store: every method answers from the table given, or fails like a
 * host that does not offer it; calls are recorded and host events can be pushed by hand. (The browser
 * tests use the real host; this is for slices alone.)
 */
import { formatPipeline, type Pipeline } from '../../engine/model/index.ts';
import { ApiCallError, createStudioClient, type StudioClient } from '../api/client.ts';
import type { StudioEvent } from '../api/wire.ts';
import { createStudioStore } from './store.ts';

export type Answers = Record<string, (payload: any) => unknown>;
export type Call = { channel: string; payload: any };

export function fakeHost(
  answers: Answers = {},
  calls: Call[] = [],
): { client: StudioClient; calls: Call[]; emit: (event: StudioEvent) => void } {
  let listener: ((event: StudioEvent) => void) | undefined;
  const client = createStudioClient({
    async invoke(domain, method, payload) {
      const channel = `${domain}.${method}`;
      calls.push({ channel, payload });
      const answer = answers[channel];
      if (!answer)
        throw new ApiCallError({ code: 'UNKNOWN_CHANNEL', message: `No answer for ${channel} in this test.` });
      return answer(payload);
    },
    subscribe(l) {
      listener = l;
      return () => (listener = undefined);
    },
  });
  return { client, calls, emit: (event) => listener!(event) };
}

export function fakeClient(answers: Answers = {}, calls: Call[] = []): StudioClient {
  return fakeHost(answers, calls).client;
}

/** A store over the fake host with `pipeline` open from `path`, as the studio is after opening a file. */
export function openedStore(answers: Answers, path: string, pipeline: Pipeline, text = formatPipeline(pipeline)) {
  const { client, calls, emit } = fakeHost(answers);
  const store = createStudioStore(client);
  store.getState().load({ path, pipeline, text, problems: [] });
  return { store, calls, emit };
}
