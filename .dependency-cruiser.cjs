// The architecture's import rules (ARCHITECTURE.md explains the layers). `npm run lint:deps` checks
// them and `npm test` runs that before the type check, so .ci/run fails on a broken rule.
// Paths are matched after resolution, relative to the repository root, so a rule holds the same for
// a relative import, a package.json `imports` alias (`#core/...`) and a type-only import.

/** Folders of the layers, as path regexes, so each rule names its layers rather than repeating paths. */
const CORE = '^functions/core/';
const MODEL = '^functions/core/model/';
const APP = '^functions/app/';
const ADAPTERS = '^functions/adapters/';
const S3_ADAPTER = '^functions/adapters/s3/';
const LOCAL_ADAPTER = '^functions/adapters/local/';
const STORE = '^functions/store/';
const HANDLERS = '^functions/handlers/';
const CLI = '^functions/cli/';
const LIB = '^lib/';
const BIN = '^bin/';

/** npm packages the pure core may use: schemas and special functions, neither does I/O. */
const CORE_PACKAGES = ['(^|/)node_modules/zod/', '(^|/)node_modules/@stdlib/'];

/** The CDK packages lib/ builds the stack with; devDependencies because only synth and deploy need them. */
const CDK_PACKAGES = ['(^|/)node_modules/(aws-cdk-lib|constructs|cdk-nag)/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment:
        'functions/core is the pure domain (checks, statistics, the engine): it must run the same under ' +
        'the CLI, a Lambda and a unit test, so it may not reach out to the app, an adapter, a handler, ' +
        'the CLI, the CDK code in lib/ or the storage layout. Pass what it needs in through a port.',
      from: { path: CORE },
      to: { path: ['^functions/', LIB, BIN], pathNot: CORE },
    },
    {
      name: 'core-no-io-packages',
      severity: 'error',
      comment:
        'functions/core does no I/O: no AWS SDK, middy, Powertools, DuckDB, hyparquet, csv-parse, ' +
        'commander or cli-progress. Only zod (schemas) and @stdlib (special functions) are allowed; ' +
        'anything else belongs in an adapter behind a port.',
      from: { path: CORE },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg'],
        pathNot: CORE_PACKAGES,
      },
    },
    {
      name: 'core-no-node-builtins-but-crypto',
      severity: 'error',
      comment:
        'functions/core has no file system, network, clock or process access, so no node: module; ' +
        'node:crypto is the exception because finding ids and signatures are content hashes.',
      from: { path: CORE },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'app-no-outer-layers',
      severity: 'error',
      comment:
        'functions/app holds the use cases (runAudit) shared by the CLI and the Lambdas. It talks to ' +
        'storage and notification only through the ports in core, so it imports no adapter, handler, ' +
        'CLI or lib/ module: the caller wires the adapters in.',
      from: { path: APP },
      to: { path: [ADAPTERS, HANDLERS, CLI, LIB, BIN] },
    },
    {
      name: 'adapters-not-to-entry-points',
      severity: 'error',
      comment:
        'Adapters implement the ports; the handlers and the CLI choose and wire them. An adapter that ' +
        'imports an entry point runs that wiring (environment, middleware, argument parsing) too.',
      from: { path: ADAPTERS },
      to: { path: [HANDLERS, CLI, LIB, BIN] },
    },
    {
      name: 's3-adapter-not-on-local-adapter',
      severity: 'error',
      comment:
        'The S3 adapters run in Lambda; the local adapters use node:fs and the local folder layout. ' +
        'What both need (the storage layout, the manifest) lives in functions/store, not in local/.',
      from: { path: S3_ADAPTER },
      to: { path: LOCAL_ADAPTER },
    },
    {
      name: 'lib-no-runtime-code',
      severity: 'error',
      comment:
        'lib/ is the CDK infrastructure. It may share the storage layout (functions/store) and the ' +
        'domain model (functions/core/model) with the runtime, but not an adapter, the app, a handler ' +
        'or the CLI: synthesising the stack must not load runtime code, and a change to an adapter ' +
        'must not change the infrastructure.',
      from: { path: LIB },
      to: { path: [ADAPTERS, APP, HANDLERS, CLI] },
    },
    {
      name: 'store-imports-only-model',
      severity: 'error',
      comment:
        'functions/store is the one storage layout (prefixes, keys, manifest shape) shared by the ' +
        'local and S3 adapters and lib/. It stays neutral: it may import the domain model and zod ' +
        'and nothing else, so any of the three can depend on it without pulling in the others.',
      from: { path: STORE },
      to: {
        pathNot: [STORE, MODEL, '(^|/)node_modules/zod/'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle means two modules are one module in two files, and the order they load in starts to ' +
        'matter. Type-only imports count (tsPreCompilationDeps): a type cycle is the same tangle.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment:
        'A module under functions/ that nothing imports and that is no entry point is probably dead ' +
        'code. Entry points (Lambda handlers, the CLI main) are imported by lib/ or bin/, so they are ' +
        'not orphans; SQL and README files are not modules.',
      from: { orphan: true, path: '^functions/', pathNot: ['[.]d[.]ts$'] },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that does not resolve is a typo or a missing package; catching it here names the ' +
        'file, where a failing Lambda bundle would not.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-packages',
      severity: 'error',
      comment:
        'A package that is not in package.json works only while something else happens to install it; ' +
        'the Lambda bundle or a clean `npm ci` would then fail.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-dev-dependencies-at-runtime',
      severity: 'error',
      comment:
        'What functions/ imports is bundled into the Lambdas or run by the CLI, so it belongs in ' +
        '`dependencies`: a production install (`npm ci --omit=dev`) has nothing else. Type-only ' +
        'imports (@types/aws-lambda) are erased by the compiler and are fine.',
      from: { path: '^functions/' },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: ['(^|/)node_modules/@types/'],
      },
    },
    {
      name: 'lib-dev-dependencies-only-cdk',
      severity: 'error',
      comment:
        'lib/ is the CDK app: it runs only at synth and deploy time, where devDependencies are ' +
        'installed, so the CDK packages (aws-cdk-lib, constructs, cdk-nag) are rightly dev-only. ' +
        'Any other devDependency in lib/ is a test or build tool leaking into the infrastructure.',
      from: { path: LIB },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: CDK_PACKAGES,
      },
    },
    {
      name: 'runtime-not-to-tests-or-tools',
      severity: 'error',
      comment:
        'Tests, benchmarks and scripts call the runtime code, never the other way round: a runtime ' +
        'import of test/, bench/ or scripts/ would ship test helpers in a Lambda bundle.',
      from: { path: ['^functions/', LIB, BIN] },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['[.]d[.]ts$'] },
    moduleSystems: ['es6', 'cjs'],
    // Count `import type` too: a cycle made only of types is still a cycle (issue #8).
    tsPreCompilationDeps: true,
    // tsconfig.json's `allowImportingTsExtensions` lets source import './x.ts'; reading the tsconfig
    // gives the resolver the same view as tsc.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
