import { InputError } from '@backstage/errors';
import { FORBIDDEN_KEYS, type Diagnostic } from '@fargatekeeper/core';
import type { FieldError } from '@fargatekeeper/backstage-plugin-fargate-common';
import { z } from 'zod';

/**
 * A 400 answer listing every bad field. It stays an `InputError` (Backstage's error middleware maps
 * that name to 400) and its `fields` / `diagnostics` travel in the serialized body.
 */
export class RequestValidationError extends InputError {
  constructor(
    message: string,
    readonly fields: FieldError[],
    readonly diagnostics?: Diagnostic[],
  ) {
    super(message);
  }
}

/** `selectors[0].labels` from zod's `['selectors', 0, 'labels']`. */
export function fieldPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

/** Every problem zod found, one per field (unknown keys each get their own entry). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap(issue => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => ({ path: fieldPath([...issue.path, key]), message: 'unknown field' }));
    }
    return [{ path: fieldPath(issue.path) || '(body)', message: issue.message }];
  });
}

/**
 * Keys a spec may not have either (`__proto__`, `constructor`, `prototype`), anywhere in the body.
 * JSON.parse keeps `__proto__` as an own property and zod's records silently drop it, so without
 * this a label or tag would vanish from the request unsaid. Walked without recursion: bodies nest
 * as deep as their size allows.
 */
export function forbiddenKeyErrors(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const children: { value: unknown; path: (string | number)[] }[] = [];
    for (const key of Object.keys(value)) {
      const child = Array.isArray(value) ? Number(key) : key;
      if (typeof child === 'string' && FORBIDDEN_KEYS.includes(child)) {
        errors.push({ path: fieldPath([...path, child]), message: `\`${child}\` is not allowed as a key` });
      } else children.push({ value: (value as Record<string, unknown>)[key], path: [...path, child] });
    }
    stack.push(...children.reverse());
  }
  return errors;
}

/** Parses a request body or throws a 400 that names each bad field. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const forbidden = forbiddenKeyErrors(input);
  const result = schema.safeParse(input);
  if (result.success && forbidden.length === 0) return result.data;
  // A forbidden key at the top of a strict object is an unknown field too: say it once.
  const named = new Set(forbidden.map(f => f.path));
  const fields = [...forbidden, ...(result.success ? [] : fieldErrors(result.error).filter(f => !named.has(f.path)))];
  const list = fields.map(f => `${f.path}: ${f.message}`).join('; ');
  throw new RequestValidationError(`invalid request: ${list}`, fields);
}

// Shapes only: the EKS rules themselves (limits, wildcards, name syntax) are core's, applied after.
const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const stringMap = z.record(
  z.string().max(1024, 'at most 1024 characters'),
  z.string().max(1024, 'at most 1024 characters'),
);

const selector = z
  .object({
    namespace: z.string().max(1024, 'at most 1024 characters'),
    labels: stringMap.default({}),
  })
  .strict();

export const profileRequestSpecShape = {
  cluster: text(100),
  name: text(100),
  selectors: z.array(selector).min(1, 'at least one selector').max(20, 'at most 20 selectors'),
  subnets: z.array(z.string().max(255, 'at most 255 characters')).max(50, 'at most 50 subnets'),
  podExecutionRoleArn: z.string().trim().max(2048, 'at most 2048 characters').optional(),
  tags: stringMap.optional(),
};

const reason = text(2000);
const kindOf = <K extends string>(kind: K) => z.literal(kind);
const createShape = { kind: kindOf('create'), ...profileRequestSpecShape };
const changeShape = { kind: kindOf('change'), ...profileRequestSpecShape };
const deleteShape = { kind: kindOf('delete'), cluster: text(100), name: text(100) };

/** A body without `kind` is a create, as before there were changes and deletes. */
const createByDefault = (input: unknown) =>
  input !== null && typeof input === 'object' && !Array.isArray(input) && !('kind' in input)
    ? { ...input, kind: 'create' }
    : input;

export const planPreviewRequestSchema = z.preprocess(
  createByDefault,
  z.discriminatedUnion('kind', [
    z.object(createShape).strict(),
    z.object(changeShape).strict(),
    z.object(deleteShape).strict(),
  ]),
);

export const profileRequestSchema = z.preprocess(
  createByDefault,
  z.discriminatedUnion('kind', [
    z.object({ ...createShape, reason }).strict(),
    z.object({ ...changeShape, reason }).strict(),
    z.object({ ...deleteShape, reason }).strict(),
  ]),
);

export const explainRequestSchema = z
  .object({
    cluster: text(100),
    namespace: text(253),
    labels: stringMap.optional(),
  })
  .strict();
