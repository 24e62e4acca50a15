import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { CheckState, OpenRequest } from '@fargatekeeper/backstage-plugin-fargate-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fargateApiRef } from '../../api';

function Checks(props: { state: CheckState }) {
  switch (props.state) {
    case 'success':
      return <StatusOK>passing</StatusOK>;
    case 'failure':
      return <StatusError>failing</StatusError>;
    case 'pending':
      return <StatusPending>running</StatusPending>;
    default:
      return <StatusAborted>no checks</StatusAborted>;
  }
}

function RequestsTable(props: { requests: OpenRequest[] }) {
  return (
    <Table size="small" aria-label="Open requests">
      <TableHead>
        <TableRow>
          <TableCell>Pull request</TableCell>
          <TableCell>Author</TableCell>
          <TableCell>Checks</TableCell>
          <TableCell>Opened</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.requests.map(request => (
          <TableRow key={request.number}>
            <TableCell>
              <Link to={request.url}>{`#${request.number} ${request.title}`}</Link>
              {request.state === 'draft' ? ' (draft)' : ''}
            </TableCell>
            <TableCell>{request.author}</TableCell>
            <TableCell>
              <Checks state={request.checks} />
            </TableCell>
            <TableCell>{new Date(request.createdAt).toLocaleString()}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Open pull requests made from the portal, with their check status. `refreshKey` re-reads after a submit. */
export function OpenRequestsCard(props: { refreshKey?: number }) {
  const api = useApi(fargateApiRef);
  const { value, loading, error } = useAsyncRetry(() => api.getOpenRequests(), [api, props.refreshKey]);
  let body;
  if (loading && !value) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} title="Could not list the open requests" />;
  else if (value && value.length === 0)
    body = (
      <EmptyState
        missing="content"
        title="No open requests"
        description="Profile requests appear here as pull requests until they are merged."
      />
    );
  else if (value) body = <RequestsTable requests={value} />;
  return <InfoCard title="Open requests">{body}</InfoCard>;
}
