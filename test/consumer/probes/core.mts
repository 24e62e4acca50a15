// Copied by the consumer test into a project that installed @fargatekeeper/core from its tarball, and
// typechecked there with Node's own module resolution: the types of each entry point.
import { parseSpecFiles, type Diagnostic } from '@fargatekeeper/core';
import { AwsAccount } from '@fargatekeeper/core/aws';
import { loadSpecs } from '@fargatekeeper/core/node';

const none: Diagnostic[] = [];
export const entryPoints = [parseSpecFiles, AwsAccount, loadSpecs, none];
