import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSpecFiles } from '../parse';
import type { FailedSpec, ProfileSpec } from '../types';

const ROLE = 'arn:aws:iam::123456789012:role/fargate-pods';
const examples = path.join(__dirname, '../../../../../examples/migration/specs');

const read = (content: string, file = 'stacks/batch.yaml') => parseSpecFiles([{ path: file, content }]);
const model = ({ source: _source, ...rest }: ProfileSpec) => rest;
const errorsOf = (f: FailedSpec) =>
  f.diagnostics
    .filter(d => d.severity === 'error')
    .map(d => [d.code, d.message, d.path, d.source?.line, d.source?.column]);

// A hand-written template in the short forms, with parameters, a mapping and a cluster the stack makes.
const shortForms = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Environment: { Type: String, Default: prod }
  PrivateSubnets:
    Type: CommaDelimitedList
    Default: subnet-0a11, subnet-0b22
  RoleArn: { Type: String, Default: ${ROLE} }
Mappings:
  Owners:
    prod: { team: data }
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: !Sub 'fleet-\${Environment}'
      RoleArn: !GetAtt ClusterRole.Arn
  BatchProfile:
    Type: AWS::EKS::FargateProfile
    DependsOn: Cluster
    Properties:
      ClusterName: !Ref Cluster
      FargateProfileName: !Join ['-', [batch, !Ref Environment]]
      PodExecutionRoleArn: !Ref RoleArn
      Subnets: !Ref PrivateSubnets
      Selectors:
        - Namespace: !Sub 'batch-\${Environment}'
          Labels:
            - { Key: workload, Value: batch }
            - { Key: tier, Value: !Select [1, !Split [',', 'a,jobs']] }
      Tags:
        - Key: team
          Value: !FindInMap [Owners, !Ref Environment, team]
        - Key: stack
          Value: !Sub '\${!Literal}-\${Environment}'
