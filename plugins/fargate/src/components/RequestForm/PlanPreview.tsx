import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { MarkdownContent, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import type { PlanPreviewResponse } from '@fargatekeeper/backstage-plugin-fargate-common';
import { DiagnosticList } from '../DiagnosticList';

/**
 * The backend's plan for the request, as the pull request will show it. The Markdown comes from core's
 * renderer, which escapes user text; MarkdownContent renders no raw HTML on top of that.
 */
export function PlanPreview(props: { preview?: PlanPreviewResponse; loading: boolean; error?: Error; blocked: boolean }) {
  const { preview, loading, error, blocked } = props;
  if (blocked && !preview)
    return (
      <Typography variant="body2" color="textSecondary">
        The plan preview appears once the form has no errors.
      </Typography>
    );
  if (error) return <ResponseErrorPanel error={error} title="Could not preview the plan" />;
  if (!preview) return loading ? <Progress /> : null;
  const problems = preview.diagnostics.filter(d => d.severity !== 'info');
  return (
    <Box data-testid="plan-preview" style={{ opacity: loading || blocked ? 0.5 : 1 }}>
      {loading && <Progress />}
      {problems.length > 0 && (
        <WarningPanel severity={preview.valid ? 'warning' : 'error'} title={preview.valid ? 'Warnings' : 'The request cannot be planned as it is'}>
          <DiagnosticList diagnostics={problems} />
        </WarningPanel>
      )}
      <Typography variant="caption" color="textSecondary" component="p">
        Spec file: {preview.file}
      </Typography>
      <MarkdownContent content={preview.markdown} />
    </Box>
  );
}
