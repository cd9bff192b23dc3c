// `npm run test:compat`: the repository's jest suites, run against the
// aws-cdk-lib, constructs and cdk-nag 3 installed in compat/.deps (the
// newest inside the library's peer range) instead of the development pins.
// Every import of them, the library's, the tests' and cdk-nag 2's, resolves
// there. JSII_DEPRECATED=fail (set by the task) turns any use of an API that
// aws-cdk-lib marks deprecated into an error.
const path = require('path');

// A dot-folder, so that tools globbing the repository (jsii-docgen looks for
// every .jsii under it) do not take these for the project's dependencies.
const compatModules = path.join(__dirname, '.deps', 'node_modules');
const root = require(path.join(__dirname, '..', 'package.json')).jest;

module.exports = {
  ...root,
  rootDir: path.join(__dirname, '..'),
  reporters: ['default'],
  moduleNameMapper: {
    '^aws-cdk-lib$': path.join(compatModules, 'aws-cdk-lib'),
    '^aws-cdk-lib/(.*)$': path.join(compatModules, 'aws-cdk-lib', '$1'),
    '^constructs$': path.join(compatModules, 'constructs'),
    '^cdk-nag-v3$': path.join(compatModules, 'cdk-nag'),
  },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/compat/**/*.test.ts'],
  // These check the development pins themselves (the Go module's schema version).
  testPathIgnorePatterns: [...root.testPathIgnorePatterns, '<rootDir>/test/package/'],
};
