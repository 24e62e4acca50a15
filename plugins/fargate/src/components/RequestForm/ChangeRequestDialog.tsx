import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import type { ClusterSummary, ProfileRequestResponse } from '@fargatekeeper/backstage-plugin-fargate-common';
import { RequestForm, type ChangeTarget } from './RequestForm';

export interface ChangeRequestDialogProps {
  cluster: ClusterSummary;
  target: Omit<ChangeTarget, 'cluster'>;
  open: boolean;
  onClose: () => void;
  onSubmitted?: (response: ProfileRequestResponse) => void;
}

/** The request form in change mode, in a dialog: a change of one spec, its pull request's link when sent. */
export function ChangeRequestDialog(props: ChangeRequestDialogProps) {
  const { cluster, target, open, onClose } = props;
  return (
    <Dialog open={open} onClose={onClose} maxWidth="lg" fullWidth aria-label={`Change ${target.desired.spec}`}>
      <DialogContent>
        {open && (
          <RequestForm
            clusters={[cluster]}
            change={{ ...target, cluster: cluster.name }}
            onSubmitted={props.onSubmitted}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
