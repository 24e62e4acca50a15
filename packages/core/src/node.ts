/**
 * `@fargatekeeper/core/node`: disk access for Node front doors (spec folders, simulated account
 * files) and the one way they open an account.
 *
 * @packageDocumentation
 */
export { loadSimulatedAccount, SimFileError } from './node/simFile';
export {
  DEFAULT_SIM_LOCK_WAIT_MS,
  lockSimulatedAccount,
  SimFileLockedError,
  type SimLock,
  type SimLockOptions,
} from './node/simLock';
export { writeFileAtomic, writeFileAtomicSync } from './node/atomicFile';
export { cancelExitCode, listenForCancel, type Cancellation, type CancelSignal } from './node/cancelSignals';
export { loadSpecs, readSpecFolder, SpecFolderError, type LoadOptions, type ReadOptions } from './node/specs';
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
export { eksCredentialsOf, openPodAccess, type PodAccessSource } from './node/openPodAccess';
