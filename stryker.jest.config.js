// The jest configuration `npm run mutation` runs each mutant under: the
// project's own (package.json), with the default reporter only.
const root = require('./package.json').jest;

module.exports = { ...root, reporters: ['default'], maxWorkers: 1 };
