import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';

/** Backstage's own in-memory cache service, as a plugin gets it without a cache store configured. */
export function memoryCache() {
  return CacheManager.fromConfig(
    mockServices.rootConfig({ data: { backend: { cache: { store: 'memory' } } } }),
  ).forPlugin('fargate');
}
