import { editSpecDocument, isEditableSpecFormat, removeSpecDocument, type SpecFieldsEdit } from './edit';
import { parseSpecFiles } from './parse';

const native = `# Payments team profiles (owned by @payments)
apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: payments-jobs # batch jobs
spec:
  cluster: prod-eu
  podExecutionRoleArn: arn:aws:iam::123456789012:role/pods
  subnets: [subnet-0a11aa11, subnet-0b22bb22]
  selectors:
    - namespace: payments
      labels: { compute: fargate }
    # the API too
    - namespace: payments-api
  tags:
    team: payments # cost allocation
    tier: gold
---
# checkout stays as it is
apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: checkout
spec:
  cluster:   prod-eu
  subnets: [ subnet-0a11aa11 ]
  selectors:
    - namespace: checkout
`;

const instanceGroup = `apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata:
  name: batch-jobs
  namespace: instance-manager
spec:
  provisioner: eks-fargate
  eks-fargate:
    clusterName: prod-eu
    subnets:
    - subnet-1a2b3c4d
    selectors:
    - namespace: batch-*
    tags:
    - team: data
    - cost-center: "42"
`;

const specsOf = (content: string, path = 'fargate/payments.yaml') => parseSpecFiles([{ path, content }]);

const editOf = (name: string, content: string): SpecFieldsEdit => {
  const spec = specsOf(content).specs.find(s => s.name === name)!;
  return {
    selectors: spec.selectors,
    subnets: spec.subnets,
    tags: spec.tags,
    ...(spec.podExecutionRoleArn ? { podExecutionRoleArn: spec.podExecutionRoleArn } : {}),
  };
};

describe('editSpecDocument', () => {
  it('changes nothing when every field keeps its value', () => {
    expect(editSpecDocument(native, { document: 0, format: 'native' }, editOf('payments-jobs', native))).toBe(native);
  });

  it('sets the changed fields, keeps comments, styles and the other documents byte for byte', () => {
    const before = editOf('payments-jobs', native);
    const edited = editSpecDocument(
      native,
      { document: 0, format: 'native' },
      {
        ...before,
        subnets: ['subnet-0a11aa11', 'subnet-0c33cc33'],
        selectors: [before.selectors[0]!, { namespace: 'payments-web', labels: { app: 'web' } }],
        tags: { team: 'payments', owner: 'group:default/payments' },
      },
    );
    expect(edited).toContain('# Payments team profiles (owned by @payments)');
    expect(edited).toContain('name: payments-jobs # batch jobs');
    expect(edited).toMatch(/subnets: \[ ?subnet-0a11aa11, subnet-0c33cc33 ?\]/);
    expect(edited).toContain('labels: { compute: fargate }');
    expect(edited).toContain('team: payments # cost allocation');
    expect(edited).not.toContain('tier: gold');
    // The second document, untouched, as it was written (odd spacing included).
    expect(edited.slice(edited.indexOf('---'))).toBe(native.slice(native.indexOf('---')));

    const { specs, diagnostics } = specsOf(edited);
    expect(diagnostics).toEqual([]);
    expect(specs.find(s => s.name === 'payments-jobs')).toMatchObject({
      subnets: ['subnet-0a11aa11', 'subnet-0c33cc33'],
      selectors: [
        { namespace: 'payments', labels: { compute: 'fargate' } },
        { namespace: 'payments-web', labels: { app: 'web' } },
      ],
      tags: { team: 'payments', owner: 'group:default/payments' },
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
    });
    expect(specs.find(s => s.name === 'checkout')).toMatchObject({
      subnets: ['subnet-0a11aa11'],
      selectors: [{ namespace: 'checkout', labels: {} }],
    });
  });

  it('removes the role (the default role then) and the tags when none are left', () => {
    const edited = editSpecDocument(
      native,
      { document: 0, format: 'native' },
      { ...editOf('payments-jobs', native), podExecutionRoleArn: undefined, tags: {} },
    );
    const spec = specsOf(edited).specs.find(s => s.name === 'payments-jobs')!;
    expect(spec.podExecutionRoleArn).toBeUndefined();
    expect(spec.tags).toEqual({});
    expect(edited.split('---')[0]).not.toMatch(/podExecutionRoleArn|tags:/);
  });

  it('edits the second document in place', () => {
    const edited = editSpecDocument(
      native,
      { document: 1, format: 'native' },
      { ...editOf('checkout', native), podExecutionRoleArn: 'arn:aws:iam::123456789012:role/checkout' },
    );
    expect(edited.slice(0, native.indexOf('---'))).toBe(native.slice(0, native.indexOf('---')));
    expect(edited).toContain('# checkout stays as it is');
    expect(specsOf(edited).specs.find(s => s.name === 'checkout')!.podExecutionRoleArn).toBe(
      'arn:aws:iam::123456789012:role/checkout',
    );
  });

  it('writes an InstanceGroup where that format keeps its fields, in its own sequence indentation', () => {
    const edited = editSpecDocument(
      instanceGroup,
      { document: 0, format: 'instance-manager' },
      {
        ...editOf('batch-jobs', instanceGroup),
        subnets: ['subnet-1a2b3c4d', 'subnet-5e6f7a8b'],
        tags: { team: 'data', 'cost-center': '43' },
      },
    );
    expect(edited).toContain('    subnets:\n    - subnet-1a2b3c4d\n    - subnet-5e6f7a8b\n');
    expect(edited).toContain('    - team: data\n    - cost-center: "43"\n');
    expect(specsOf(edited).specs[0]).toMatchObject({
      subnets: ['subnet-1a2b3c4d', 'subnet-5e6f7a8b'],
      tags: { team: 'data', 'cost-center': '43' },
    });
  });

  it('names a document the file does not have', () => {
    expect(() => editSpecDocument(native, { document: 5, format: 'native' }, editOf('checkout', native))).toThrow(
      'the file has no YAML document 6 (it has 2)',
    );
  });
});

describe('removeSpecDocument', () => {
  it('removes the first document with its comments, keeping the second as written', () => {
    const after = removeSpecDocument(native, { document: 0, format: 'native' });
    expect(after).toEqual({ kind: 'update', content: native.slice(native.indexOf('---') + 4) });
    expect(specsOf((after as { content: string }).content).specs.map(s => s.name)).toEqual(['checkout']);
  });

  it('removes the last document, keeping the first as written', () => {
    const after = removeSpecDocument(native, { document: 1, format: 'native' });
    expect(after).toEqual({ kind: 'update', content: native.slice(0, native.indexOf('---')) });
  });

  it('deletes the file when its only spec goes', () => {
    expect(removeSpecDocument(instanceGroup, { document: 0, format: 'instance-manager' })).toEqual({ kind: 'delete' });
  });
});

describe('isEditableSpecFormat', () => {
  it('edits formats of one profile per document, never a document of many', () => {
    expect(['native', 'instance-manager', 'fargate-operator'].every(f => isEditableSpecFormat(f as never))).toBe(true);
    expect(isEditableSpecFormat('eksctl')).toBe(false);
    expect(() => removeSpecDocument('kind: ClusterConfig\n', { document: 0, format: 'eksctl' })).toThrow(
      'cannot be edited in place',
    );
  });
});
