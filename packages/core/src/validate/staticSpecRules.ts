import type { Diagnostic } from '../diagnostics';
import {
  eksLimits,
  eksNamePattern,
  managedTagKeys,
  namespacePattern,
  regionPattern,
  reservedTagPrefix,
  roleArnPattern,
  specNameMaxLength,
  specNamePattern,
  subnetIdPattern,
} from '../spec/limits';
import { parseRoleArn } from '../account/trust';
import { childPath } from '../spec/paths';
import { quote } from '../spec/quote';
import type { ProfileSpec, Selector } from '../spec/types';
import { specDiagnostic } from './staticPosition';

const matches = (pattern: string, value: string): boolean => new RegExp(pattern).test(value);
const reservedByEks = (name: string): boolean => /^eks-/i.test(name);
/** Characters AWS allows in tag keys and values. */
const tagCharacters = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The EKS rules (DESIGN.md) one spec must satisfy on its own. */
export function checkSpec(spec: ProfileSpec): Diagnostic[] {
  return [...checkNames(spec), ...checkRole(spec), ...checkSubnets(spec), ...checkSelectors(spec), ...checkTags(spec)];
}

function checkNames(spec: ProfileSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (code: string, message: string, field: string, hint?: string) =>
    out.push(specDiagnostic(spec, 'error', code, message, field, hint ? { hint } : {}));
  if (!matches(specNamePattern, spec.name)) {
    const suggestion = spec.name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '');
    error(
      'spec.invalid-name',
      `${quote(spec.name)} is not a valid spec name: use lowercase letters, digits and \`-\`, starting and ending with a letter or digit`,
      'name',
      suggestion && suggestion !== spec.name ? `try ${quote(suggestion)}` : undefined,
    );
  } else if (spec.name.length > specNameMaxLength) {
    error(
      'spec.name-too-long',
      `spec name is ${spec.name.length} characters; at most ${specNameMaxLength}`,
      'name',
      'the EKS name adds a hash to it and must stay within 100 characters',
    );
  }
  if (reservedByEks(spec.name)) {
    error(
      'eks.reserved-name',
      `${quote(spec.name)}: profile names starting with \`eks-\` are reserved by EKS`,
      'name',
      'the EKS name starts with the spec name; pick another prefix',
    );
  }
  if (!matches(eksNamePattern, spec.cluster) || spec.cluster.length > eksLimits.clusterNameMaxLength) {
    error(
      'eks.invalid-cluster-name',
      `${quote(spec.cluster)} is not a valid EKS cluster name`,
      'cluster',
      `letters, digits, \`-\` and \`_\`, starting with a letter or digit, at most ${eksLimits.clusterNameMaxLength} characters`,
    );
  }
  if (spec.region !== undefined && !matches(regionPattern, spec.region)) {
    error('spec.invalid-region', `${quote(spec.region)} is not an AWS region`, 'region', 'for example `eu-west-1`');
  }
  for (const field of ['profileName', 'adopt'] as const) {
    const name = spec[field];
    if (name === undefined) continue;
    if (!matches(eksNamePattern, name) || name.length > eksLimits.profileNameMaxLength) {
      error(
        'eks.invalid-profile-name',
        `${quote(name)} is not a valid EKS profile name`,
        field,
        `letters, digits, \`-\` and \`_\`, starting with a letter or digit, at most ${eksLimits.profileNameMaxLength} characters`,
      );
    }
    if (field === 'profileName' && reservedByEks(name)) {
      error('eks.reserved-name', `${quote(name)}: profile names starting with \`eks-\` are reserved by EKS`, field);
    }
  }
  return out;
}

function checkRole(spec: ProfileSpec): Diagnostic[] {
  const arn = spec.podExecutionRoleArn;
  // The schema's pattern, and the parser that live validation, planning and apply read role names with.
  if (arn === undefined || (matches(roleArnPattern, arn) && parseRoleArn(arn))) return [];
  return [
    specDiagnostic(
      spec,
      'error',
      'eks.invalid-role-arn',
      `${quote(arn)} is not an IAM role ARN`,
      'podExecutionRoleArn',
      { hint: roleHint(arn) },
    ),
  ];
}

function roleHint(arn: string): string {
  const expected = 'expected `arn:aws:iam::<12-digit account id>:role/<role name>`';
  if (!arn.startsWith('arn:'))
    return `write the full ARN, e.g. ${quote(`arn:aws:iam::123456789012:role/${arn}`)}, or omit the field for a default role`;
  const parts = arn.split(':');
  if (parts[2] !== 'iam') return `this is an ARN of ${quote(parts[2] ?? '?')}, not IAM; ${expected}`;
  if (parts[4] !== undefined && !/^\d{12}$/.test(parts[4]))
    return `the account id ${quote(parts[4])} must be 12 digits; ${expected}`;
  const resource = parts.slice(5).join(':');
  if (resource && !resource.startsWith('role/'))
    return `this names a ${quote(resource.split('/')[0]!)}, not a role; ${expected}`;
  return expected;
}

