import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { MarkdownContent, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import type { PlanPreviewResponse } from '@fargatekeeper/backstage-plugin-fargate-common';
import { DiagnosticList } from '../DiagnosticList';

const useStyles = makeStyles({
  // The plan table is narrow beside the form: break names at dashes, never inside words like "create".
  plan: {
    '& td, & th': { wordBreak: 'normal', overflowWrap: 'break-word' },
    '& td:nth-child(3)': { whiteSpace: 'nowrap' },
    '& details': { margin: '16px 0' },
  },
});

const fileActionText: Record<PlanPreviewResponse['fileAction'], string> = {
  create: ' (new)',
  update: ' (edited in place; its other documents stay as they are)',
  delete: ' (removed: the spec is its only one)',
};

/**
 * The backend's plan for the request, as the pull request will show it: the request's own changes and
 * findings first, the cluster's other pending changes folded below them. The Markdown comes from core's
 * renderer, which escapes user text; MarkdownContent renders no raw HTML on top of that.
 */
export function PlanPreview(props: {
  preview?: PlanPreviewResponse;
  loading: boolean;
  error?: Error;
  blocked: boolean;
  blockedMessage?: string;
}) {
  const { preview, loading, error, blocked } = props;
  const classes = useStyles();
  if (blocked && !preview)
    return (
      <Typography variant="body2" color="textSecondary">
        {props.blockedMessage ?? 'The plan preview appears once the form has no errors.'}
      </Typography>
    );
  if (error) return <ResponseErrorPanel error={error} title="Could not preview the plan" />;
  if (!preview) return loading ? <Progress /> : null;
  const problems = preview.diagnostics.filter(d => d.severity !== 'info');
  return (
    <Box data-testid="plan-preview" style={{ opacity: loading || blocked ? 0.5 : 1 }}>
      {loading && <Progress />}
      {problems.length > 0 && (
        <WarningPanel
          severity={preview.valid ? 'warning' : 'error'}
          title={preview.valid ? 'Warnings' : 'The request cannot be planned as it is'}
        >
          <DiagnosticList diagnostics={problems} />
        </WarningPanel>
      )}
      <Typography variant="caption" color="textSecondary" component="p">
        Spec file: {preview.file}
        {fileActionText[preview.fileAction]}
      </Typography>
      <MarkdownContent className={classes.plan} content={preview.markdown} />
    </Box>
  );
}
