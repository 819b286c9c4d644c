#!/usr/bin/env node
// `npm start`: the studio in Electron where its binary is present, otherwise the web host.
// Neither is built yet; say so plainly and point at what works today.
console.log(
  'The studio (Electron app and web host) is not built yet. What works today is the engine and its CLI: ' +
    'run `npx ml-connector --help`, or `npm test`.',
);
