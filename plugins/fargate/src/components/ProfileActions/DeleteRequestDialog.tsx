import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { DesiredProfileView, ProfileRequestResponse } from '@fargatekeeper/backstage-plugin-fargate-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { fargateApiRef } from '../../api';
import { PlanPreview, SubmittedRequest } from '../RequestForm';

export interface DeleteRequestDialogProps {
  cluster: string;
  desired: DesiredProfileView;
  open: boolean;
  onClose: () => void;
  onSubmitted?: (response: ProfileRequestResponse) => void;
}

/**
 * Asks for the removal of a spec: what the plan does then (the profile deleted, with its default role;
 * the pods it stops once the backend reads pods), a reason for the reviewers, and a confirmation. The
 * request opens a pull request that removes the spec (its file, when it was the only one).
 */
export function DeleteRequestDialog(props: DeleteRequestDialogProps) {
  const { cluster, desired, open, onClose } = props;
  const api = useApi(fargateApiRef);
  const proposal = { kind: 'delete' as const, cluster, name: desired.spec };
  const preview = useAsync(
    async () => (open ? api.previewPlan(proposal) : undefined),
    [api, open, cluster, desired.spec],
  );
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [submitted, setSubmitted] = useState<ProfileRequestResponse>();
  const [error, setError] = useState<Error>();
  const blocked = preview.value !== undefined && !preview.value.valid;

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const response = await api.submitRequest({ ...proposal, reason: reason.trim() });
      setSubmitted(response);
      props.onSubmitted?.(response);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="fargate-delete-title">
      <DialogTitle id="fargate-delete-title">Request the removal of {desired.spec}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          A pull request removes the spec <strong>{desired.spec}</strong> from {desired.source.file}. Once it is merged,
          the apply deletes the profile on {cluster}: its pods go back to nodes, or stay Pending where no node group
          takes them.
        </Typography>
        <PlanPreview preview={preview.value} loading={preview.loading} error={preview.error} blocked={false} />
        <Box mt={2}>
          <TextField
            fullWidth
            multiline
            minRows={2}
            variant="outlined"
            label="Why should it go?"
            value={reason}
            disabled={submitting || submitted !== undefined}
            helperText="Goes into the pull request for the reviewers."
            inputProps={{ 'aria-label': 'Reason for the removal' }}
            onChange={e => setReason(e.target.value)}
          />
        </Box>
        {error && (
          <Box mt={2}>
            <ResponseErrorPanel error={error} title="The request was not accepted" />
          </Box>
        )}
        {submitted && <SubmittedRequest response={submitted} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{submitted ? 'Close' : 'Cancel'}</Button>
        {!submitted && (
          <Button
            color="secondary"
            variant="contained"
            disabled={submitting || reason.trim() === '' || blocked || preview.loading}
            onClick={submit}
          >
            {submitting ? 'Opening the pull request…' : 'Request removal'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
