import { OPERATION_KINDS } from '@fargatekeeper/core';
import { operations } from './__fixtures__/operations';
import { operationSubject } from './operationSubject';

describe('operationSubject', () => {
  it('names the cluster, the operation and what it works on, for every kind', () => {
    expect(Object.fromEntries(OPERATION_KINDS.map(kind => [kind, operationSubject(operations[kind])]))).toEqual({
      create: 'prod-eu create search-7c1d',
      'adopt-in-place': 'prod-eu adopt-in-place search-preview',
      'adopt-by-replace': 'prod-eu adopt-by-replace legacy → legacy-9f8e',
      replace: 'prod-eu replace payments-jobs-1a → payments-jobs-2b',
      retag: 'prod-eu retag checkout-3d4e',
      'delete-profile': 'prod-eu delete-profile reports-5a6b',
      'delete-role': 'prod-eu delete-role fk-prod-eu-old-batch-1a2b3c',
      wait: 'prod-eu wait ingest-8c9d',
      'no-op': 'prod-eu no-op web-0e1f',
      unmanaged: 'prod-eu unmanaged handmade',
    });
  });
});
