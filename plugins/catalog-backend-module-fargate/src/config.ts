import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type RootConfigService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * The entity provider's settings.
 *
 * @public
 */
export interface FargateCatalogConfig {
  /** When the entities are refreshed (`catalog.providers.fargate.schedule`). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** The spec tag naming a profile's owner (`fargate.ownerTag`). */
  ownerTag: string;
  /** The owner of profiles without that tag, and of the cluster entities the provider emits. */
  defaultOwner: string;
}

/** Every 5 minutes, the first refresh 15 s after the backend started (well within a minute). */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

/** The owner tag of the fargate backend (`fargate.ownerTag`), so the catalog and the permission rule agree. */
const DEFAULT_OWNER_TAG = 'owner';
/** The owner of what names none, as Backstage's AWS providers have it. */
export const DEFAULT_OWNER = 'unknown';

/** `catalog.providers.fargate` (schema in config.d.ts) and the fargate backend's `fargate.ownerTag`. */
export function readFargateCatalogConfig(config: RootConfigService): FargateCatalogConfig {
  const provider = config.getOptionalConfig('catalog.providers.fargate');
  const schedule = provider?.getOptionalConfig('schedule');
  const defaultOwner = provider?.getOptionalString('defaultOwner')?.trim();
  if (defaultOwner === '')
    throw new Error(
      'catalog.providers.fargate.defaultOwner: give an entity ref such as group:default/platform, or leave it out',
    );
  return {
    schedule: schedule ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule) : DEFAULT_SCHEDULE,
    ownerTag: config.getOptionalString('fargate.ownerTag') ?? DEFAULT_OWNER_TAG,
    defaultOwner: defaultOwner ?? DEFAULT_OWNER,
  };
}
