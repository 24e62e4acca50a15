import Grid from '@material-ui/core/Grid';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { fargateApiRef } from '../../api';
import { FargateProfilesCard } from '../FargateProfilesCard';
import { OpenRequestsCard } from '../OpenRequestsCard';
import { PodExplainer } from '../PodExplainer';
import { RequestForm } from '../RequestForm';

function PageBody() {
  const api = useApi(fargateApiRef);
  const clusters = useAsync(() => api.getClusters(), [api]);
  const [submissions, setSubmissions] = useState(0);

  if (clusters.loading) return <Progress />;
  if (clusters.error) return <ResponseErrorPanel error={clusters.error} title="Could not list the clusters" />;
  const list = clusters.value ?? [];
  if (list.length === 0)
    return (
      <EmptyState
        missing="info"
        title="No clusters configured"
        description="Add clusters under fargate.clusters in app-config.yaml of the Backstage backend."
      />
    );
  return (
    <Grid container spacing={3}>
      {list.map(cluster => (
        <Grid item xs={12} key={cluster.name} data-testid={`cluster-${cluster.name}`}>
          <FargateProfilesCard cluster={cluster.name} />
        </Grid>
      ))}
      <Grid item xs={12} md={7}>
        <OpenRequestsCard refreshKey={submissions} />
      </Grid>
      <Grid item xs={12} md={5}>
        <PodExplainer clusters={list} />
      </Grid>
      <Grid item xs={12} id="request">
        <RequestForm clusters={list} onSubmitted={() => setSubmissions(n => n + 1)} />
      </Grid>
    </Grid>
  );
}

/** The `/fargate` page: every cluster's profiles, open requests, the pod explainer and the request form. */
export function FargatePage() {
  return (
    <Page themeId="tool">
      <Header title="Fargate profiles" subtitle="Where your pods run on EKS Fargate, and how to ask for a profile" />
      <Content>
        <ContentHeader title="Clusters">
          <SupportButton>
            Profiles come from Git (specs applied by the fargatekeeper Action) and from the live EKS clusters. Requests
            open pull requests on the specs repository.
          </SupportButton>
        </ContentHeader>
        <PageBody />
      </Content>
    </Page>
  );
}
