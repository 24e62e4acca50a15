// `npm run schema`: writes the plan's JSON Schema beside the spec schema.
import { writeFileSync } from 'node:fs';
import { renderPlanJsonSchema } from './planSchema';

const target = process.argv[2] ?? 'schema/plan.schema.json';
// Run from the repository's folder (npm run schema).
writeFileSync(target, renderPlanJsonSchema(process.cwd()));
process.stdout.write(`wrote ${target}\n`);
