import { createTemplateAction, type TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  FargateApiError,
  requestFieldOf,
  type FargateClientService,
  type FieldError,
  type PlanPreviewResponse,
  type ProfileRequest,
} from '@fargatekeeper/backstage-plugin-fargate-node';

/** The action's id, as templates name it in `steps[].action`. */
export const FARGATE_PROFILE_REQUEST_ACTION_ID = 'fargate:profile:request';

const example = `steps:
  - id: request
    name: Request a Fargate profile
    action: fargate:profile:request
    input:
      cluster: prod-eu
      name: payments-jobs
      selectors:
        - namespace: payments
          labels: { compute: fargate }
      subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
      tags: { owner: group:default/payments }
      reason: Batch jobs of the payments team`;

/**
 * `fargate:profile:request`: the portal's request form as a template step. It asks the fargate backend,
 * as the user who runs the template (their permissions and rate limit apply, the pull request names
 * them), to open the pull request of a new, changed or removed profile spec; a dry run previews the
 * plan and opens nothing. An identical request with an open pull request gets that pull request.
 */
export function createFargateProfileRequestAction({
  fargate,
}: {
  fargate: FargateClientService;
}): TemplateAction<FargateProfileRequestInput, FargateProfileRequestOutput, 'v2'> {
  return createTemplateAction({
    id: FARGATE_PROFILE_REQUEST_ACTION_ID,
    description:
      'Requests a Fargate profile (new, changed or removed) as a pull request on the specs repository, with its plan.',
    examples: [{ description: 'Request a new Fargate profile', example }],
    supportsDryRun: true,
    schema: {
      input: {
        kind: z =>
          z
            .enum(['create', 'change', 'delete'])
            .optional()
            .describe(
              'create (the default): a new spec; change: new values for the spec of that name; delete: remove its spec',
            ),
        cluster: z =>
          z.string().describe('EKS cluster, as the fargate backend knows it (app-config or a Cluster document)'),
        name: z => z.string().describe("The spec's metadata.name: lowercase letters, digits and '-'"),
        selectors: z =>
          z
            .array(
              z.object({
                namespace: z.string().describe('Kubernetes namespace; EKS wildcards * and ? allowed'),
                labels: z.record(z.string()).optional().describe('Pod labels the selector requires'),
              }),
            )
            .optional()
            .describe('Up to 5 selectors (create and change)'),
        subnets: z =>
          z.array(z.string()).optional().describe("Private subnets of the cluster's VPC (create and change)"),
        podExecutionRoleArn: z =>
          z.string().optional().describe('Pod execution role; leave out for a default role fargatekeeper creates'),
        tags: z =>
          z
            .record(z.string())
            .optional()
            .describe('Tags of the profile (the owner tag names its owner in the catalog)'),
        reason: z => z.string().describe('Why, for the reviewers of the pull request'),
      },
      output: {
        pullRequestUrl: z => z.string().optional().describe('The pull request (none in a dry run)'),
        pullRequestNumber: z => z.number().optional().describe('Its number'),
        deduplicated: z =>
          z.boolean().optional().describe('It is the open pull request of an identical earlier request'),
        planMarkdown: z => z.string().describe('The plan, as the pull request shows it'),
        file: z => z.string().describe('The spec file in the specs repository'),
        fileAction: z => z.enum(['create', 'update', 'delete']).describe('What the pull request does to it'),
      },
    },
    async handler(ctx) {
      const request = profileRequestOf(ctx.input);
      const options = {
        credentials: await ctx.getInitiatorCredentials(),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      };

      if (ctx.isDryRun) {
        const { reason: _reason, ...proposal } = request;
        const preview = await withFieldErrors(() => fargate.previewPlan(proposal, options));
        ctx.logger.info(
          `Dry run: the ${request.kind} request of ${request.name} on ${request.cluster} would open a pull request with this plan:\n${preview.markdown}`,
        );
        const invalid = invalidFields(preview);
        if (invalid.length > 0) throw invalidInput(invalid);
        ctx.output('planMarkdown', preview.markdown);
        ctx.output('file', preview.file);
        ctx.output('fileAction', preview.fileAction);
        return;
      }

      const response = await withFieldErrors(() => fargate.submitRequest(request, options));
      const { url, number } = response.pullRequest;
      ctx.logger.info(response.deduplicated ? `An identical request is open already: ${url}` : `Opened ${url}`);
      ctx.output('pullRequestUrl', url);
      ctx.output('pullRequestNumber', number);
      ctx.output('deduplicated', response.deduplicated);
      ctx.output('planMarkdown', response.planMarkdown);
      ctx.output('file', response.file);
      ctx.output('fileAction', response.fileAction);
    },
  });
}

/**
 * The action's input as it arrives (the scaffolder checks it against the schema; direct callers may not).
 * Written out, like the output, so that the public type is the same in every build (an inferred union's
 * member order is not).
 */
export type FargateProfileRequestInput = {
  kind?: 'create' | 'change' | 'delete';
  cluster: string;
  name: string;
  selectors?: { namespace: string; labels?: Record<string, string> }[];
  subnets?: string[];
  podExecutionRoleArn?: string;
  tags?: Record<string, string>;
  reason: string;
};

/** What the action outputs; a dry run outputs only the plan and the file. */
export type FargateProfileRequestOutput = {
  pullRequestUrl?: string;
  pullRequestNumber?: number;
  deduplicated?: boolean;
  planMarkdown: string;
  file: string;
  fileAction: 'create' | 'update' | 'delete';
};

/**
 * The `POST /requests` body of the input. A create or change needs selectors; a delete takes only the
 * cluster, the name and the reason. An empty role (a template's blank field) means the default role.
 */
export function profileRequestOf(input: FargateProfileRequestInput): ProfileRequest {
  const kind = input.kind ?? 'create';
  const base = { cluster: input.cluster, name: input.name, reason: input.reason };
  if (kind === 'delete') {
    const given = (['selectors', 'subnets', 'podExecutionRoleArn', 'tags'] as const).filter(
      field => input[field] !== undefined,
    );
    if (given.length > 0)
      throw invalidInput(
        given.map(path => ({ path, message: 'a delete request takes only cluster, name and reason' })),
      );
    return { kind, ...base };
  }
  if (!input.selectors) throw invalidInput([{ path: 'selectors', message: `required for a ${kind} request` }]);
  const role = input.podExecutionRoleArn?.trim();
  return {
    kind,
    ...base,
    selectors: input.selectors.map(s => ({ namespace: s.namespace, labels: s.labels ?? {} })),
    subnets: input.subnets ?? [],
    ...(role ? { podExecutionRoleArn: role } : {}),
    ...(input.tags ? { tags: input.tags } : {}),
  };
}

/** A call whose 400 names the bad fields (the request's shape, or core's rules) is an input error naming them. */
async function withFieldErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof FargateApiError && error.fields.length > 0) throw invalidInput(error.fields);
    throw error;
  }
}

/** Core's errors about the proposal in a plan preview, at the input fields they are about. */
function invalidFields(preview: PlanPreviewResponse): FieldError[] {
  return preview.diagnostics
    .filter(d => d.severity === 'error')
    .map(d => ({ path: requestFieldOf(d) ?? '(spec)', message: d.message }));
}

function invalidInput(fields: FieldError[]): Error {
  const error = new Error(
    `Invalid input to ${FARGATE_PROFILE_REQUEST_ACTION_ID}: ${fields.map(f => `${f.path}: ${f.message}`).join('; ')}`,
  );
  // Backstage's name for bad input (a 400 wherever it is answered).
  error.name = 'InputError';
  return error;
}
