/**
 * The wall time of the test suites on this machine: `npm test` split into its
 * steps (jest unit tests, eslint, integ-runner snapshot comparison), and the
 * Python suite (`npm run test:python`: wheel build, virtualenv, pytest). Part
 * of `npm run bench`; set BENCH_SKIP_TEST_SUITES=1 to leave it out.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

interface SuiteTime {
  readonly label: string;
  readonly command: string;
  readonly seconds: number;
  readonly passed: boolean;
}

const SUITES: Array<[label: string, command: string[]]> = [
  ['unit tests (jest)', ['npx', 'jest', '--ci']],
  ['lint (eslint)', ['npx', 'projen', 'eslint']],
  ['integ snapshots (integ-runner)', ['npx', 'projen', 'integ']],
  ['Python (wheel + pytest)', ['npm', 'run', 'test:python']],
];

export function measureTestSuites(): SuiteTime[] {
  return SUITES.map(([label, [command, ...args]]) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: path.join(__dirname, '..'), stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    return { label, command: [command, ...args].join(' '), seconds: Number(process.hrtime.bigint() - start) / 1e9, passed: result.status === 0 };
  });
}

export function testTimesTable(times: SuiteTime[]): string {
  const npmTest = times.filter((t) => !t.label.startsWith('Python')).reduce((sum, t) => sum + t.seconds, 0);
  const rows = times.map((t) => `| ${t.label} | \`${t.command}\` | ${t.seconds.toFixed(0)} s | ${t.passed ? 'passed' : '**failed**'} |`);
  return ['| Suite | Command | Wall time | Result |', '| --- | --- | ---: | --- |', ...rows,
    `| **\`npm test\`** (the first three) | \`npm test\` | **${npmTest.toFixed(0)} s** | |`].join('\n');
}

if (require.main === module) {
  console.log(testTimesTable(measureTestSuites()));
}
