import '@testing-library/jest-dom';

// Rendering a whole Backstage test app takes seconds on a busy machine (testTimeout is global-only in jest).
jest.setTimeout(30_000);
