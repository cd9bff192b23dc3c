/**
 * `npm run bench`: runs the synth benchmarks and writes bench/RESULTS.md with
 * the machine they ran on. Timings live here, never as assertions in tests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scalingChart } from './chart';
import { APP_CASES, appTable, runAppCaseInChild } from './reference-app.bench';
import { CASES, nagRulesTable, runCaseInChild, scalingTable } from './scaling.bench';
import { synthTable } from './synth.bench';
import { measureTestSuites, testTimesTable } from './test-times';

const synth = synthTable();
console.log(synth);
const results = CASES.flatMap(([name, checks, sizes]) => sizes.map((n) => {
  const result = runCaseInChild(name, checks, n);
  console.log(`${name} (${checks}) N=${n}: ${(result.medianMs / 1000).toFixed(2)} s, ${result.resources} resources`);
  return result;
}));
const scaling = scalingTable(results);
console.log(scaling);
const chartWritten = scalingChart(results).then((svg) => fs.writeFileSync(path.join(__dirname, 'scaling.svg'), svg));
const nagRules = nagRulesTable(results);
console.log(nagRules);
const appResults = APP_CASES.map((appCase) => {
  const result = runAppCaseInChild(appCase.id);
  console.log(`${appCase.label}: ${(result.medianMs / 1000).toFixed(2)} s, ${result.peakRssMiB.toFixed(0)} MiB`);
  return result;
});
const reference = appTable(appResults);
console.log(reference);
const testTimes = process.env.BENCH_SKIP_TEST_SUITES ? 'Not measured in this run (BENCH_SKIP_TEST_SUITES).' : testTimesTable(measureTestSuites());
console.log(testTimes);

// Mutation scores come from `npm run mutation`, which takes hours, not from this run:
// recorded by hand in bench/MUTATION.md and carried into RESULTS.md as they are.
const mutation = fs.readFileSync(path.join(__dirname, 'MUTATION.md'), 'utf8').trim();

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ` +
  `${os.platform()} ${os.release()}, Node ${process.version}`;
fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), `# Synth benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, on ${machine}.
Timings are wall-clock medians; they vary with the machine's load, so compare ratios, not absolute figures.

## The reference app (examples/three-tier-web-app)

All four stacks, synthesized as \`npm run example\` does, per profile, against
[\`bench/baseline\`](baseline/web-app.ts): the same services on bare aws-cdk-lib L2s (no library, not compliant).
Every synth bundles the same three handlers with esbuild. Each case runs in its own process (peak RSS is that
process's). "vs baseline" compares medians, with packs to with packs and without to without; the reference app always
runs its PermissionsBoundary and LeastPrivilegeChecks aspects.

${reference}

## ThreeTierVpc

${synth}

## Scaling

Each case runs in its own process (peak RSS is that process's). "Per construct" is the median synth time divided by
N; it stays flat while growth is linear ("vs N = 10" near or below 1 ×). Each kind also runs with LeastPrivilegeChecks
alone and with no check at all, to separate what the library's constructs and aspects cost from what the cdk-nag packs
cost.

![Median synth time against N, per case and checks, on log scales](scaling.svg)

${scaling}

### Where the time goes with the packs on

One more synth per case, with every cdk-nag rule timed: the slowest rules at the largest N. A rule whose time per
construct grows with N looks through the whole stack for each resource it checks (a stage's WAF association, a web
ACL's logging configuration, a bucket's policy), so its total grows with N². These rules belong to cdk-nag; the
library's own aspects and validations walk the tree once per synth.

${nagRules}

## Test suites

Run one after another, on the same machine; \`.ci/run\` adds install, jsii compile, docgen, rosetta, the example and
\`cdk synth\` to these.

${testTimes}

${mutation}
`);
chartWritten.then(() => console.log('\nwrote bench/RESULTS.md and bench/scaling.svg')).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
