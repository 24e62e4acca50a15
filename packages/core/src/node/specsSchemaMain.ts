// `npm run schema`: writes the JSON Schema of the spec formats, generated from the parser's schema.
import { writeFileSync } from 'node:fs';
import { renderSpecJsonSchema } from '../spec/jsonSchema';

const target = process.argv[2] ?? 'schema/fargatekeeper.schema.json';
writeFileSync(target, renderSpecJsonSchema());
process.stdout.write(`wrote ${target}\n`);
