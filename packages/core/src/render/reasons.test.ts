import { describeFields, waitsForText } from './reasons';

describe('describeFields', () => {
  it('names up to three paths and counts the rest', () => {
    expect(describeFields(['subnets'])).toBe('`subnets` changed');
    expect(describeFields(['subnets', 'selectors[0]'])).toBe('`subnets` and `selectors[0]` changed');
    expect(describeFields(['tags.a', 'tags.b', 'tags.c'])).toBe('`tags.a`, `tags.b` and `tags.c` changed');
    expect(describeFields(['tags.a', 'tags.b', 'tags.c', 'tags.d', 'tags.e'])).toBe(
      '`tags.a`, `tags.b` and 3 more changed',
    );
  });
  it('names a path once and says when nothing changed', () => {
    expect(describeFields(['subnets', 'subnets'])).toBe('`subnets` changed');
    expect(describeFields([])).toBe('nothing changed');
  });
});

describe('waitsForText', () => {
  it('says what the profile is waited for to become', () => {
    expect(waitsForText({ profile: 'p-1', status: 'DELETING' })).toBe('waits for `p-1` to be deleted');
    expect(waitsForText({ profile: 'p-1', status: 'CREATING' })).toBe('waits for `p-1` to become ACTIVE');
  });
});
