import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { Link } from '@backstage/core-components';
import type { ProfileRequestResponse } from '@fargatekeeper/backstage-plugin-fargate-common';

/** The pull request a request opened, or the open one of an identical request it joined. */
export function SubmittedRequest(props: { response: ProfileRequestResponse }) {
  const { pullRequest, file, deduplicated } = props.response;
  const link = <Link to={pullRequest.url}>{`#${pullRequest.number}`}</Link>;
  return (
    <Box mt={2}>
      <Alert severity="success" data-testid="request-submitted">
        {deduplicated ? (
          <>
            The same request is open already: pull request {link} for {file}
          </>
        ) : (
          <>
            Pull request {link} opened for {file}
          </>
        )}
        : {pullRequest.url}
      </Alert>
    </Box>
  );
}
