import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Divider from '@material-ui/core/Divider';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  fargateProfileChangePermission,
  fargateProfileRequestPermission,
  profileResourceRef,
  type ClusterSummary,
  type DesiredProfileView,
  type PlanPreviewResponse,
  type ProfileRequestResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import { eksLimits, managedTagKeys, type Diagnostic, type JoinSuggestion, type Selector } from '@fargatekeeper/core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { fargateApiRef } from '../../api';
import { KeyValueRows } from '../KeyValueRows';
import {
  formIssues,
  formStateFromSpec,
  initialFormState,
  privateSubnetsOf,
  toProfileRequest,
  type FieldIssue,
  type RequestFormState,
  type SelectorRow,
} from './formModel';
import { JoinSuggestions } from './JoinSuggestions';
import { PlanPreview } from './PlanPreview';
import { serverIssuesOf } from './serverIssues';
import { SubmittedRequest } from './SubmittedRequest';

/** How long typing must pause before the plan preview is asked for. */
export const PREVIEW_DEBOUNCE_MS = 600;

const tagLimit = eksLimits.tagsPerResource - managedTagKeys.length;

const messages = (issues: FieldIssue[] | undefined) => (issues ?? []).map(i => i.message).join(' ');
const hasError = (issues: FieldIssue[] | undefined) => (issues ?? []).some(i => i.severity === 'error');

function Section(props: { title: string; children: ReactNode; help?: string }) {
  return (
    <Box mt={3}>
      <Typography variant="subtitle1">
        <strong>{props.title}</strong>
      </Typography>
      {props.help && (
        <Typography variant="caption" color="textSecondary" component="p">
          {props.help}
        </Typography>
      )}
      <Box mt={1}>{props.children}</Box>
    </Box>
  );
}

function LimitedAddButton(props: {
  label: string;
  atLimit: boolean;
  reason: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button size="small" startIcon={<AddIcon />} disabled={props.disabled || props.atLimit} onClick={props.onClick}>
        {props.label}
      </Button>
      {props.atLimit && (
        <Typography variant="caption" color="textSecondary">
          {props.reason}
        </Typography>
      )}
    </Box>
  );
}

/** The form of a change: the spec as it is in Git, with the selectors and reason the target brings. */
function changeFormState(target: ChangeTarget): RequestFormState {
  const state = formStateFromSpec(target.cluster, target.desired);
  const selectors =
    target.selectors && formStateFromSpec(target.cluster, { ...target.desired, selectors: target.selectors }).selectors;
  return { ...state, ...(selectors ? { selectors } : {}), reason: target.reason ?? '' };
}

/** Where the findings of the backend belong: only those about this request go next to its fields. */
function aboutRequest(preview: PlanPreviewResponse, name: string): Diagnostic[] {
  return preview.diagnostics.filter(d => d.source?.file === preview.file || d.profile === name);
}

/** A spec in Git that the form changes instead of requesting a new profile. */
export interface ChangeTarget {
  cluster: string;
  desired: DesiredProfileView;
  /** Start from these selectors instead of the spec's (a join suggestion: its own and the new ones). */
  selectors?: Selector[];
  reason?: string;
}

export interface RequestFormProps {
  clusters: ClusterSummary[];
  /** Change this spec (cluster and name stay) instead of requesting a new profile. */
  change?: ChangeTarget;
  onSubmitted?: (response: ProfileRequestResponse) => void;
}

/**
 * The self-service request: a proposed Fargate profile (or new values for an existing spec) checked
 * with core's static rules as the user types, previewed by the backend's planner, and submitted as a
 * pull request on the specs repository.
 */
