/**
 * The owner of a profile as a Backstage entity ref, from the value of its spec's owner tag
 * (`fargate.ownerTag`): a full ref (`group:default/payments`, `user:default/jane`) as it is, a bare name
 * (`payments`) or a ref without kind or namespace as a group in the default namespace, the way
 * Backstage reads `spec.owner`. Lowercase, since entity refs compare without case. Undefined without the tag.
 */
export function profileOwnerOf(tags: Record<string, string>, ownerTag: string): string | undefined {
  const value = tags[ownerTag]?.trim();
  if (!value) return undefined;
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(value);
  if (!match) return undefined;
  const [, kind = 'group', namespace = 'default', name] = match;
  return `${kind}:${namespace}/${name}`.toLowerCase();
}