function checkSubnets(spec: ProfileSpec): Diagnostic[] {
  // The API makes subnets optional, but Fargate pods only run in private subnets and a reviewed spec
  // should say which: an implicit choice would put pods where the pull request never showed.
  // A migration document that leaves them to EKS describes a live profile: the plan takes them from it.
  if (spec.subnets.length === 0 && spec.leftToTool?.subnets) return [];
  if (spec.subnets.length === 0) {
    return [
      specDiagnostic(
        spec,
        'error',
        'eks.subnets-required',
        "no subnets: Fargate pods need at least one private subnet of the cluster's VPC",
        'subnets',
        { key: true, hint: 'list them under `subnets`, e.g. `subnets: [subnet-1a2b3c4d]`' },
      ),
    ];
  }
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  spec.subnets.forEach((subnet, index) => {
    const field = `subnets[${index}]`;
    if (!matches(subnetIdPattern, subnet)) {
      const hint = /^subnet-/i.test(subnet)
        ? 'subnet ids are `subnet-` and lowercase hex digits'
        : subnet.startsWith('sg-')
          ? 'this is a security group id'
          : 'expected an id such as `subnet-1a2b3c4d`';
      out.push(
        specDiagnostic(spec, 'error', 'eks.invalid-subnet-id', `${quote(subnet)} is not a subnet id`, field, { hint }),
      );
    } else if (seen.has(subnet)) {
      out.push(
        specDiagnostic(spec, 'warning', 'spec.duplicate-subnet', `subnet ${quote(subnet)} is listed twice`, field),
      );
    }
    seen.add(subnet);
  });
  return out;
}

function checkSelectors(spec: ProfileSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const max = eksLimits.selectorsPerProfile;
  if (spec.selectors.length === 0) {
    out.push(
      specDiagnostic(
        spec,
        'error',
        'eks.selectors-required',
        'no selectors: a profile needs at least one',
        'selectors',
        { key: true },
      ),
    );
  }
  if (spec.selectors.length > max) {
    out.push(
      specDiagnostic(
        spec,
        'error',
        'eks.too-many-selectors',
        `a profile takes at most ${max} selectors; this one has ${spec.selectors.length}`,
        `selectors[${max}]`,
        { hint: 'split the profile in two, or use `*` and `?` in namespaces' },
      ),
    );
  }
  const seen = new Map<string, number>();
  spec.selectors.forEach((selector, index) => {
    out.push(...checkSelector(spec, selector, `selectors[${index}]`));
    const identity = JSON.stringify([selector.namespace, Object.entries(selector.labels ?? {}).sort()]);
    const first = seen.get(identity);
    if (first !== undefined) {
      out.push(
        specDiagnostic(
          spec,
          'warning',
          'spec.duplicate-selector',
          `selector ${index} repeats selector ${first}`,
          `selectors[${index}]`,
        ),
      );
    } else seen.set(identity, index);
  });
  return out;
}

function checkSelector(spec: ProfileSpec, selector: Selector, path: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const namespacePath = `${path}.namespace`;
  if (!selector.namespace) {
    out.push(
      specDiagnostic(
        spec,
        'error',
        'eks.namespace-required',
        `\`${path}\` has no namespace: EKS requires one in every selector`,
        path,
      ),
    );
  } else if (
    !matches(namespacePattern, selector.namespace) ||
    selector.namespace.length > eksLimits.namespaceMaxLength
  ) {
    out.push(
      specDiagnostic(
        spec,
        'error',
        'eks.invalid-namespace',
        `namespace ${quote(selector.namespace)} can never match a pod`,
        namespacePath,
        {
          hint: `Kubernetes namespaces are lowercase letters, digits and \`-\`, at most ${eksLimits.namespaceMaxLength} characters (\`*\` and \`?\` are wildcards)`,
        },
      ),
    );
  }
  const labels = Object.entries(selector.labels ?? {});
  const maxLabels = eksLimits.labelsPerSelector;
  if (labels.length > maxLabels) {
    out.push(
      specDiagnostic(
        spec,
        'error',
        'eks.too-many-labels',
        `a selector takes at most ${maxLabels} labels; this one has ${labels.length}`,
        childPath(`${path}.labels`, labels[maxLabels]![0]),
        { key: true, hint: 'every label must be on the pod; drop the ones that add nothing' },
      ),
    );
  }
  for (const [key, value] of labels) {
    const labelPath = childPath(`${path}.labels`, key);
    if (key.length < 1 || key.length > eksLimits.labelKeyMaxLength) {
      out.push(
        specDiagnostic(
          spec,
          'error',
          'eks.label-key-too-long',
          `label key ${quote(key)} is ${key.length} characters; EKS allows 1 to ${eksLimits.labelKeyMaxLength}`,
          labelPath,
          { key: true },
        ),
      );
    }
    const never = neverMatches(key, value);
    if (never) {
      out.push(
        specDiagnostic(
          spec,
          'warning',
          'selector.never-matches',
          `label ${quote(`${key}=${value}`)} can never match a pod: ${never}`,
          labelPath,
          { key: true, hint: 'Kubernetes label keys are `[prefix/]name` and values at most 63 of `A-Z a-z 0-9 - _ .`' },
        ),
      );
    }
    if (value.length < 1) {
      out.push(
        specDiagnostic(
          spec,
          'error',
          'eks.label-value-empty',
          `label ${quote(key)} has an empty value; EKS allows 1 to ${eksLimits.labelValueMaxLength} characters`,
          labelPath,
          { hint: 'use `*` to match any value' },
        ),
      );
    } else if (value.length > eksLimits.labelValueMaxLength) {
      out.push(
        specDiagnostic(
          spec,
          'error',
          'eks.label-value-too-long',
          `value of label ${quote(key)} is ${value.length} characters; EKS allows 1 to ${eksLimits.labelValueMaxLength}`,
          labelPath,
        ),
      );
    }
  }
  return out;
}

