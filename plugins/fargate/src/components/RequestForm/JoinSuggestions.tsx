import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ClusterSummary, DesiredProfileView } from '@fargatekeeper/backstage-plugin-fargate-common';
import type { JoinSuggestion } from '@fargatekeeper/core';
import { useState } from 'react';
import { fargateApiRef } from '../../api';
import { ChangeRequestDialog } from './ChangeRequestDialog';

/**
 * When the cluster's quota leaves no room for a new profile, the backend suggests profiles the new
 * selectors could join (same role and subnets, room for the selectors). Each is offered here as a
 * change request of that profile's spec, its selectors and the new ones, and the same reason.
 */
export function JoinSuggestions(props: { cluster: ClusterSummary; suggestions: JoinSuggestion[]; reason: string }) {
  const { cluster, suggestions } = props;
  const api = useApi(fargateApiRef);
  const [joining, setJoining] = useState<{ suggestion: JoinSuggestion; desired: DesiredProfileView }>();
  const [error, setError] = useState<Error>();
  if (suggestions.length === 0) return null;

  const join = async (suggestion: JoinSuggestion) => {
    setError(undefined);
    try {
      const { profiles } = await api.getClusterProfiles(cluster.name);
      const desired = profiles.find(p => p.desired?.spec === suggestion.spec)?.desired;
      if (!desired) throw new Error(`the spec ${suggestion.spec} is no longer in Git`);
      setJoining({ suggestion, desired });
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <Box mt={2} data-testid="join-suggestions">
      <Alert severity="info">
        The cluster has no room for another profile. Instead, your selectors can join a profile with the same role and
        subnets (a change of its spec, which replaces that profile):
        {suggestions.map(suggestion => (
          <Box key={suggestion.spec} mt={1}>
            <Button size="small" variant="outlined" onClick={() => join(suggestion)}>
              {`Add my selectors to ${suggestion.spec}`}
            </Button>
          </Box>
        ))}
      </Alert>
      {error && <ResponseErrorPanel error={error} title="Could not read the profile to join" />}
      {joining && (
        <ChangeRequestDialog
          cluster={cluster}
          target={{ desired: joining.desired, selectors: joining.suggestion.selectors, reason: props.reason }}
          open
          onClose={() => setJoining(undefined)}
        />
      )}
    </Box>
  );
}
