// The JSON Schema of the plan JSON (`formatVersion: 2`), generated from the `Plan` type itself, so the
// schema cannot drift from what `renderJson` writes. `npm run schema` writes it; a test checks it.
import path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

export const PLAN_SCHEMA_ID = 'https://fargatekeeper.dev/schema/plan.schema.json';

/** `root`: the repository's folder (the schema is generated from its sources). */
export function planJsonSchema(root: string): Record<string, unknown> {
  const generator = createGenerator({
    path: path.join(root, 'packages/core/src/plan/types.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    type: 'Plan',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: false,
    sortProps: true,
    skipTypeCheck: true,
  });
  const schema = generator.createSchema('Plan') as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: PLAN_SCHEMA_ID,
    title: 'fargatekeeper plan (formatVersion 2)',
    ...withoutKey(schema, '$schema'),
  };
}

export const renderPlanJsonSchema = (root: string): string => `${JSON.stringify(planJsonSchema(root), null, 2)}\n`;

function withoutKey(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = object;
  return rest;
}
