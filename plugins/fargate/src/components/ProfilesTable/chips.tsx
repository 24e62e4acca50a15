import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { DriftState, ProfileOperationKind } from '@fargatekeeper/backstage-plugin-fargate-common';
import type { ProfileStatus } from '@fargatekeeper/core';

type Tone = 'ok' | 'pending' | 'error' | 'warning' | 'neutral';

const useStyles = makeStyles(theme => {
  const status = (theme.palette as unknown as { status?: Record<string, string> }).status ?? {};
  const tone = (color: string | undefined) => ({
    backgroundColor: color ?? theme.palette.grey[500],
    color: theme.palette.getContrastText(color ?? theme.palette.grey[500]),
    fontWeight: 500,
  });
  return {
    ok: tone(status.ok ?? theme.palette.success.main),
    pending: tone(status.pending ?? theme.palette.info.main),
    error: tone(status.error ?? theme.palette.error.main),
    warning: tone(status.warning ?? theme.palette.warning.main),
    neutral: tone(undefined),
  };
});

function ToneChip(props: { tone: Tone; label: string; title?: string }) {
  const classes = useStyles();
  return <Chip size="small" label={props.label} className={classes[props.tone]} title={props.title} />;
}

const statusTone: Record<ProfileStatus, Tone> = {
  ACTIVE: 'ok',
  CREATING: 'pending',
  DELETING: 'pending',
  CREATE_FAILED: 'error',
  DELETE_FAILED: 'error',
};

/** EKS status of a live profile; a spec without a live profile is "not created". */
export function ProfileStatusChip(props: { status?: ProfileStatus }) {
  if (!props.status) return <ToneChip tone="neutral" label="not created" />;
  return <ToneChip tone={statusTone[props.status]} label={props.status} />;
}

const driftTone: Record<DriftState, Tone> = {
  'in-sync': 'ok',
  drifted: 'warning',
  missing: 'pending',
  orphaned: 'error',
  unmanaged: 'neutral',
  unknown: 'neutral',
};

const driftExplanation: Record<DriftState, string> = {
  'in-sync': 'Live equals its spec in Git.',
  drifted: 'Live differs from its spec.',
  missing: 'A spec in Git with no live profile yet.',
  orphaned: 'Managed, but its spec is gone from Git.',
  unmanaged: 'Made outside fargatekeeper and named by no spec: never changed.',
  unknown: 'Could not compare with Git.',
};

/** What the next apply does to the profile, as the plan says. */
const nextApply: Record<ProfileOperationKind, string> = {
  create: 'The next apply creates it.',
  replace: 'The next apply replaces it with a new profile.',
  'adopt-in-place': 'The next apply adopts it by tagging it in place.',
  'adopt-by-replace': 'The next apply adopts it by replacing it with a new profile.',
  retag: 'The next apply changes its tags in place.',
  'delete-profile': 'The next apply deletes it.',
  wait: 'The next apply waits for an earlier apply to finish with it.',
  'no-op': 'The next apply leaves it as it is.',
  unmanaged: 'The next apply leaves it alone.',
};

/** The drift state; its title says what the next apply does about it and why. */
export function DriftChip(props: { drift: DriftState; operation?: ProfileOperationKind; reason?: string }) {
  const { drift, operation, reason } = props;
  const title = [driftExplanation[drift], operation && nextApply[operation], reason].filter(Boolean).join(' ');
  return <ToneChip tone={driftTone[drift]} label={drift} title={title} />;
}

export function ManagedChip(props: { managed: boolean }) {
  return props.managed ? (
    <ToneChip tone="ok" label="managed" title="Carries fargatekeeper's ownership tags." />
  ) : (
    <ToneChip tone="neutral" label="unmanaged" title="Not created by fargatekeeper; left as it is." />
  );
}
