/**
 * `@fargatekeeper/core/node`: disk access for Node front doors (spec folders, simulated account
 * files) and the one way they open an account.
 *
 * @packageDocumentation
 */
export { loadSimulatedAccount, SimFileError } from './node/simFile';
export { loadSpecs, readSpecFolder, SpecFolderError } from './node/specs';
export {
  awsRegion,
  NoAwsRegionError,
  openAccount,
  type AccountSource,
  type OpenedAccount,
  type OpenedAwsAccount,
  type OpenedSimulatedAccount,
  type RegionEnv,
} from './node/openAccount';
