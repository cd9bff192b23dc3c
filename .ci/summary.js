// Prints one closing line that counts every test CI ran: jest and pytest from
// their JUnit reports, integ-runner from its own summary in the npm test log.
const fs = require('fs');

function junitCounts(file) {
  // Sum over every <testsuite> element: jest-junit puts totals on <testsuites>,
  // pytest does not, but both put them on each <testsuite>.
  const xml = fs.readFileSync(file, 'utf8');
  const totals = { tests: 0, failed: 0, skipped: 0 };
  for (const [tag] of xml.matchAll(/<testsuite\b[^>]*>/g)) {
    const attr = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(tag) || [])[1] || 0);
    totals.tests += attr('tests');
    totals.failed += attr('failures') + attr('errors');
    totals.skipped += attr('skipped');
  }
  return { passed: totals.tests - totals.failed - totals.skipped, failed: totals.failed, skipped: totals.skipped };
}

const jest = junitCounts('test-reports/junit.xml');
const pytest = junitCounts('test-reports/pytest.xml');
const integLine = fs.readFileSync('test-reports/npm-test.log', 'utf8').split('\n').filter((l) => /^Tests:\s+\d+ passed/.test(l.trim())).pop() || '';
const integPassed = Number((/(\d+) passed/.exec(integLine) || [])[1] || 0);
const integFailed = Number((/(\d+) failed/.exec(integLine) || [])[1] || 0);

console.log(`jest: ${jest.passed} passed, ${jest.failed} failed, ${jest.skipped} skipped`);
console.log(`integ-runner snapshots: ${integPassed} passed, ${integFailed} failed`);
console.log(`pytest: ${pytest.passed} passed, ${pytest.failed} failed, ${pytest.skipped} skipped`);
const passed = jest.passed + integPassed + pytest.passed;
const failed = jest.failed + integFailed + pytest.failed;
const skipped = jest.skipped + pytest.skipped;
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
