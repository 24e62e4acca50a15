import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import RefreshIcon from '@material-ui/icons/Refresh';
import { EmptyState, InfoCard, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ClusterProfilesResponse } from '@fargatekeeper/backstage-plugin-fargate-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fargateApiRef } from '../../api';
import { DiagnosticList } from '../DiagnosticList';
import { ProfileActions } from '../ProfileActions';
import { ProfilesTable } from '../ProfilesTable';
import { readAge } from './readAge';

function subheader(data: ClusterProfilesResponse) {
  const { cluster } = data;
  const parts = [cluster.region];
  if (cluster.status) parts.push(cluster.status);
  if (cluster.profileCount !== undefined) {
    parts.push(`${cluster.profileCount}${cluster.profileQuota ? ` of ${cluster.profileQuota}` : ''} profiles`);
  }
  // With pod access (the backend's fargate.podImpact): how many pods run on the profiles, or why none were read.
  if (data.pods?.kind === 'read')
    parts.push(data.pods.running === 1 ? '1 running pod' : `${data.pods.running} running pods`);
  // One inline element: the subheader is a flex box, which would drop the space before the age.
  return (
    <span>
      {`${parts.join(' · ')} · `}
      {data.pods?.kind === 'not-read' && <span title={data.pods.reason}>pods not read · </span>}
      <span title={new Date(data.readAt).toLocaleString()}>{readAge(data.readAt, Date.now())}</span>
    </span>
  );
}

function CardBody(props: { data: ClusterProfilesResponse }) {
  const { data } = props;
  const problems = data.diagnostics.filter(d => d.severity !== 'info');
  const errors = problems.filter(d => d.severity === 'error').length;
  return (
    <>
      {problems.length > 0 && (
        <Box mb={2}>
          <WarningPanel
            severity={errors > 0 ? 'error' : 'warning'}
            title={`${problems.length} finding${problems.length === 1 ? '' : 's'} about this cluster's specs and live state`}
          >
            <DiagnosticList diagnostics={problems} />
          </WarningPanel>
        </Box>
      )}
      {data.profiles.length === 0 ? (
        <EmptyState
          missing="data"
          title="No Fargate profiles"
          description={`Cluster ${data.cluster.name} has no Fargate profiles and no specs in Git name it. Request one from the Fargate page.`}
        />
      ) : (
        <ProfilesTable
          profiles={data.profiles}
          actions={profile => <ProfileActions profile={profile} cluster={data.cluster} />}
        />
      )}
    </>
  );
}

/** The Fargate profiles of one cluster, live and desired, with loading, error and empty states. */
export function FargateProfilesCard(props: { cluster: string; title?: string }) {
  const api = useApi(fargateApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getClusterProfiles(props.cluster),
    [api, props.cluster],
  );
  const title = props.title ?? `Fargate profiles · ${props.cluster}`;
  const refresh = (
    <IconButton aria-label="Refresh" title="Read again" onClick={retry}>
      <RefreshIcon />
    </IconButton>
  );

  let body;
  if (loading && !value) body = <Progress />;
  else if (error)
    body = <ResponseErrorPanel error={error} title={`Could not read the Fargate profiles of ${props.cluster}`} />;
  else if (value) body = <CardBody data={value} />;

  return (
    <div data-testid={`fargate-profiles-${props.cluster}`}>
      <InfoCard title={title} subheader={value ? subheader(value) : undefined} action={refresh}>
        {body}
      </InfoCard>
    </div>
  );
}