`;

const expected = {
  name: 'batch-prod',
  cluster: 'fleet-prod',
  podExecutionRoleArn: ROLE,
  subnets: ['subnet-0a11', 'subnet-0b22'],
  selectors: [{ namespace: 'batch-prod', labels: { workload: 'batch', tier: 'jobs' } }],
  tags: { team: 'data', stack: '${Literal}-prod' },
  adopt: 'batch-prod',
};

// The same template in JSON, with the long forms.
const longForms = JSON.stringify(
  {
    Parameters: {
      Environment: { Type: 'String', Default: 'prod' },
      PrivateSubnets: { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-0a11,subnet-0b22' },
    },
    Mappings: { Owners: { prod: { team: 'data' } } },
    Resources: {
      Cluster: { Type: 'AWS::EKS::Cluster', Properties: { Name: { 'Fn::Sub': 'fleet-${Environment}' } } },
      BatchProfile: {
        Type: 'AWS::EKS::FargateProfile',
        Properties: {
          ClusterName: { Ref: 'Cluster' },
          FargateProfileName: { 'Fn::Join': ['-', ['batch', { Ref: 'Environment' }]] },
          PodExecutionRoleArn: ROLE,
          Subnets: { Ref: 'PrivateSubnets' },
          Selectors: [
            {
              Namespace: { 'Fn::Sub': ['batch-${Env}', { Env: { Ref: 'Environment' } }] },
              Labels: [
                { Key: 'workload', Value: 'batch' },
                { Key: 'tier', Value: { 'Fn::Select': ['1', { 'Fn::Split': [',', 'a,jobs'] }] } },
              ],
            },
          ],
          Tags: [
            { Key: 'team', Value: { 'Fn::FindInMap': ['Owners', { Ref: 'Environment' }, 'team'] } },
            { Key: 'stack', Value: { 'Fn::Sub': '${!Literal}-${Environment}' } },
            { Ref: 'AWS::NoValue' },
          ],
        },
      },
    },
  },
  null,
  2,
);

describe('CloudFormation templates', () => {
  it('resolves the short forms from literals, parameter defaults, mappings and the cluster the stack names; no YAML warning', () => {
    const { specs, diagnostics } = read(shortForms);
    expect(diagnostics).toEqual([]);
    expect(specs.map(model)).toEqual([expected]);
    const fields = specs[0]!.source.fields;
    expect([specs[0]!.source.format, specs[0]!.source.line]).toEqual(['cloudformation', 18]);
    // A resolved value stands where the function that gave it is written (its argument).
    expect(fields['selectors[0].namespace']).toEqual({
      file: 'stacks/batch.yaml',
      line: 26,
      column: 27,
      path: 'Resources.BatchProfile.Properties.Selectors[0].Namespace',
    });
    expect(fields['subnets[1]']).toMatchObject({
      line: 24,
      column: 21,
      path: 'Resources.BatchProfile.Properties.Subnets[1]',
    });
    // `Key`/`Value` items are the entries of their keys.
    expect(fields['selectors[0].labels.tier']).toMatchObject({
      line: 29,
      path: 'Resources.BatchProfile.Properties.Selectors[0].Labels[1].Value',
    });
    expect(fields['selectors[0].labels.tier#key']).toMatchObject({
      line: 29,
      path: 'Resources.BatchProfile.Properties.Selectors[0].Labels[1].Key',
    });
    expect(fields['tags.team']).toMatchObject({ line: 32, path: 'Resources.BatchProfile.Properties.Tags[0].Value' });
    expect(fields.adopt).toMatchObject({ line: 22, path: 'Resources.BatchProfile.Properties.FargateProfileName' });
  });

  it('reads the same template in JSON with the long forms (`Ref: AWS::NoValue` leaves an entry out)', () => {
    const { specs, diagnostics } = read(longForms, 'stacks/batch.template.json');
    expect(diagnostics).toEqual([]);
    expect(specs.map(model)).toEqual([expected]);
    expect(specs[0]!.source.fields.cluster).toMatchObject({
      file: 'stacks/batch.template.json',
      line: 31,
      column: 24,
      path: 'Resources.BatchProfile.Properties.ClusterName',
    });
  });

  it('reads a CDK-synthesised template (cdk.out): the profile, past CDK metadata, bootstrap parameter and rules', () => {
    const file = path.join(examples, 'cdk/FleetStack.template.json');
    const { specs, diagnostics } = read(readFileSync(file, 'utf8'), 'cdk.out/FleetStack.template.json');
    expect(diagnostics).toEqual([]);
    expect(specs.map(model)).toEqual([
      {
        name: 'web-frontend',
        cluster: 'fleet-eu',
        podExecutionRoleArn: ROLE,
        subnets: ['subnet-0a11', 'subnet-0b22', 'subnet-0c33'],
        selectors: [{ namespace: 'web', labels: { tier: 'frontend' } }],
        tags: { 'cost-center': '2040', team: 'web' },
        adopt: 'web-frontend',
      },
    ]);
  });

  it("reads CDK's aws-eks FargateProfile, a custom resource whose Config is EKS's input, naming the cluster CDK makes", () => {
    const template = JSON.stringify({
      Resources: {
        Cluster9EE0221C: {
          Type: 'Custom::AWSCDK-EKS-Cluster',
          Properties: { ServiceToken: { 'Fn::GetAtt': ['Provider', 'Arn'] }, Config: { name: 'fleet-eu' } },
        },
        ClusterfargateprofileBatch1A2B3C4D: {
          Type: 'Custom::AWSCDK-EKS-FargateProfile',
          Properties: {
            ServiceToken: { 'Fn::GetAtt': ['awscdkawseksClusterResourceProviderNestedStack', 'Outputs.Arn'] },
            AssumeRoleArn: { 'Fn::GetAtt': ['ClusterCreationRole360249B6', 'Arn'] },
            Config: {
              clusterName: { Ref: 'Cluster9EE0221C' },
              fargateProfileName: 'batch',
              podExecutionRoleArn: ROLE,
              selectors: [{ namespace: 'batch', labels: { workload: 'batch' } }],
              subnets: ['subnet-0a11'],
              tags: { team: 'data' },
            },
          },
        },
      },
    });
    const { specs, diagnostics } = read(template, 'cdk.out/Fleet.template.json');
    expect(diagnostics).toEqual([]);
    expect(specs.map(s => [s.name, s.cluster, s.selectors, s.tags, s.adopt])).toEqual([
      ['batch', 'fleet-eu', [{ namespace: 'batch', labels: { workload: 'batch' } }], { team: 'data' }, 'batch'],
    ]);
    expect(specs[0]!.source.fields['selectors[0].labels.workload']).toMatchObject({
      path: 'Resources.ClusterfargateprofileBatch1A2B3C4D.Properties.Config.selectors[0].labels.workload',
    });
  });

  it('a value known only at deployment is an error naming the resource and the property, at the function; other profiles are still read', () => {
    const template = `${shortForms}  Other:
    Type: AWS::EKS::FargateProfile
    Properties:
      ClusterName: fleet-prod
      FargateProfileName: other
      PodExecutionRoleArn: !GetAtt PodRole.Arn
      Subnets: [!Ref PublicSubnet]
      Selectors:
        - Namespace: !Sub '\${AWS::Region}-jobs'
          Labels: [{ Key: a, Value: !If [IsProd, x, y] }]
      Tags: [{ Key: stack, Value: !ImportValue shared-tags }]