function checkTags(spec: ProfileSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tags = Object.entries(spec.tags ?? {});
  // A protected spec's profile carries one tag more (the protection it must remember).
  const own = managedTagKeys.length + (spec.deletionProtection ? 1 : 0);
  const allowed = eksLimits.tagsPerResource - own;
  if (tags.length > allowed) {
    out.push(
      specDiagnostic(
        spec,
        'error',
        'eks.too-many-tags',
        `${tags.length} tags: at most ${allowed}, since EKS allows ${eksLimits.tagsPerResource} per profile and fargatekeeper adds ${own} of its own`,
        'tags',
        { key: true },
      ),
    );
  }
  for (const [key, value] of tags) {
    const tagPath = childPath('tags', key);
    const keyError = (code: string, message: string, hint?: string) =>
      out.push(specDiagnostic(spec, 'error', code, message, tagPath, { key: true, ...(hint ? { hint } : {}) }));
    if (key.length > eksLimits.tagKeyMaxLength) {
      keyError(
        'eks.tag-key-too-long',
        `tag key ${quote(key)} is ${key.length} characters; AWS allows 1 to ${eksLimits.tagKeyMaxLength}`,
      );
    }
    if (/^aws:/i.test(key))
      keyError('eks.reserved-tag-key', `tag key ${quote(key)}: keys starting with \`aws:\` are reserved by AWS`);
    if (key.startsWith(reservedTagPrefix)) {
      keyError(
        'spec.reserved-tag-key',
        `tag key ${quote(key)}: keys starting with \`${reservedTagPrefix}\` are fargatekeeper's own`,
        'fargatekeeper sets these tags itself to mark the profiles it manages',
      );
    }
    if (!tagCharacters.test(key)) {
      keyError(
        'eks.invalid-tag-key',
        `tag key ${quote(key)} has characters AWS does not allow`,
        'letters, digits, spaces and `_ . : / = + - @`',
      );
    }
    if (value.length > eksLimits.tagValueMaxLength) {
      out.push(
        specDiagnostic(
          spec,
          'error',
          'eks.tag-value-too-long',
          `value of tag ${quote(key)} is ${value.length} characters; AWS allows up to ${eksLimits.tagValueMaxLength}`,
          tagPath,
        ),
      );
    } else if (!tagCharacters.test(value)) {
      out.push(
        specDiagnostic(
          spec,
          'error',
          'eks.invalid-tag-value',
          `value of tag ${quote(key)} has characters AWS does not allow`,
          tagPath,
          { hint: 'letters, digits, spaces and `_ . : / = + - @`' },
        ),
      );
    }
  }
  return out;
}

/** Kubernetes label syntax: a selector label no pod label can satisfy is a mistake even though EKS takes it. */
const labelName = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function neverMatches(key: string, value: string): string | undefined {
  if (/[^A-Za-z0-9._/*?-]/.test(key)) return 'the key has characters Kubernetes does not allow in label keys';
  if (/[^A-Za-z0-9._*?-]/.test(value)) return 'the value has characters Kubernetes does not allow in label values';
  const literalLength = value.replace(/\*/g, '').length;
  if (literalLength > 63)
    return `Kubernetes label values are at most 63 characters and this one needs ${literalLength}`;
  if (!/[*?]/.test(key)) {
    const slash = key.lastIndexOf('/');
    const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
    if (!labelName.test(name) || name.length > 63) return 'the key is not a valid Kubernetes label key';
    if (prefix !== undefined && (!dnsSubdomain.test(prefix) || prefix.length > 253))
      return 'the key prefix is not a valid DNS subdomain';
  }
  if (!/[*?]/.test(value) && value !== '' && !labelName.test(value))
    return 'Kubernetes label values start and end with a letter or digit';
  return undefined;
}
