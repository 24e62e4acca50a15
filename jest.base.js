// Shared jest settings for the TypeScript workspaces: swc strips types (tsc checks them in `npm run typecheck`).
/** @param {string} dir the workspace folder, relative to the repository root */
module.exports = (dir, overrides = {}) => ({
  displayName: dir,
  rootDir: `${__dirname}/${dir}`,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  testMatch: ['<rootDir>/**/*.test.ts?(x)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  ...overrides,
});
