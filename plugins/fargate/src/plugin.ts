import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { FargateClient, fargateApiRef } from './api';
import { rootRouteRef } from './routes';

/** The fargate plugin for Backstage's legacy frontend system (see `./alpha` for the new one). */
export const fargatePlugin = createPlugin({
  id: 'fargate',
  apis: [
    createApiFactory({
      api: fargateApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new FargateClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The `/fargate` page: mount it with `<Route path="/fargate" element={<FargatePage />} />`. */
export const FargatePage = fargatePlugin.provide(
  createRoutableExtension({
    name: 'FargatePage',
    component: () => import('./components/FargatePage').then(m => m.FargatePage),
    mountPoint: rootRouteRef,
  }),
);

/** Entity page card for clusters (see `isFargateAvailable`). */
export const EntityFargateProfilesCard = fargatePlugin.provide(
  createComponentExtension({
    name: 'EntityFargateProfilesCard',
    component: {
      lazy: () => import('./components/EntityFargateProfilesCard').then(m => m.EntityFargateProfilesCard),
    },
  }),
);
