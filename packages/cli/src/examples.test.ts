import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './testing/runCli';

// The examples are what users copy: they must satisfy the JSON Schema editors complete them with,
// and every file that names the schema must point at it correctly.
const specsDir = join(repoRoot, 'examples/specs');
const schemaFile = join(repoRoot, 'schema/fargatekeeper.schema.json');

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('examples/specs', () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(schemaFile, 'utf8')),
  );
  const files = yamlFiles(specsDir);

  it('has the three formats', () => {
    const apiVersions = new Set(
      files.flatMap(f =>
        parseAllDocuments(readFileSync(f, 'utf8')).map(d => (d.toJS() as { apiVersion: string }).apiVersion),
      ),
    );
    expect([...apiVersions].sort()).toEqual([
      'fargatekeeper.dev/v1',
      'instancemgr.keikoproj.io/v1alpha1',
      'jicomusic.com/v1',
    ]);
  });

  it.each(files.map(f => [relative(repoRoot, f), f]))('%s satisfies the JSON Schema', (_name, file) => {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const value = doc.toJS() as { spec?: { provisioner?: string } };
      // instance-manager node groups (another provisioner) are skipped by the parser and outside the schema.
      if (value.spec?.provisioner !== undefined && value.spec.provisioner !== 'eks-fargate') continue;
      expect({ file, errors: validate(value) ? [] : validate.errors }).toEqual({ file, errors: [] });
    }
  });

  it.each(files.map(f => [relative(repoRoot, f), f]))(
    '%s names the schema by a path that exists, if at all',
    (_name, file) => {
      const modelines = readFileSync(file, 'utf8').matchAll(/^# yaml-language-server: \$schema=(\S+)/gm);
      const named = [...modelines].map(modeline => join(file, '..', modeline[1]!));
      expect(named).toEqual(named.map(() => schemaFile));
    },
  );
});
