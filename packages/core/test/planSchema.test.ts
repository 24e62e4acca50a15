import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { plan, renderJson, type Plan } from '../src';
import { loadSimulatedAccount, loadSpecs } from '../src/node';
import { planJsonSchema, renderPlanJsonSchema } from './planSchema';

const root = path.join(__dirname, '../../..');
const schema = planJsonSchema(root);
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('JSON Schema of the plan (formatVersion 2)', () => {
  it('is committed exactly as generated from the Plan type (run `npm run schema` after changing plan/types.ts)', () => {
    expect(readFileSync(path.join(root, 'schema/plan.schema.json'), 'utf8')).toBe(renderPlanJsonSchema(root));
  });

  let example: Plan;
  beforeAll(async () => {
    // The demo: the example specs against the example simulated account (creates, replaces, deletes, no-ops, unmanaged).
    const parsed = await loadSpecs(path.join(root, 'examples/specs'), { defaultCluster: 'staging' });
    const account = await loadSimulatedAccount(path.join(root, 'examples/sim-account.json'));
    example = await plan(parsed, account, {
      defaultRegion: account.region,
      clusters: [{ region: account.region, name: 'staging' }],
    });
  });

  it('accepts the plan JSON that renderJson writes', () => {
    const kinds = new Set(example.clusters.flatMap(c => c.operations.map(o => o.op)));
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    const json: unknown = JSON.parse(renderJson(example));
    expect(validate(json) ? [] : validate.errors).toEqual([]);
  });

  it('rejects what is not a plan of this format: another version, an unknown operation, a missing reason', () => {
    const json = () =>
      JSON.parse(renderJson(example)) as {
        formatVersion: number;
        clusters: { operations: Record<string, unknown>[] }[];
      };
    const oldVersion = { ...json(), formatVersion: 1 };
    expect(validate(oldVersion)).toBe(false);
    const unknownOp = json();
    unknownOp.clusters.find(c => c.operations.length > 0)!.operations[0]!.op = 'delete';
    expect(validate(unknownOp)).toBe(false);
    const noReason = json();
    delete noReason.clusters.find(c => c.operations.length > 0)!.operations[0]!.reason;
    expect(validate(noReason)).toBe(false);
  });
});
