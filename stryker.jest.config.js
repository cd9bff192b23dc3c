// The jest configuration `npm run mutation` runs each mutant under: the
// project's own (package.json), with the default reporter only.
// MUTATION_TESTS (comma-separated globs under the repository) narrows the
// suites that may kill a mutant, as `npm run mutation:unit` does.
const root = require('./package.json').jest;

const only = process.env.MUTATION_TESTS;
module.exports = {
  ...root,
  reporters: ['default'],
  maxWorkers: 1,
  ...(only ? { testMatch: only.split(',').map((glob) => `<rootDir>/${glob.trim()}`) } : {}),
};
