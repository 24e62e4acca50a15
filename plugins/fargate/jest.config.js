// The frontend plugin runs in jsdom (Backstage's environment, repaired in jest/environment.js). Backstage
// packages ship ES modules, so node_modules JavaScript goes through swc as well, except the big CommonJS
// libraries Backstage's own jest config also leaves alone.
const swc = syntax => [
  '@swc/jest',
  {
    jsc: {
      parser: syntax === 'ts' ? { syntax: 'typescript', tsx: true } : { syntax: 'ecmascript', jsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const leaveAlone = [
  '@material-ui',
  'ajv',
  'core-js',
  'jest-.*',
  'jsdom',
  'react',
  'react-dom',
  'react-use/lib',
  'typescript',
  'prismjs',
  'highlight\\.js',
];

module.exports = require('../../jest.base.js')('plugins/fargate', {
  testEnvironment: '<rootDir>/jest/environment.js',
  transform: {
    '\\.tsx?$': swc('ts'),
    '\\.(mjs|cjs|jsx?)$': swc('js'),
    '\\.(bmp|gif|jpg|jpeg|png|ico|webp|svg|eot|woff|woff2|ttf)$':
      require.resolve('@backstage/cli/config/jestFileTransform.js'),
  },
  transformIgnorePatterns: [`/node_modules/(?:${leaveAlone.join('|')})/`],
  moduleNameMapper: { '\\.(css|less|scss)$': require.resolve('jest-css-modules') },
  setupFilesAfterEnv: ['<rootDir>/src/setupTests.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/dev/'],
});
