// The project's adjustments to Backstage's ESLint configuration (@backstage/cli's eslint-factory), passed
// by every .eslintrc.js. Each is a place where Backstage's rules clash with a deliberate style here.
module.exports = {
  rules: {
    // `x == null` is the idiom for "null or undefined" (YAML nodes hold either).
    eqeqeq: ['error', 'always', { null: 'ignore' }],
    // Chained conditional expressions pick a value (comparators `a < b ? -1 : a > b ? 1 : 0`, labels);
    // Prettier indents the chain.
    'no-nested-ternary': 'off',
    // `if ((match = pattern.exec(route)))`: the stand-ins' routing; the double parentheses say the
    // assignment is meant (ESLint's own default).
    'no-cond-assign': ['error', 'except-parens'],
    // Escaping control and bidi characters for the terminal and Markdown is a requirement: regexes name them.
    'no-control-regex': 'off',
  },
  tsRules: {
    // Switches over closed unions are exhaustive, checked by TypeScript; a `default` would hide a new member.
    'default-case': 'off',
    // TypeScript checks every path against the declared return type; `return voidCall()` ends void functions.
    'consistent-return': 'off',
    // Modules read top-down: the export first, then its helpers and constants. A use before the
    // definition in the same scope (a temporal dead zone) is still an error.
    '@typescript-eslint/no-use-before-define': ['error', { functions: false, classes: false, variables: false }],
  },
  testRules: {
    // Tests feed `javascript:` links to the renderers to check that they are neutralised.
    'no-script-url': 'off',
    // The front doors' tests reuse core's stand-ins (local AWS, Kubernetes API, simulated account) by path:
    // test code of this repository, part of no package's public API or tarball.
    '@backstage/no-relative-monorepo-imports': 'off',
  },
  overrides: [
    {
      // Jest configurations share the root's jest.base.js; they are tooling, not package code.
      files: ['jest.config.js'],
      rules: { '@backstage/no-relative-monorepo-imports': 'off' },
    },
  ],
};
