import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { entityNameOf } from './entityName';

describe('entityNameOf', () => {
  it('joins valid parts with a dot, unchanged', () => {
    expect(entityNameOf(['prod-eu', 'payments-jobs'])).toBe('prod-eu.payments-jobs');
    expect(entityNameOf(['Prod_EU'])).toBe('Prod_EU');
  });

  it('keeps parts apart that a dash would run together', () => {
    expect(entityNameOf(['prod-eu', 'payments'])).not.toBe(entityNameOf(['prod', 'eu-payments']));
  });

  it('cuts a long name to 63 characters and keeps it unique with a hash', () => {
    const cluster = `c${'x'.repeat(99)}`;
    const a = entityNameOf([cluster, 'payments-jobs']);
    const b = entityNameOf([cluster, 'payments-api']);
    for (const name of [a, b]) {
      expect(name).toHaveLength(63);
      expect(KubernetesValidatorFunctions.isValidObjectName(name)).toBe(true);
    }
    expect(a).not.toBe(b);
  });

  it('gives a salted name a hash, so a second profile of the same name differs', () => {
    const plain = entityNameOf(['prod-eu', 'handmade']);
    const salted = entityNameOf(['prod-eu', 'handmade'], 'handmade');
    expect(salted).toMatch(/^prod-eu\.handmade-[0-9a-f]{8}$/);
    expect(salted).not.toBe(plain);
  });

  it('cleans characters an entity name cannot hold, and still names validly', () => {
    for (const name of [entityNameOf(['-a b-']), entityNameOf(['***'])]) {
      expect(KubernetesValidatorFunctions.isValidObjectName(name)).toBe(true);
    }
  });
});
