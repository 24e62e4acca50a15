import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering a whole Backstage test app takes seconds on a busy machine: give `findBy*` and `waitFor`
// (default 1 s) and each test (default 5 s; testTimeout is global-only in jest) room for that.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);

// Warnings from the libraries Backstage pins, not from this plugin: Material UI v4's findDOMNode under
// React 18, React Router's v7 notices, and JSS inserting rules into jsdom 27's CSSOM. They are dropped
// so that real warnings stand out; everything else is printed as usual.
const thirdPartyNoise = [
  /^Warning: findDOMNode is deprecated/,
  /React Router Future Flag Warning/,
  /^Warning: \[JSS\] processedRuleToParse is not defined/,
];
/* eslint-disable no-console -- this filter wraps the test console */
for (const level of ['error', 'warn'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && thirdPartyNoise.some(pattern => pattern.test(args[0] as string))) return;
    original(...args);
  };
}
