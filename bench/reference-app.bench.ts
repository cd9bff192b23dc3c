/**
 * Synth of the reference three-tier web app (examples/three-tier-web-app),
 * per profile, and of bench/baseline (the same services on bare aws-cdk-lib
 * L2s), with and without the six cdk-nag packs: wall time (median of RUNS),
 * peak memory (max RSS of a child process that runs only that case) and
 * resources. Both bundle the same three handlers with esbuild on every synth.
 *
 * `ts-node bench/reference-app.bench.ts --case app-production-packs` runs one
 * case and prints it as JSON (used by bench/run.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { buildBaselineApp } from './baseline/web-app';
import { childCaseArguments, runInChildProcess } from './child-process';
import { buildWebApp } from '../examples/three-tier-web-app/lib/web-app';
import { applyAllNagPacks } from '../test/compliance';

const RUNS = Number(process.env.BENCH_APP_RUNS ?? 5);

export interface AppCase {
  readonly id: string;
  readonly label: string;
  readonly build: (app: App) => Stack[];
  /** The six cdk-nag packs. (The reference app always runs its own LeastPrivilegeChecks and boundary aspects.) */
  readonly packs: boolean;
  /** Skip asset bundling (context `aws:cdk:bundling-stacks: []`), to see the constructs' own cost. */
  readonly skipBundling?: boolean;
  /** The baseline case this one is compared with. */
  readonly baseline?: string;
}

export interface AppCaseResult {
  readonly id: string;
  readonly label: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly peakRssMiB: number;
  readonly resources: number;
}

const profileApp = (profile: string) => (app: App) => {
  app.node.setContext('cdk-paved-road:profile', profile);
  return buildWebApp(app);
};

// The baseline mirrors PRODUCTION's shape: two readers, a NAT gateway per AZ.
const baselineApp = (app: App) => buildBaselineApp(app, 2, 3);

export const APP_CASES: AppCase[] = [
  { id: 'app-development', label: 'reference app, DEVELOPMENT', build: profileApp('development'), packs: false, baseline: 'baseline' },
  { id: 'app-development-packs', label: 'reference app, DEVELOPMENT, + six packs', build: profileApp('development'), packs: true, baseline: 'baseline-packs' },
  { id: 'app-production', label: 'reference app, PRODUCTION', build: profileApp('production'), packs: false, baseline: 'baseline' },
  { id: 'app-production-packs', label: 'reference app, PRODUCTION, + six packs', build: profileApp('production'), packs: true, baseline: 'baseline-packs' },
  {
    id: 'app-production-packs-unbundled',
    label: 'reference app, PRODUCTION, + six packs, bundling skipped',
    build: profileApp('production'),
    packs: true,
    skipBundling: true,
    baseline: 'baseline-packs-unbundled',
  },
  { id: 'baseline', label: 'baseline (bare L2s)', build: baselineApp, packs: false },
  { id: 'baseline-packs', label: 'baseline (bare L2s), + six packs', build: baselineApp, packs: true },
  { id: 'baseline-packs-unbundled', label: 'baseline (bare L2s), + six packs, bundling skipped', build: baselineApp, packs: true, skipBundling: true },
];

function synthOnce(appCase: AppCase, outdir: string): number {
  const app = new App({ outdir, context: appCase.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {} });
  const stacks = appCase.build(app);
  if (appCase.packs) {
    applyAllNagPacks(app);
  }
  const assembly = app.synth();
  return stacks.reduce((sum, stack) => sum + Object.keys(assembly.getStackByName(stack.stackName).template.Resources ?? {}).length, 0);
}

function runAppCase(id: string): AppCaseResult {
  const appCase = APP_CASES.find((c) => c.id === id)!;
  const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bench-app-'));
  synthOnce(appCase, outdir()); // warm-up: module loading and JIT are not what we measure
  const timings: number[] = [];
  let resources = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    resources = synthOnce(appCase, outdir());
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  timings.sort((a, b) => a - b);
  return {
    id,
    label: appCase.label,
    runs: RUNS,
    medianMs: timings[Math.floor(timings.length / 2)],
    minMs: timings[0],
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    resources,
  };
}

/** Runs one case in a fresh process, so its peak memory is its own. */
export function runAppCaseInChild(id: string): AppCaseResult {
  return runInChildProcess(__filename, ['--case', id]);
}

export function appTable(results: AppCaseResult[]): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  const rows = results.map((r) => {
    const baseline = byId.get(APP_CASES.find((c) => c.id === r.id)?.baseline ?? '');
    const ratio = baseline ? `${(r.medianMs / baseline.medianMs).toFixed(2)} ×` : '';
    return `| ${r.label} | ${r.runs} | ${(r.medianMs / 1000).toFixed(2)} s | ${(r.minMs / 1000).toFixed(2)} s | ` +
      `${ratio} | ${r.peakRssMiB.toFixed(0)} MiB | ${r.resources} |`;
  });
  return ['| Case | Runs | Median synth | Min | vs baseline | Peak RSS | Resources (4 stacks) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

if (require.main === module) {
  const child = childCaseArguments();
  if (child) {
    console.log(JSON.stringify(runAppCase(child.case)));
  } else {
    console.log(appTable(APP_CASES.map((c) => runAppCaseInChild(c.id))));
  }
}
