import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ClusterSummary, ExplainResponse } from '@fargatekeeper/backstage-plugin-fargate-common';
import { useState } from 'react';
import { fargateApiRef } from '../../api';
import { KeyValueRows, rowsToRecord, type KeyValueRow } from '../KeyValueRows';

function Explanation(props: { result: ExplainResponse }) {
  const { result } = props;
  return (
    <Box mt={2} aria-live="polite" data-testid="explain-result">
      <Typography variant="h6">
        {result.profile ? `Fargate profile ${result.profile}` : 'No Fargate profile: the pod runs on nodes'}
      </Typography>
      <Typography variant="body2">{result.reason}</Typography>
      {result.matches.length > 1 && (
        <Box mt={1}>
          <Typography variant="body2">Every matching profile, in the order EKS considers them:</Typography>
          <ol>
            {result.matches.map(match => (
              <li key={match.profile}>
                <Typography variant="body2">
                  {match.profile} (selector {match.selectorIndex + 1})
                </Typography>
              </li>
            ))}
          </ol>
        </Box>
      )}
    </Box>
  );
}

/** "Which profile takes this pod": a namespace and labels in, the winning profile and why out. */
export function PodExplainer(props: { clusters: ClusterSummary[] }) {
  const api = useApi(fargateApiRef);
  const [cluster, setCluster] = useState(props.clusters[0]?.name ?? '');
  const [namespace, setNamespace] = useState('');
  const [labels, setLabels] = useState<KeyValueRow[]>([]);
  const [result, setResult] = useState<ExplainResponse>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const explain = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.explainPod({ cluster, namespace, labels: rowsToRecord(labels) }));
    } catch (e) {
      setResult(undefined);
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title="Which profile takes this pod?">
      <Box display="flex" flexDirection="column" style={{ gap: 12 }} data-testid="pod-explainer">
        <TextField
          id="fargate-explain-cluster"
          select
          size="small"
          variant="outlined"
          label="Cluster"
          value={cluster}
          onChange={e => setCluster(e.target.value)}
        >
          {props.clusters.map(c => (
            <MenuItem key={c.name} value={c.name}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="fargate-explain-namespace"
          size="small"
          variant="outlined"
          label="Pod namespace"
          value={namespace}
          onChange={e => setNamespace(e.target.value)}
        />
        <KeyValueRows
          itemName="label"
          ariaPrefix="Pod label"
          rows={labels}
          onChange={setLabels}
          max={50}
          limitReason="That is plenty of labels for a question."
        />
        <Box>
          <Button variant="contained" color="primary" disabled={busy || !cluster || !namespace} onClick={explain}>
            Explain
          </Button>
        </Box>
      </Box>
      {error && (
        <Box mt={2}>
          <ResponseErrorPanel error={error} title="Could not explain" />
        </Box>
      )}
      {result && <Explanation result={result} />}
      <Typography variant="caption" color="textSecondary" component="p">
        EKS takes the first matching profile by name unless the pod names one with the label
        eks.amazonaws.com/fargate-profile.
      </Typography>
    </InfoCard>
  );
}
