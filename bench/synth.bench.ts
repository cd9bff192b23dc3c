/**
 * How long ThreeTierVpc takes to synthesize, with and without the six cdk-nag
 * packs, and how much heap one synthesis holds. Part of `npm run bench`
 * (bench/run.ts); timings live here, never as assertions in unit tests.
 */
import { App, Stack } from 'aws-cdk-lib';
import { ThreeTierVpc } from '../src';
import { applyAllNagPacks } from '../test/compliance';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10);

function synthOnce(withNag: boolean): void {
  const app = new App();
  const stack = new Stack(app, 'BenchStack');
  new ThreeTierVpc(stack, 'Network');
  if (withNag) {
    applyAllNagPacks(stack);
  }
  app.synth();
}

function measure(label: string, withNag: boolean): string {
  synthOnce(withNag); // warm-up: module loading and JIT are not what we measure
  const timings: number[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    synthOnce(withNag);
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const heapAfter = process.memoryUsage().heapUsed;
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(timings.length / 2)];
  const p90 = timings[Math.min(timings.length - 1, Math.floor(timings.length * 0.9))];
  return `| ${label} | ${ITERATIONS} | ${median.toFixed(1)} ms | ${p90.toFixed(1)} ms | ${timings[0].toFixed(1)} ms | ` +
    `${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB |`;
}

/** The ThreeTierVpc figures, as a Markdown table. */
export function synthTable(): string {
  return ['| Case | Runs | Median | p90 | Min | Heap delta |', '| --- | ---: | ---: | ---: | ---: | ---: |',
    measure('ThreeTierVpc synth', false), measure('ThreeTierVpc synth + six nag packs', true)].join('\n');
}

if (require.main === module) {
  console.log(synthTable());
}
