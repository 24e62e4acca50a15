import { quote, shown } from './quote';

describe('quote', () => {
  it('quotes a value of up to 200 characters whole', () => {
    expect(quote('payments')).toBe('`payments`');
    expect(quote('a'.repeat(200))).toBe(`\`${'a'.repeat(200)}\``);
  });

  it('cuts a longer value at 200 characters and says its length', () => {
    expect(quote('a'.repeat(5000))).toBe(`\`${'a'.repeat(200)}…\` (5000 characters)`);
    expect(quote('a'.repeat(201))).toBe(`\`${'a'.repeat(200)}…\` (201 characters)`);
    expect(shown('1'.repeat(5000))).toBe(`${'1'.repeat(200)}… (5000 characters)`);
  });

  it('counts characters, not UTF-16 units, and never cuts one in half', () => {
    expect(quote('🚀'.repeat(150))).toBe(`\`${'🚀'.repeat(150)}\``);
    expect(quote('🚀'.repeat(300))).toBe(`\`${'🚀'.repeat(200)}…\` (300 characters)`);
  });
});
