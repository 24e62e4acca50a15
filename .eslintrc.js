// ESLint 8 with Backstage's configuration (@backstage/cli's eslint-factory), as @backstage/create-app
// sets it up: this root only stops the search for configurations here; each package, plugin, test/
// and bench/ has its own .eslintrc.js.
module.exports = {
  root: true,
};
