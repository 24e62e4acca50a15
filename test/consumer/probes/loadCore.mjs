// Copied by the consumer test into a project that installed @fargatekeeper/core from its tarball, and
// run there: each entry point loads as CommonJS and as ESM, and exports what it should.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const entries = {
  '@fargatekeeper/core': 'parseSpecFiles',
  '@fargatekeeper/core/aws': 'AwsAccount',
  '@fargatekeeper/core/node': 'loadSpecs',
};
const loaded = {};
for (const [entry, name] of Object.entries(entries)) {
  loaded[entry] = { require: typeof require(entry)[name], import: typeof (await import(entry))[name] };
}
console.log(JSON.stringify(loaded));
