// The entry the runner starts (action.yml runs dist/index.js). Source maps go on before the action's
// code is loaded, so its stack traces name the TypeScript sources. The action itself is src/main.ts
// (dist/main.mjs), whose run() reports its own failures; @github/local-action runs it directly.
process.setSourceMapsEnabled(true);

void import('./main').then(async ({ run, exitWhenCancelled }) => {
  await run();
  exitWhenCancelled();
});
