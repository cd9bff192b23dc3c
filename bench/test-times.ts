/**
 * The wall time of the test suites on this machine: `npm test` as a whole
 * (from a cold jest cache, as on a fresh clone), then split into its steps (tsc type check, jest unit tests, eslint, integ-runner snapshot
 * comparison), and the Python suite (`npm run test:python`: wheel build,
 * virtualenv, pytest), beside the figures recorded before `npm test` was made
 * faster. Part of `npm run bench`; set BENCH_SKIP_TEST_SUITES=1 to leave it out.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

interface SuiteTime {
  readonly label: string;
  readonly command: string;
  readonly seconds: number;
  readonly passed: boolean;
}

/** The steps of `npm test` (projen's test task) and the Python suite, with their cold jest cache. */
const SUITES: Array<[label: string, command: string[]]> = [
  ['type check (tsc)', ['npx', 'projen', 'typecheck']],
  ['unit tests (jest)', ['npx', 'jest', '--ci', '--no-cache']],
  ['lint (eslint)', ['npx', 'projen', 'eslint']],
  ['integ snapshots (integ-runner)', ['npx', 'projen', 'integ']],
  ['Python (wheel + pytest)', ['npm', 'run', 'test:python']],
];

/**
 * The same suites as recorded in bench/RESULTS.md on 2026-12-01 (2 cores):
 * jest type-checked every file in one worker with coverage, and integ-runner
 * type-checked each case with ts-node, two at a time. No type-check step existed.
 */
const BEFORE: Record<string, number> = {
  'unit tests (jest)': 72,
  'lint (eslint)': 14,
  'integ snapshots (integ-runner)': 158,
  'Python (wheel + pytest)': 85,
};

function time(label: string, [command, ...args]: string[], env: NodeJS.ProcessEnv): SuiteTime {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: path.join(__dirname, '..'), stdio: 'ignore', env });
  return { label, command: [command, ...args].join(' '), seconds: Number(process.hrtime.bigint() - start) / 1e9, passed: result.status === 0 };
}

/** `npm test` itself, as CI runs it, from a cold jest cache: the figure that must stay under two minutes. */
export const NPM_TEST_LABEL = 'npm test';

export function measureTestSuites(): SuiteTime[] {
  const env = { ...process.env, CI: 'true' };
  spawnSync('npx', ['jest', '--clearCache'], { cwd: path.join(__dirname, '..'), stdio: 'ignore', env });
  const whole = time(NPM_TEST_LABEL, ['npm', 'test'], env);
  const steps = SUITES.map(([label, command]) => time(label, command, { ...env, NODE_OPTIONS: '--experimental-vm-modules', TS_NODE_TRANSPILE_ONLY: 'true' }));
  return [whole, ...steps];
}

export function testTimesTable(times: SuiteTime[]): string {
  const npmTestBefore = Object.entries(BEFORE).filter(([label]) => !label.startsWith('Python')).reduce((sum, [, seconds]) => sum + seconds, 0);
  const before = (label: string) => (label === NPM_TEST_LABEL ? `**${npmTestBefore} s**` : BEFORE[label] === undefined ? '(none)' : `${BEFORE[label]} s`);
  const rows = times.map((t) => {
    const row = `| ${t.label} | \`${t.command}\` | ${before(t.label)} | ${t.seconds.toFixed(0)} s | ${t.passed ? 'passed' : '**failed**'} |`;
    return t.label === NPM_TEST_LABEL ? row.replace(`| ${t.seconds.toFixed(0)} s |`, `| **${t.seconds.toFixed(0)} s** |`) : row;
  });
  return ['| Suite | Command | Before (2026-12-01) | Wall time | Result |', '| --- | --- | ---: | ---: | --- |', ...rows].join('\n');
}

if (require.main === module) {
  console.log(testTimesTable(measureTestSuites()));
}