export function RequestForm(props: RequestFormProps) {
  const { clusters, change: target } = props;
  const kind = target ? 'change' : 'create';
  const api = useApi(fargateApiRef);
  const permission = usePermission(
    target
      ? {
          permission: fargateProfileChangePermission,
          resourceRef: profileResourceRef(target.cluster, target.desired.spec),
        }
      : { permission: fargateProfileRequestPermission },
  );
  const permissionName = target ? fargateProfileChangePermission.name : fargateProfileRequestPermission.name;
  const [state, setState] = useState<RequestFormState>(() =>
    target ? changeFormState(target) : initialFormState(clusters),
  );
  // Selectors given with the target are a change already.
  const [touched, setTouched] = useState<Set<string>>(() => new Set(target?.selectors ? ['selectors'] : []));
  const [showAll, setShowAll] = useState(false);
  const [preview, setPreview] = useState<{ key: string; response?: PlanPreviewResponse; error?: Error }>();
  const [previewLoading, setPreviewLoading] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitted, setSubmitted] = useState<ProfileRequestResponse>();
  const [submitError, setSubmitError] = useState<{ key: string; error: Error }>();

  const request = useMemo(() => toProfileRequest(state, kind), [state, kind]);
  const { reason: _reason, ...planRequest } = request;
  const requestKey = JSON.stringify(request);
  const planKey = JSON.stringify(planRequest);

  const localIssues = useMemo(() => formIssues(state, clusters), [state, clusters]);
  const issues = useMemo(() => {
    const extra: Diagnostic[] = [];
    if (preview?.key === planKey && preview.response) extra.push(...aboutRequest(preview.response, request.name));
    // A refused preview (400) lists the bad fields like a refused submit.
    if (preview?.key === planKey && preview.error) extra.push(...serverIssuesOf(preview.error));
    if (submitError?.key === requestKey) extra.push(...serverIssuesOf(submitError.error));
    return extra.length ? formIssues(state, clusters, extra) : localIssues;
  }, [localIssues, preview, planKey, submitError, requestKey, state, clusters, request.name]);

  // Errors of the plan request itself (the reason is not part of a plan) block the preview; so does a
  // change not made yet (the spec as it is in Git plans nothing).
  const unchanged = target !== undefined && [...touched].every(section => section === 'reason');
  const planBlocked = useMemo(
    () =>
      unchanged ||
      [...localIssues.general, ...[...localIssues.byField].filter(([f]) => f !== 'reason').flatMap(([, i]) => i)].some(
        i => i.severity === 'error',
      ),
    [localIssues, unchanged],
  );

  useEffect(() => {
    if (planBlocked || preview?.key === planKey) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setPreviewLoading(true);
      try {
        const response = await api.previewPlan(JSON.parse(planKey), { signal: controller.signal });
        if (!controller.signal.aborted) setPreview({ key: planKey, response });
      } catch (error) {
        if (!controller.signal.aborted) setPreview({ key: planKey, error: error as Error });
      } finally {
        if (!controller.signal.aborted) setPreviewLoading(false);
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
      // A superseded request no longer loads anything (the next run, if any, starts its own).
      setPreviewLoading(false);
    };
  }, [api, planKey, planBlocked, preview?.key]);

  const title = target ? `Change Fargate profile ${target.desired.spec}` : 'Request a Fargate profile';
  if (permission.loading)
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  const denied = !permission.allowed;
  const disabled = denied || submitting;

  const change = (section: string, patch: Partial<RequestFormState>) => {
    setState(s => ({ ...s, ...patch }));
    setTouched(t => (t.has(section) ? t : new Set(t).add(section)));
    setSubmitted(undefined);
  };
  // A field's own findings show once it was edited (or a submit was tried); the backend's at once.
  const visible = (field: string, section = field) => {
    const found = issues.byField.get(field);
    const shown = showAll || touched.has(section) ? found : found?.filter(issue => issue.remote);
    return shown?.length ? shown : undefined;
  };
  const setSelector = (index: number, patch: Partial<SelectorRow>) =>
    change(`selectors[${index}]`, { selectors: state.selectors.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  const cluster = clusters.find(c => c.name === state.cluster);

  const submit = async () => {
    setShowAll(true);
    if (issues.hasErrors) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const response = await api.submitRequest(request);
      setSubmitted(response);
      props.onSubmitted?.(response);
    } catch (error) {
      setSubmitError({ key: requestKey, error: error as Error });
    } finally {
      setSubmitting(false);
    }
  };

  const generalIssues = showAll || touched.size > 0 ? issues.general : issues.general.filter(issue => issue.remote);
  const currentPreview = preview?.key === planKey ? preview : undefined;
  // Profiles the new selectors could join, when the quota leaves no room.
  const joinSuggestions: JoinSuggestion[] = (currentPreview?.response?.diagnostics ?? []).flatMap(d =>
    d.suggestion?.kind === 'join-profile' ? [d.suggestion] : [],
  );

  return (
    <InfoCard
      title={title}
      subheader={
        target
          ? `Opens a pull request that edits its spec in ${target.desired.source.file}; its checks plan it and a reviewer merges it.`
          : 'Opens a pull request on the specs repository; its checks plan it and a reviewer merges it.'
      }
    >
      {denied && (
        <Box mb={2}>
          <Alert severity="info" data-testid="request-denied">
            You cannot {target ? 'change this Fargate profile' : 'request Fargate profiles'}: that needs the permission{' '}
            {permissionName}, which your Backstage user does not have
            {permission.error ? ` (${permission.error.message})` : ''}. Ask the platform team, or open a pull request on
            the specs repository yourself.
          </Alert>
        </Box>
      )}
      <Grid container spacing={4}>
        <Grid item xs={12} md={6}>
          <form
            aria-label={title}
            noValidate
            onSubmit={e => {
              e.preventDefault();
              submit();
            }}
          >
            <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
              <TextField
                select
                variant="outlined"
                size="small"
                label="Cluster"
                value={state.cluster}
                disabled={disabled || target !== undefined}
                error={hasError(visible('cluster'))}
                helperText={
                  messages(visible('cluster')) ||
                  (cluster ? `${cluster.region}${cluster.vpcId ? ` · ${cluster.vpcId}` : ''}` : undefined)
                }
                onChange={e => {
                  const next = clusters.find(c => c.name === e.target.value);
                  change('cluster', { cluster: e.target.value, subnets: privateSubnetsOf(next) });
                }}
              >
                {clusters.map(c => (
                  <MenuItem key={c.name} value={c.name}>
                    {c.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                variant="outlined"
                size="small"
                label="Name"
                value={state.name}
                disabled={disabled || target !== undefined}
                error={hasError(visible('name'))}
                helperText={
                  messages(visible('name')) ||
                  "The spec's name: lowercase letters, digits and '-'. EKS gets <name>-<hash>."
                }
                inputProps={{ 'aria-label': 'Name' }}
                onChange={e => change('name', { name: e.target.value })}
              />
            </Box>

            <Section
              title="Selectors"
              help="Pods in a matching namespace, with all the labels of a selector, run on this profile."
            >
              {state.selectors.map((selector, i) => {
                const section = `selectors[${i}]`;
                const namespaceIssues = visible(`${section}.namespace`, section);
                const labelIssues = visible(`${section}.labels`, section);
                return (
                  <Box
                    key={i}
                    mb={2}
                    p={1.5}
                    border={1}
                    borderColor="divider"
                    borderRadius={4}
                    data-testid={`selector-${i}`}
                  >
                    <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
                      <TextField
                        variant="outlined"
                        size="small"
                        label={`Selector ${i + 1} namespace`}
                        value={selector.namespace}
                        disabled={disabled}
                        error={hasError(namespaceIssues)}
                        helperText={messages(namespaceIssues) || 'Wildcards * and ? are allowed.'}
                        inputProps={{ 'aria-label': `Selector ${i + 1} namespace` }}
                        onChange={e => setSelector(i, { namespace: e.target.value })}
                      />
                      <IconButton
                        aria-label={`Remove selector ${i + 1}`}
                        disabled={disabled || state.selectors.length === 1}
                        onClick={() => change(section, { selectors: state.selectors.filter((_, j) => j !== i) })}
                      >
                        <DeleteIcon />
                      </IconButton>
                    </Box>
                    <Box mt={1}>
                      <KeyValueRows
                        itemName="label"
                        ariaPrefix={`Selector ${i + 1} label`}
                        rows={selector.labels}
                        disabled={disabled}
                        max={eksLimits.labelsPerSelector}
                        limitReason={`EKS allows at most ${eksLimits.labelsPerSelector} labels per selector.`}
                        onChange={labels => setSelector(i, { labels })}
                        errorsFor={(_, j) =>
                          (visible(`${section}.labels[${j}]`, section) ?? []).map(issue => issue.message)
                        }
                      />
                      {labelIssues && (
                        <FormHelperText error={hasError(labelIssues)}>{messages(labelIssues)}</FormHelperText>
                      )}
                    </Box>
                  </Box>
                );
              })}
              <LimitedAddButton
                label="Add selector"
                disabled={disabled}
                atLimit={state.selectors.length >= eksLimits.selectorsPerProfile}
                reason={`EKS allows at most ${eksLimits.selectorsPerProfile} selectors per profile.`}
                onClick={() =>
                  change(`selectors[${state.selectors.length}]`, {
                    selectors: [...state.selectors, { namespace: '', labels: [] }],
                  })
                }
              />
              {visible('selectors') && <FormHelperText error>{messages(visible('selectors'))}</FormHelperText>}
            </Section>

            <Section title="Subnets" help="Fargate pods run only in private subnets of the cluster's VPC.">
              <FormControl component="fieldset" error={hasError(visible('subnets'))} disabled={disabled}>
                <FormGroup>
                  {(cluster?.subnets ?? []).map(subnet => (
                    <FormControlLabel
                      key={subnet.id}
                      disabled={disabled || !subnet.private}
                      control={
                        <Checkbox
                          checked={state.subnets.includes(subnet.id)}
                          onChange={e =>
                            change('subnets', {
                              subnets: e.target.checked
                                ? [...state.subnets, subnet.id]
                                : state.subnets.filter(s => s !== subnet.id),
                            })
                          }
                        />
                      }
                      label={`${subnet.id}${subnet.availabilityZone ? ` (${subnet.availabilityZone})` : ''}${subnet.private ? '' : ' · public, not allowed'}`}
                    />
                  ))}
                </FormGroup>
                {cluster && cluster.subnets.length === 0 && (
                  <FormHelperText>The backend knows no subnets of this cluster.</FormHelperText>
                )}
                {visible('subnets') && <FormHelperText>{messages(visible('subnets'))}</FormHelperText>}
              </FormControl>
            </Section>

            <Section title="Pod execution role">
              <FormControl component="fieldset" disabled={disabled}>
                <FormLabel component="legend" style={{ display: 'none' }}>
                  Pod execution role
                </FormLabel>
                <RadioGroup
                  value={state.roleMode}
                  onChange={e => change('role', { roleMode: e.target.value as RequestFormState['roleMode'] })}
                >
                  <FormControlLabel
                    value="default"
                    control={<Radio />}
                    label="Default: fargatekeeper creates a role for this profile"
                  />
                  <FormControlLabel value="arn" control={<Radio />} label="An existing role" />
                </RadioGroup>
              </FormControl>
              {state.roleMode === 'arn' && (
                <TextField
                  fullWidth
                  variant="outlined"
                  size="small"
                  label="Role ARN"
                  placeholder="arn:aws:iam::123456789012:role/my-fargate-pods"
                  value={state.roleArn}
                  disabled={disabled}
                  error={hasError(visible('podExecutionRoleArn', 'role'))}
                  helperText={messages(visible('podExecutionRoleArn', 'role')) || undefined}
                  inputProps={{ 'aria-label': 'Role ARN' }}
                  onChange={e => change('role', { roleArn: e.target.value })}
                />
              )}
            </Section>

            <Section title="Tags">
              <KeyValueRows
                itemName="tag"
                ariaPrefix="Tag"
                rows={state.tags}
                disabled={disabled}
                max={tagLimit}
                limitReason={`EKS allows ${eksLimits.tagsPerResource} tags and fargatekeeper adds ${managedTagKeys.length}.`}
                onChange={tags => change('tags', { tags })}
                errorsFor={(_, j) => (visible(`tags[${j}]`, 'tags') ?? []).map(issue => issue.message)}
              />
              {visible('tags') && (
                <FormHelperText error={hasError(visible('tags'))}>{messages(visible('tags'))}</FormHelperText>
              )}
            </Section>

            <Section title="Reason">
              <TextField
                fullWidth
                multiline
                minRows={2}
                variant="outlined"
                label="Why is this profile needed?"
                value={state.reason}
                disabled={disabled}
                error={hasError(visible('reason'))}
                helperText={messages(visible('reason')) || 'Goes into the pull request for the reviewers.'}
                inputProps={{ 'aria-label': 'Reason' }}
                onChange={e => change('reason', { reason: e.target.value })}
              />
            </Section>

            {generalIssues.length > 0 && (
              <Box mt={2}>
                <Alert severity={generalIssues.some(i => i.severity === 'error') ? 'error' : 'warning'}>
                  {generalIssues.map((issue, i) => (
                    <div key={i}>{issue.message}</div>
                  ))}
                </Alert>
              </Box>
            )}
            {!target && cluster && (
              <JoinSuggestions cluster={cluster} suggestions={joinSuggestions} reason={state.reason} />
            )}
            {submitError?.key === requestKey && (
              <Box mt={2}>
                <ResponseErrorPanel error={submitError.error} title="The request was not accepted" />
              </Box>
            )}
            {submitted && <SubmittedRequest response={submitted} />}
            <Box mt={3}>
              <Button
                type="submit"
                variant="contained"
                color="primary"
                disabled={disabled || (showAll && issues.hasErrors)}
              >
                {submitting ? 'Opening the pull request…' : target ? 'Request change' : 'Request profile'}
              </Button>
            </Box>
          </form>
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle1">
            <strong>Plan preview</strong>
          </Typography>
          <Divider />
          <Box mt={1}>
            <PlanPreview
              preview={currentPreview?.response ?? preview?.response}
              error={currentPreview?.error}
              loading={previewLoading || (!planBlocked && !currentPreview)}
              blocked={planBlocked}
              {...(unchanged
                ? { blockedMessage: 'The plan preview appears once a field differs from the spec in Git.' }
                : {})}
            />
          </Box>
        </Grid>
      </Grid>
    </InfoCard>
  );
}
