// @actions/core 3, @actions/github 9 and the Octokit packages they use are ESM-only (their `exports`
// have an `import` entry and no `require` one). Jest runs CommonJS: resolve such packages through their
// `import` entry when the `require` one is missing; jest.config.js lets swc turn those files into CommonJS.
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch (error) {
    if (request.startsWith('.') || request.startsWith('/')) throw error;
    return options.defaultResolver(request, { ...options, conditions: [...(options.conditions ?? []), 'import'] });
  }
};
