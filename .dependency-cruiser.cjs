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

const npm = (names) => `(^|/)node_modules/(${names})/`;
/** npm packages the pure core may use: schemas and special functions, neither does I/O. */
const CORE_PACKAGES = npm('zod|@stdlib');
/** The CDK packages lib/ builds the stack with; devDependencies because only synth and deploy need them. */
const CDK_PACKAGES = npm('aws-cdk-lib|constructs|cdk-nag');
/** Imported for their types only, which the compiler erases. */
const TYPE_PACKAGES = npm('@types');
const RUNTIME_IMPORT_OF_DEV_DEPENDENCY = { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] };

/** A forbidden import: a module matching `from` may not import one matching `to`. */
const forbid = (name, why, from, to) => ({ name, severity: 'error', comment: why, from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'core-imports-only-core',
      'functions/core is the pure domain (checks, statistics, the engine): it must run the same under ' +
        'the CLI, a Lambda and a unit test, so it may not reach out to the app, an adapter, a handler, ' +
        'the CLI, the CDK code in lib/ or the storage layout. What it needs comes in through a port.',
      { path: CORE },
      { path: ['^functions/', LIB, BIN], pathNot: CORE },
    ),
    forbid(
      'core-no-io-packages',
      'functions/core does no I/O: no AWS SDK, middy, Powertools, DuckDB, hyparquet, csv-parse, ' +
        'commander or cli-progress. Only zod (schemas) and @stdlib (special functions) are allowed; ' +
        'anything else belongs in an adapter behind a port.',
      { path: CORE },
      {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg'],
        pathNot: CORE_PACKAGES,
      },
    ),
    forbid(
      'core-no-node-builtins-but-crypto',
      'functions/core has no file system, network, clock or process access, so no node: module; ' +
        'node:crypto is the exception because finding ids and signatures are content hashes.',
      { path: CORE },
      { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    ),
    forbid(
      'app-no-outer-layers',
      'functions/app holds the use cases (runAudit) shared by the CLI and the Lambdas. It reaches ' +
        'storage only through the ports core declares, so it imports no adapter, handler, CLI or ' +
        'lib/ module: the caller wires the adapters in.',
      { path: APP },
      { path: [ADAPTERS, HANDLERS, CLI, LIB, BIN] },
    ),
    forbid(
      'adapters-not-to-entry-points',
      'Adapters implement the ports; the handlers and the CLI choose and wire them. An adapter that ' +
        'imports an entry point runs that wiring (environment, middleware, argument parsing) too.',
      { path: ADAPTERS },
      { path: [HANDLERS, CLI, LIB, BIN] },
    ),
    forbid(
      's3-adapter-not-on-local-adapter',
      'The S3 adapters run in Lambda; the local adapters use node:fs and the local folder layout. ' +
        'What both need (the storage layout, the manifest) lives in functions/store, not in local/.',
      { path: S3_ADAPTER },
      { path: LOCAL_ADAPTER },
    ),
    forbid(
      'lib-no-runtime-code',
      'lib/ is the CDK infrastructure. It may share the storage layout (functions/store) and the ' +
        'domain model (functions/core/model) with the runtime, but not an adapter, the app, a handler ' +
        'or the CLI: synthesising the stack must not load runtime code, and a change to an adapter ' +
        'must not change the infrastructure. Handlers are bundled from their entry path, not imported.',
      { path: LIB },
      { path: [ADAPTERS, APP, HANDLERS, CLI] },
    ),
    forbid(
      'store-imports-only-model',
      'functions/store is the one storage layout (prefixes, keys, manifest shape) shared by the ' +
        'local and S3 adapters and lib/. It stays neutral: it may import the domain model and zod ' +
        'and nothing else, so any of the three can depend on it without pulling in the others.',
      { path: STORE },
      { pathNot: [STORE, MODEL, npm('zod')] },
    ),
    forbid(
      'no-circular',
      'A cycle means two modules are one module in two files, and the order they load in starts to ' +
        'matter. Type-only imports count (tsPreCompilationDeps): a type cycle is the same tangle.',
      {},
      { circular: true },
    ),
    forbid(
      'not-to-unresolvable',
      'An import that does not resolve is a typo or a missing package; catching it here names the ' +
        'file, where a failing Lambda bundle would not.',
      {},
      { couldNotResolve: true },
    ),
    forbid(
      'no-undeclared-packages',
      'A package that is not in package.json works only while something else happens to install it; ' +
        'the Lambda bundle or a clean `npm ci` would then fail.',
      {},
      { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    ),
    forbid(
      'no-dev-dependencies-at-runtime',
      'What functions/ imports is bundled into the Lambdas or run by the CLI, so it belongs in ' +
        '`dependencies`: a production install (`npm ci --omit=dev`) has nothing else. Type-only ' +
        'imports (@types/aws-lambda) are erased by the compiler and are fine.',
      { path: '^functions/' },
      { ...RUNTIME_IMPORT_OF_DEV_DEPENDENCY, pathNot: TYPE_PACKAGES },
    ),
    forbid(
      'lib-dev-dependencies-only-cdk',
      'lib/ is the CDK app: it runs only at synth and deploy time, where devDependencies are ' +
        'installed, so the CDK packages (aws-cdk-lib, constructs, cdk-nag) are rightly dev-only. ' +
        'Any other devDependency in lib/ is a test or build tool leaking into the infrastructure.',
      { path: LIB },
      { ...RUNTIME_IMPORT_OF_DEV_DEPENDENCY, pathNot: [CDK_PACKAGES, TYPE_PACKAGES] },
    ),
    forbid(
      'runtime-not-to-tests-or-tools',
      'Tests, benchmarks and scripts call the runtime code, never the other way round: a runtime ' +
        'import of test/, bench/ or scripts/ would ship test helpers in a Lambda bundle.',
      { path: ['^functions/', LIB, BIN] },
      { path: '^(test|bench|scripts)/' },
    ),
    {
      name: 'no-orphans',
      severity: 'warn',
      comment:
        'A module under functions/ that nothing imports and that imports nothing is probably dead ' +
        'code (entry points import what they wire, so they are not orphans). A warning, not an ' +
        'error: a tested building block may wait for the check that will use it.',
      from: { orphan: true, path: '^functions/' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['[.]d[.]ts$'] },
    moduleSystems: ['es6', 'cjs'],
    // Count `import type` too: a cycle made only of types is still a cycle.
    tsPreCompilationDeps: true,
    // Parse with the project's compiler settings and honour any tsconfig `paths`. The `.ts`
    // specifiers (allowImportingTsExtensions) and the package.json `imports` aliases (`#core/*`)
    // are resolved by enhanced-resolve from the files and package.json; test/architecture checks both.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
