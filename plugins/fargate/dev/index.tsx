/*
 * The plugin on its own: `npm start -w plugins/fargate` serves it on http://localhost:3000 against the
 * fargate dev backend on :7007 (`npm start -w plugins/fargate-backend`: simulated account, example specs).
 * Pages: /fargate (the plugin's page) and /cluster (the entity card on a cluster entity).
 */
import type { Entity } from '@backstage/catalog-model';
import { Content, Header, Page } from '@backstage/core-components';
import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import CloudIcon from '@material-ui/icons/Cloud';
import StorageIcon from '@material-ui/icons/Storage';
import { EntityFargateProfilesCard, FargatePage, fargatePlugin } from '../src';

/** An EKS cluster as the AWS catalog module ingests it (`Resource` of type `kubernetes-cluster`). */
const prodEuCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'prod-eu',
    namespace: 'default',
    annotations: {
      'amazonaws.com/account-id': '123456789012',
      'amazonaws.com/arn': 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'platform' },
};

// The dev app's sign-in page offers guest sign-in behind a button; it signs in by itself with the
// provider remembered under this key (core-components' SignInPage), so a headless browser or a fresh
// profile lands on the plugin directly. The dev backend's guest provider issues the user token.
const SIGN_IN_PROVIDER_KEY = '@backstage/core:SignInPage:provider';
if (!window.localStorage.getItem(SIGN_IN_PROVIDER_KEY)) window.localStorage.setItem(SIGN_IN_PROVIDER_KEY, 'guest');

createDevApp()
  .registerPlugin(fargatePlugin)
  .addPage({ path: '/fargate', title: 'Fargate', icon: CloudIcon, element: <FargatePage /> })
  .addPage({
    path: '/cluster',
    title: 'Cluster card',
    icon: StorageIcon,
    element: (
      <Page themeId="home">
        <Header title="prod-eu" subtitle="Resource · kubernetes-cluster (as ingested by the AWS catalog module)" />
        <Content>
          <EntityProvider entity={prodEuCluster}>
            <Grid container spacing={3}>
              <Grid item xs={12}>
                <EntityFargateProfilesCard />
              </Grid>
            </Grid>
          </EntityProvider>
        </Content>
      </Page>
    ),
  })
  .render();
