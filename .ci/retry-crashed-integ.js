// Called by .ci/run when `npm test` failed. Node 20's V8 sometimes aborts while
// it starts a process, before any of our code runs ("Fatal error in , line 0 /
// unreachable code" in the snapshot deserializer, nodejs/node#51555); it has
// been seen in one integ-runner subprocess of several clean-clone runs here.
//
// This re-runs, once, only the integ tests whose failure is that crash. A
// snapshot difference, a synth error, a jest or eslint failure, or a crash of
// any other kind is not retried: the script exits 1 and CI fails as before.
// The retry's result goes to test-reports/integ-retry.log for the summary.
const { spawnSync } = require('child_process');
const fs = require('fs');

const V8_STARTUP_CRASH = /# Fatal error in , line 0\s*\n\s*# unreachable code/;
const log = fs.readFileSync('test-reports/npm-test.log', 'utf8');
const failedTests = [...log.matchAll(/^Failed: (.+\.ts)$/gm)].map((m) => m[1]);
if (failedTests.length === 0) {
  console.log('npm test failed outside the integ snapshots (or before them): not retried.');
  process.exit(1);
}

// Each failed test's block runs from its status line to the next status line.
const lines = log.split('\n');
const statusLine = /^\s+(UNCHANGED|CHANGED|ERROR|FAILED|SUCCESS|WARN)\s+integ\./;
function blockOf(testFile) {
  const name = testFile.split('/').pop().replace(/\.ts$/, '');
  const start = lines.findIndex((l) => statusLine.test(l) && l.trim().split(/\s+/)[1] === name);
  if (start < 0) {
    return '';
  }
  const end = lines.findIndex((l, i) => i > start && (statusLine.test(l) || /^(Snapshot Results|Tests:)/.test(l.trim())));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

const notCrashes = failedTests.filter((test) => {
  const block = blockOf(test);
  return !/^\s+ERROR\s/.test(block) || !V8_STARTUP_CRASH.test(block);
});
if (notCrashes.length > 0) {
  console.log(`integ tests failed for a reason other than a V8 startup crash, not retried: ${notCrashes.join(', ')}`);
  process.exit(1);
}

console.log(`Node crashed while starting ${failedTests.length} integ test(s) (V8 fatal error, nodejs/node#51555), ` +
  `before any comparison; running them once more: ${failedTests.join(', ')}`);
const retry = spawnSync('npx', ['projen', 'integ', ...failedTests], { encoding: 'utf8' });
const output = `${retry.stdout}${retry.stderr}`;
process.stdout.write(output);
fs.writeFileSync('test-reports/integ-retry.log', output);
process.exit(retry.status === 0 ? 0 : 1);
