import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type { ProfileView } from '@fargatekeeper/backstage-plugin-fargate-common';
import type { ReactNode } from 'react';
import { DriftChip, ManagedChip, ProfileStatusChip } from './chips';
import { RunningPods } from './RunningPods';
import { SelectorList } from './SelectorList';

function ProfileName(props: { profile: ProfileView }) {
  const { profile } = props;
  const desired = profile.desired;
  return (
    <>
      <Typography variant="body2">
        <strong>{profile.name}</strong>
      </Typography>
      {desired && (
        <Typography variant="caption" color="textSecondary" component="div">
          spec{' '}
          {desired.url ? (
            <Link to={desired.url}>{`${desired.source.file}:${desired.source.line}`}</Link>
          ) : (
            `${desired.source.file}:${desired.source.line}`
          )}
        </Typography>
      )}
    </>
  );
}

function HealthIssues(props: { profile: ProfileView }) {
  const issues = props.profile.live?.health ?? [];
  if (issues.length === 0) return null;
  return (
    <Box mt={0.5}>
      {issues.map((issue, index) => (
        <Typography key={index} variant="caption" color="error" component="div">
          {issue.code}: {issue.message}
        </Typography>
      ))}
    </Box>
  );
}

/**
 * The profiles of one cluster: live status and health, selectors, ownership and drift from Git, and
 * `actions` per profile (the requests it takes) in a last column when given.
 */
export function ProfilesTable(props: { profiles: ProfileView[]; actions?: (profile: ProfileView) => ReactNode }) {
  return (
    <Table size="small" aria-label="Fargate profiles">
      <TableHead>
        <TableRow>
          <TableCell>Profile</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Selectors</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Drift</TableCell>
          {props.actions && <TableCell style={{ whiteSpace: 'nowrap' }}>Requests</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.profiles.map(profile => (
          <TableRow key={profile.name} data-testid={`profile-${profile.name}`}>
            <TableCell>
              <ProfileName profile={profile} />
            </TableCell>
            <TableCell>
              <ProfileStatusChip status={profile.live?.status} />
              <RunningPods profile={profile} />
              <HealthIssues profile={profile} />
            </TableCell>
            <TableCell>
              <SelectorList selectors={profile.live?.selectors ?? profile.desired?.selectors ?? []} />
            </TableCell>
            <TableCell>
              {/* A spec not created yet will be managed: it is fargatekeeper's to create. */}
              <ManagedChip managed={profile.managed || (!profile.live && !!profile.desired)} />
            </TableCell>
            <TableCell>
              <DriftChip drift={profile.drift} operation={profile.operation} reason={profile.driftReason} />
              {profile.driftReason && profile.drift !== 'in-sync' && (
                <Typography variant="caption" color="textSecondary" component="div">
                  {profile.driftReason}
                </Typography>
              )}
            </TableCell>
            {props.actions && <TableCell>{props.actions(profile)}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