`;
    const { specs, failed } = read(template);
    expect(specs.map(s => s.name)).toEqual(['batch-prod']);
    expect(failed.map(f => [f.name, f.cluster])).toEqual([['other', 'fleet-prod']]);
    expect(errorsOf(failed[0]!)).toEqual([
      [
        'spec.cfn-unresolvable',
        'resource `Other`, property `PodExecutionRoleArn`: `Fn::GetAtt` gives an attribute known only once the stack is deployed',
        'Resources.Other.Properties.PodExecutionRoleArn',
        40,
        36,
      ],
      [
        'spec.cfn-unresolvable',
        'resource `Other`, property `Subnets[0]`: `Ref` to `PublicSubnet`, which is neither a parameter nor a resource of the template',
        'Resources.Other.Properties.Subnets[0]',
        41,
        22,
      ],
      [
        'spec.cfn-unresolvable',
        'resource `Other`, property `Selectors[0].Namespace`: the pseudo parameter `AWS::Region` is known only when the stack is deployed',
        'Resources.Other.Properties.Selectors[0].Namespace',
        43,
        27,
      ],
      [
        'spec.cfn-unresolvable',
        "resource `Other`, property `Selectors[0].Labels[0].Value`: `Fn::If` depends on the template's conditions, which are decided at deployment",
        'Resources.Other.Properties.Selectors[0].Labels[0].Value',
        44,
        41,
      ],
      [
        'spec.cfn-unresolvable',
        "resource `Other`, property `Tags[0].Value`: `Fn::ImportValue` reads another stack's export, known only once that stack is deployed",
        'Resources.Other.Properties.Tags[0].Value',
        45,
        48,
      ],
    ]);
    expect(failed[0]!.diagnostics[0]!.hint).toMatch(
      /^write the deployed value here \(or in a parameter's `Default`\): fargatekeeper resolves literals, `Ref`s to parameters with a `Default`/,
    );
  });

  it('a parameter without a default, and a cluster the stack names at deployment, are errors too', () => {
    const template = shortForms.replace(
      '  Environment: { Type: String, Default: prod }',
      '  Environment: { Type: String }',
    );
    const { specs, failed } = read(template);
    expect(specs).toEqual([]);
    const messages = errorsOf(failed[0]!).map(e => e[1]);
    expect(messages[0]).toBe(
      'resource `BatchProfile`, property `ClusterName`: the parameter `Environment` has no `Default`: its value is given when the stack is deployed',
    );
    expect(failed[0]!.diagnostics[0]!.hint).toBe(
      'give `Environment` a `Default` equal to the deployed value, or write the value here',
    );
    const unnamed = read(shortForms.replace("      Name: !Sub 'fleet-${Environment}'\n", ''));
    expect(errorsOf(unnamed.failed[0]!).map(e => e[1])).toEqual([
      'resource `BatchProfile`, property `ClusterName`: the cluster `Cluster` has no literal `Name`: CloudFormation names it when the stack is deployed',
    ]);
    expect(unnamed.failed[0]!.name).toBe('batch-prod');
  });

  it('without FargateProfileName (usual in CDK) the name was generated at deployment: an error that says how to name it', () => {
    const { specs, failed } = read(
      shortForms.replace("      FargateProfileName: !Join ['-', [batch, !Ref Environment]]\n", ''),
    );
    expect(specs).toEqual([]);
    expect(failed.map(f => [f.name, f.cluster])).toEqual([[undefined, 'fleet-prod']]);
    const [error] = failed[0]!.diagnostics;
    expect([error!.code, error!.message, error!.path, error!.source?.line]).toEqual([
      'spec.cfn-generated-name',
      'resource `BatchProfile` has no `FargateProfileName`: CloudFormation named the profile when the stack was deployed, so the template does not say which live profile to adopt',
      'Resources.BatchProfile.Properties',
      21,
    ]);
    expect(error!.hint).toContain('aws eks list-fargate-profiles --cluster-name CLUSTER');
  });

  it.each([
    {
      what: 'a conditional resource',
      from: '    DependsOn: Cluster\n',
      to: '    Condition: IsProd\n',
      error: [
        'spec.cfn-condition',
        'resource `BatchProfile` has a `Condition`: whether the stack makes it is decided at deployment',
        'Resources.BatchProfile.Condition',
        19,
        5,
      ],
    },
    {
      what: 'labels as a map (CloudFormation wants a list of Key/Value)',
      from: "            - { Key: workload, Value: batch }\n            - { Key: tier, Value: !Select [1, !Split [',', 'a,jobs']] }\n",
      to: '            workload: batch\n',
      error: [
        'spec.wrong-type',
        '`Resources.BatchProfile.Properties.Selectors[0].Labels`: expected a list, got a mapping',
        'Resources.BatchProfile.Properties.Selectors[0].Labels',
        28,
        13,
      ],
    },
    {
      what: 'a label set twice',
      from: '- { Key: tier,',
      to: '- { Key: workload,',
      error: [
        'spec.duplicate-key',
        'label `workload` is set more than once in `Resources.BatchProfile.Properties.Selectors[0].Labels`',
        'Resources.BatchProfile.Properties.Selectors[0].Labels[1].Key',
        29,
        22,
      ],
    },
  ])('$what: the one error, at its position in the template', ({ from, to, error }) => {
    expect(shortForms).toContain(from);
    const { specs, failed } = read(shortForms.replace(from, to));
    expect(specs).toEqual([]);
    expect(failed.map(errorsOf)).toEqual([[error]]);
  });

  it('a template without a Fargate profile is skipped, with an info', () => {
    const { specs, failed, skipped } = read(
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket: { Type: AWS::S3::Bucket }\n",
    );
    expect([specs, failed]).toEqual([[], []]);
    expect(skipped.map(s => s.diagnostic.message)).toEqual([
      'skipped CloudFormation template: it has no `AWS::EKS::FargateProfile` resource',
    ]);
  });
});
