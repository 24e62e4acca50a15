import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The fargatekeeper entity provider: every live and desired Fargate profile as a `Resource`. */
      fargate?: {
        /**
         * When the entities are refreshed (default: every 5 minutes, timeout 3 minutes, the first 15 s
         * after the backend starts). A full schedule: `frequency` and `timeout`, optionally `initialDelay`.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * The owner of profiles whose spec and live tags name none (with the tag `fargate.ownerTag`),
         * and of the cluster entities the provider emits: an entity ref (default `unknown`).
         * @visibility backend
         */
        defaultOwner?: string;
      };
    };
  };
}
