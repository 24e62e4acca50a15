import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering a whole Backstage test app takes seconds on a busy machine: give `findBy*` and `waitFor`
// (default 1 s) and each test (default 5 s; testTimeout is global-only in jest) room for that.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);
