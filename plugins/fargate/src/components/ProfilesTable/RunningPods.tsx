import Typography from '@material-ui/core/Typography';
import type { ProfileView } from '@fargatekeeper/backstage-plugin-fargate-common';

/** The live profile's running pods, when the backend has pod access (`fargate.podImpact`) and read them. */
export function RunningPods(props: { profile: ProfileView }) {
  const count = props.profile.runningPods;
  if (count === undefined) return null;
  return (
    <Typography variant="caption" color="textSecondary" component="div" data-testid="running-pods">
      {count === 1 ? '1 running pod' : `${count} running pods`}
    </Typography>
  );
}
