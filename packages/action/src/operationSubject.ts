import type { Operation } from '@fargatekeeper/core';

/** What an operation works on: `old → new` for a replacement, the role for `delete-role`, else the profile. */
function target(o: Operation): string {
  switch (o.op) {
    case 'replace':
    case 'adopt-by-replace':
      return `${o.replaces} → ${o.profile}`;
    case 'delete-role':
      return o.role.name;
    case 'create':
    case 'adopt-in-place':
    case 'retag':
    case 'delete-profile':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return o.profile;
  }
}

/** `prod-eu replace payments-jobs-1a → payments-jobs-2b`: cluster, operation, what it works on (log lines, failure reports). */
export const operationSubject = (o: Operation): string => `${o.cluster} ${o.op} ${target(o)}`;
