import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { renderSpecJsonSchema, specJsonSchema } from './jsonSchema';

const committed = path.join(__dirname, '../../../../schema/fargatekeeper.schema.json');

describe('JSON Schema of the spec formats', () => {
  it('is committed exactly as generated (run `npm run schema` after changing spec/schema)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(renderSpecJsonSchema());
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(specJsonSchema());
  const accepts = (yaml: string) => validate(parse(yaml));

  it('is valid draft 2020-12 and accepts each format', () => {
    expect(
      accepts(`apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata: { name: payments }
spec:
  cluster: prod-eu
  subnets: [subnet-1a2b3c4d]
  selectors: [{ namespace: payments, labels: { compute: fargate } }]
  tags: { team: payments, empty: "" }
`),
    ).toBe(true);
    expect(
      accepts(`apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata: { name: batch, namespace: instance-manager }
spec:
  provisioner: eks-fargate
  strategy: { type: managed }
  eks-fargate:
    clusterName: prod-eu
    selectors: [{ namespace: batch }]
    tags: [{ team: data }, { cost-center: "42" }]
`),
    ).toBe(true);
    expect(
      accepts(`apiVersion: jicomusic.com/v1
kind: FargateProfile
metadata: { name: new-profile-7 }
spec:
  subnets: [subnet-075aa287882d71709]
  selectors: [{ namespace: default }]
`),
    ).toBe(true);
  });

  it('rejects what the parser rejects: unknown fields, wrong types, empty values, missing fields, 6 selectors', () => {
    const base = 'apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata: { name: p }\nspec:\n  cluster: c\n';
    expect(accepts(`${base}  subnets: [subnet-1]\n  selectors: [{ namspace: p }]\n`)).toBe(false);
    expect(accepts(`${base}  subnets: subnet-1\n  selectors: [{ namespace: p }]\n`)).toBe(false);
    expect(accepts(`${base}  subnets: []\n  selectors: [{ namespace: p }]\n`)).toBe(false);
    expect(accepts(`${base}  subnets: [subnet-1]\n  selectors: [{ namespace: "" }]\n`)).toBe(false);
    expect(accepts(`${base}  selectors: [{ namespace: p }]\n`)).toBe(false);
    expect(
      accepts(
        `${base}  subnets: [subnet-1]\n  selectors: [{ namespace: a }, { namespace: b }, { namespace: c }, { namespace: d }, { namespace: e }, { namespace: f }]\n`,
      ),
    ).toBe(false);
    expect(accepts(`${base}  subnets: [subnet-1]\n  selectors: [{ namespace: p }]\n`)).toBe(true);
  });
});
