export * from './types';
export { apply, defaultTimeouts } from './apply';
export { ApplyAbortedError, classifyError, type ErrorClass } from './errors';
export { backoffDelay, defaultPollBackoff, defaultRetryBackoff, type BackoffPolicy } from '../backoff';
export { createRequestToken } from './tokens';
export { orderOperations } from './order';
