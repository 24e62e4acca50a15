import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import DeleteIcon from '@material-ui/icons/DeleteOutline';
import EditIcon from '@material-ui/icons/Edit';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  fargateProfileChangePermission,
  fargateProfileDeletePermission,
  profileResourceRef,
  type ClusterSummary,
  type ProfileRequestResponse,
  type ProfileView,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import { isEditableSpecFormat } from '@fargatekeeper/core';
import { useState } from 'react';
import { ChangeRequestDialog } from '../RequestForm';
import { DeleteRequestDialog } from './DeleteRequestDialog';

export interface ProfileActionsProps {
  profile: ProfileView;
  cluster: ClusterSummary;
  onSubmitted?: (response: ProfileRequestResponse) => void;
}

/**
 * Change and Delete for a profile whose spec is in Git, each shown when the user may ask for it on
 * this profile (`fargate.profile.change` / `.delete`, resource permissions: a policy may allow owners
 * only). Specs read from a file of many profiles (eksctl, CloudFormation, Terraform) are changed where
 * that file is made, so they get no actions.
 */
export function ProfileActions(props: ProfileActionsProps) {
  const { profile, cluster } = props;
  const desired = profile.desired;
  const resourceRef = desired ? profileResourceRef(cluster.name, desired.spec) : undefined;
  const change = usePermission({ permission: fargateProfileChangePermission, resourceRef });
  const remove = usePermission({ permission: fargateProfileDeletePermission, resourceRef });
  const [open, setOpen] = useState<'change' | 'delete'>();
  if (!desired || !isEditableSpecFormat(desired.source.format)) return null;
  const close = () => setOpen(undefined);
  return (
    <Box display="flex" style={{ gap: 4 }}>
      {change.allowed && (
        <IconButton
          size="small"
          aria-label={`Change ${desired.spec}`}
          title="Request a change of its selectors, subnets, role or tags"
          onClick={() => setOpen('change')}
        >
          <EditIcon fontSize="small" />
        </IconButton>
      )}
      {remove.allowed && (
        <IconButton
          size="small"
          aria-label={`Delete ${desired.spec}`}
          title="Request its removal"
          onClick={() => setOpen('delete')}
        >
          <DeleteIcon fontSize="small" />
        </IconButton>
      )}
      <ChangeRequestDialog
        cluster={cluster}
        target={{ desired }}
        open={open === 'change'}
        onClose={close}
        onSubmitted={props.onSubmitted}
      />
      <DeleteRequestDialog
        cluster={cluster.name}
        desired={desired}
        open={open === 'delete'}
        onClose={close}
        onSubmitted={props.onSubmitted}
      />
    </Box>
  );
}
