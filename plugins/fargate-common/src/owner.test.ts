import { profileOwnerOf } from './owner';

describe('profileOwnerOf', () => {
  it.each([
    ['payments', 'group:default/payments'],
    ['Payments', 'group:default/payments'],
    ['group:payments', 'group:default/payments'],
    ['user:default/jane', 'user:default/jane'],
    ['team-a/payments', 'group:team-a/payments'],
  ])('reads %s as %s', (value, owner) => {
    expect(profileOwnerOf({ owner: value }, 'owner')).toBe(owner);
  });

  it('has no owner without the tag, or with a value that is no entity ref', () => {
    expect(profileOwnerOf({ team: 'payments' }, 'owner')).toBeUndefined();
    expect(profileOwnerOf({ owner: ' ' }, 'owner')).toBeUndefined();
    expect(profileOwnerOf({ owner: 'a:b:c' }, 'owner')).toBeUndefined();
  });
});
