/**
 * Import-direction rules from ARCHITECTURE.md ("who may import whom"), checked by `npm test`.
 * A wrong import fails the build instead of waiting for a review.
 */
const COMMON = '^engine/(model|mapping)/';
// Tests run in Node whatever code they test, so the environment rules leave them out.
const TEST = '\\.test\\.ts$';
/**
 * Test-only code says so by its path: a test, a test's child-process script (`*.child.ts`), a module named
 * `test-*.ts` or `testing.ts`, or anything in a `testing/` or `test-support/` folder. Production never imports it.
 */
const TEST_CODE = [
  '\\.test\\.tsx?$',
  '\\.child\\.ts$',
  '(^|/)test-[^/]*\\.tsx?$',
  '(^|/)testing\\.tsx?$',
  '(^|/)(testing|test-support)/',
];
/** Where the product starts: the CLI, the studio's host (web and desktop), the desktop shell, the studio, and the schema script. */
const PRODUCT_ENTRIES =
  '^(engine/cli/main\\.ts|engine/host/index\\.ts|scripts/studio-web\\.ts|scripts/write-json-schema\\.ts|electron/(main|preload)\\.ts|renderer/main\\.tsx)$';

module.exports = {
  forbidden: [
    {
      name: 'model-imports-zod-only',
      comment:
        'engine/model is the contract: environment-neutral, it may import zod, the cron readers (croner, cronstrue: plain JavaScript) and itself only.',
      severity: 'error',
      from: { path: '^engine/model/', pathNot: TEST },
      to: { pathNot: ['^engine/model/', 'node_modules/(zod|croner|cronstrue)/'] },
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
    // The node-side engine, bottom to top: model <- mapping <- secrets <- store <- runner <- the services
    // both faces use (reconcile, webhooks) <- the composition roots (cli, host). A folder imports only
    // folders below it. Tests compose real parts (a runner test may open the real registry), so they are left out.
    {
      name: 'secrets-imports-model-only',
      comment: 'engine/secrets sits on engine/model only.',
      severity: 'error',
      from: { path: '^engine/secrets/', pathNot: TEST },
      to: { path: '^engine/(?!model/|secrets/)' },
    },
    {
      name: 'store-imports-model-and-secrets-only',
      comment: 'engine/store (the run store, the state folder) sits on engine/model and engine/secrets.',
      severity: 'error',
      from: { path: '^engine/store/', pathNot: TEST },
      to: { path: '^engine/(?!model/|secrets/|store/)' },
    },
    {
      name: 'runner-imports-lower-engine-folders-only',
      comment:
        'engine/runner sits on model, mapping, secrets and store; the services and the composition roots sit on it.',
      severity: 'error',
      from: { path: '^engine/runner/', pathNot: TEST },
      to: { path: '^engine/(?!model/|mapping/|secrets/|store/|runner/)' },
    },
    {
      name: 'runner-is-given-its-connectors',
      comment:
        'The runner opens connections through the ConnectorRegistry it is passed (engine/model/connector-registry.ts), never the connectors themselves, so its core runs with none loaded; its tests too (with real connectors, a test is an e2e test).',
      severity: 'error',
      from: { path: '^engine/runner/' },
      to: { path: '^connectors/' },
    },
    {
      name: 'services-import-lower-engine-folders-only',
      comment:
        'The services both faces use (engine/reconcile, engine/webhooks) sit on the runner and below; never on each other, the CLI or the host.',
      severity: 'error',
      from: { path: '^engine/(reconcile|webhooks)/', pathNot: TEST },
      to: { path: '^engine/(?!model/|mapping/|secrets/|store/|runner/|$1/)' },
    },
    {
      name: 'only-composition-roots-load-connectors',
      comment:
        'Only the composition roots (engine/cli, engine/host) load connectors/registry.ts; the rest of the engine is given it, and may name its types.',
      severity: 'error',
      from: { path: '^engine/(?!cli/|host/)', pathNot: TEST },
      to: { path: '^connectors/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'composition-roots-are-imported-by-no-one',
      comment:
        'engine/cli and engine/host compose the engine; no engine folder imports them, nor one the other (what both use has its own folder).',
      severity: 'error',
      from: { path: '^engine/([^/]+)/', pathNot: TEST },
      to: { path: '^engine/(cli|host)/', pathNot: '^engine/$1/' },
    },
    // The top-level connector files: connectors/registry.ts is the door at the top; connectors/index.ts lists
    // each system's module.ts; the other central files (catalog, ping, simulators, connection config) read
    // that list. System folders and the kit sit below all of them (see the rules after these).
    {
      name: 'registry-is-the-top',
      comment: 'connectors/registry.ts is the door the engine uses; nothing inside connectors/ imports it.',
      severity: 'error',
      from: { path: '^connectors/', pathNot: ['^connectors/registry\\.ts$', TEST] },
      to: { path: '^connectors/registry\\.ts$' },
    },
    {
      name: 'index-lists-modules-only',
      comment:
        'connectors/index.ts lists the systems: it imports their module.ts and the kit, nothing else of connectors/.',
      severity: 'error',
      from: { path: '^connectors/index\\.ts$' },
      to: { path: '^connectors/', pathNot: ['^connectors/[^/]+/module\\.ts$', '^connectors/kit/'] },
    },
    {
      name: 'central-files-reach-systems-through-the-list',
      comment:
        'The central connector files know a system through connectors/index.ts (its ConnectorModule), never by reaching into its folder; types are fine.',
      severity: 'error',
      from: { path: '^connectors/[^/]+\\.ts$', pathNot: ['^connectors/index\\.ts$', TEST] },
      to: { path: '^connectors/(?!kit/)[^/]+/', dependencyTypesNot: ['type-only'] },
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
      name: 'electron-imports-the-engine-entry-only',
      comment: 'electron/ reaches the engine through engine/host/index.ts, its public entry, and nothing deeper.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^engine/', pathNot: '^engine/host/index\\.ts$' },
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
      name: 'production-never-imports-test-code',
      comment: 'Code that ships never imports test-only code (see TEST_CODE for how a path says it is test-only).',
      severity: 'error',
      from: { path: '^(engine|connectors|electron|renderer)/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'shipped-folders-hold-product-code',
      comment:
        'A module in engine/, electron/ or renderer/ is reached from a product entry, or its path says it is test-only: a helper only tests use goes to a testing/ folder (or test-*.ts), so production folders hold what ships.',
      severity: 'error',
      from: { path: PRODUCT_ENTRIES },
      to: {
        path: '^(engine|electron|renderer)/',
        pathNot: [PRODUCT_ENTRIES, ...TEST_CODE, '\\.d\\.ts$', '\\.(css|mjs)$'],
        reachable: false,
      },
    },
    {
      name: 'packages-are-declared',
      comment:
        "Every package imported is declared in package.json (a package that is only there as another one's dependency can vanish with its next version).",
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'production-imports-no-dev-dependency',
      comment:
        'Code that ships imports dependencies only; devDependencies are for tests, benches and build scripts. Electron is the exception electron-builder requires: the desktop package supplies it.',
      severity: 'error',
      from: { path: '^(engine|connectors|electron|renderer)/', pathNot: TEST_CODE },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '^node_modules/electron/' },
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
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
