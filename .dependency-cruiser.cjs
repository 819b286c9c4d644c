/**
 * Import-direction rules from ARCHITECTURE.md ("who may import whom"), checked by `npm test`.
 * A wrong import fails the build instead of waiting for a review.
 */
const COMMON = '^engine/(model|mapping)/';
// Tests run in Node whatever code they test, so the environment rules leave them out.
const TEST = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'model-imports-zod-only',
      comment: 'engine/model is the contract: environment-neutral, it may import zod and itself only.',
      severity: 'error',
      from: { path: '^engine/model/', pathNot: TEST },
      to: { pathNot: ['^engine/model/', 'node_modules/zod/'] },
    },
    {
      name: 'mapping-imports-model-only',
      comment: 'engine/mapping is environment-neutral: it may import engine/model and itself only.',
      severity: 'error',
      from: { path: '^engine/mapping/', pathNot: TEST },
      to: { pathNot: ['^engine/(model|mapping)/', 'node_modules/zod/'] },
    },
    {
      name: 'common-code-has-no-node',
      comment: 'Common code runs in the browser too: no Node built-ins.',
      severity: 'error',
      from: { path: COMMON, pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'engine-reaches-connectors-through-registry',
      comment: 'The engine knows connectors only through connectors/registry.ts.',
      severity: 'error',
      from: { path: '^engine/' },
      to: { path: '^connectors/', pathNot: '^connectors/registry\\.ts$' },
    },
    {
      name: 'engine-never-imports-hosts',
      comment: 'The engine does not know the studio or Electron.',
      severity: 'error',
      from: { path: '^engine/' },
      to: { path: '^(electron|renderer)/' },
    },
    {
      name: 'kit-imports-model-only',
      comment: 'connectors/kit may import engine/model, never the rest of the engine.',
      severity: 'error',
      from: { path: '^connectors/kit/' },
      to: { path: '^(engine/(?!model/)|electron/|renderer/|connectors/(?!kit/))' },
    },
    {
      name: 'connector-imports-kit-and-model-only',
      comment: 'connectors/<system> may import connectors/kit and engine/model; never another system.',
      severity: 'error',
      from: { path: '^connectors/([^/]+)/', pathNot: '^connectors/kit/' },
      to: {
        path: '^(engine/|electron/|renderer/|connectors/)',
        pathNot: ['^engine/model/', '^connectors/kit/', '^connectors/$1/'],
      },
    },
    {
      name: 'electron-imports-engine-api-and-renderer-contract',
      comment: 'electron/ uses the engine public API and the renderer/api contract only.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^(renderer/(?!api/)|connectors/)' },
    },
    {
      name: 'renderer-imports-model-mapping-and-itself',
      comment: 'The renderer runs in a browser: engine/model, engine/mapping and renderer/ only; nothing Node.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(engine/(?!model/|mapping/)|connectors/|electron/)' },
    },
    {
      name: 'renderer-has-no-node',
      severity: 'error',
      from: { path: '^renderer/', pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
