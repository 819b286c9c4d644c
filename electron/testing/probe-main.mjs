// Loads the bundled main process over the fake `electron`, then plays a page's IPC calls and prints
// what happened as one JSON line. Run by electron/main.test.ts in a child process.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./redirect-electron.mjs', import.meta.url);
const fake = await import('./fake-electron.mjs');
await import(pathToFileURL(process.argv[2]).href);
await new Promise((resolve) => setTimeout(resolve, 0));

const [window] = fake.recorded.windows;
const page = { url: window.webContents.mainFrame.url };
const call = (channel, payload, frame) => {
  const handler = fake.recorded.handlers.get(channel);
  const sender = window.webContents;
  const senderFrame =
    frame === 'iframe' ? { url: page.url } : frame === 'other' ? { url: 'https://evil.example/' } : sender.mainFrame;
  if (frame === 'other') sender.mainFrame = senderFrame;
  const answer = handler({ sender, senderFrame }, payload);
  if (frame === 'other') sender.mainFrame = { url: page.url };
  return answer;
};
const results = {
  channels: [...fake.recorded.handlers.keys()].sort(),
  sandbox: fake.recorded.sandbox,
  webPreferences: window.options.webPreferences,
  loaded: window.loaded,
  windowOpen: window.windowOpenHandler?.({ url: 'https://example.com' }),
  validate: await call('pipelines.validate', { text: '{}' }),
  badPayload: await call('pipelines.validate', { text: 42 }),
  fromIframe: await call('pipelines.validate', { text: '{}' }, 'iframe'),
  fromOtherSite: await call('pipelines.validate', { text: '{}' }, 'other'),
  setSecret: await call('connections.setSecret', {
    name: 'PROBE_SECRET',
    value: process.env.PROBE_SECRET_VALUE ?? 'x',
  }),
  echo: await call('pipelines.validate', { text: `{"name": "${process.env.PROBE_SECRET_VALUE ?? ''}"` }),
};
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
