/**
 * `npm run bench`: runs the synth benchmarks and writes bench/RESULTS.md with
 * the machine they ran on. Timings live here, never as assertions in tests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CASES, runCaseInChild, scalingTable } from './scaling.bench';
import { synthTable } from './synth.bench';

const synth = synthTable();
console.log(synth);
const results = CASES.flatMap(([name, sizes]) => sizes.map((n) => {
  const result = runCaseInChild(name, n);
  console.log(`${name} N=${n}: ${(result.medianMs / 1000).toFixed(2)} s, ${result.resources} resources`);
  return result;
}));
const scaling = scalingTable(results);
console.log(scaling);

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ` +
  `${os.platform()} ${os.release()}, Node ${process.version}`;
fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), `# Synth benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, on ${machine}.
Timings are wall-clock medians; they vary with the machine's load, so compare ratios, not absolute figures.

## ThreeTierVpc

${synth}

## Scaling, with the six cdk-nag packs and LeastPrivilegeChecks on

Each case runs in its own process (peak RSS is that process's). "Per construct" is the median synth time divided by
N; it stays flat while growth is linear.

${scaling}
`);
console.log('\nwrote bench/RESULTS.md');
