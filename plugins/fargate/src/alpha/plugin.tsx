import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import CloudIcon from '@material-ui/icons/Cloud';
import { FargateClient, fargateApiRef } from '../api';
import { isFargateAvailable } from '../entity';

const rootRouteRef = createRouteRef();

/** The fargate backend client, for any extension that needs it. */
export const fargateApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: fargateApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new FargateClient({ discoveryApi, fetchApi }),
    }),
});

/** `/fargate`: every cluster's profiles, open requests, the pod explainer and the request form. */
export const fargatePage = PageBlueprint.make({
  params: {
    path: '/fargate',
    title: 'Fargate',
    routeRef: rootRouteRef,
    // The page brings its own header.
    noHeader: true,
    loader: () => import('../components/FargatePage').then(m => <m.FargatePage />),
  },
});

/** Entity card on clusters: annotated `fargatekeeper.dev/cluster`, or EKS clusters from the AWS catalog module. */
export const entityFargateProfilesCard = EntityCardBlueprint.make({
  name: 'profiles',
  params: {
    filter: isFargateAvailable,
    loader: () => import('../components/EntityFargateProfilesCard').then(m => <m.EntityFargateProfilesCard />),
  },
});

/**
 * The fargate plugin for Backstage's new frontend system. Its title and icon give the page its sidebar
 * item ("Fargate", linking to the page's route): the app's nav lists every page that has a route ref, a
 * title and an icon, so installing the package is enough. `withOverrides({ title, icon })` changes both.
 */
export default createFrontendPlugin({
  pluginId: 'fargate',
  title: 'Fargate',
  icon: <CloudIcon />,
  info: { packageJson: () => import('../../package.json') },
  routes: { root: rootRouteRef },
  extensions: [fargateApi, fargatePage, entityFargateProfilesCard],
});
