import { seededRandom } from '../account/sim/faults';
import { firstInvalidUtf8Byte } from './utf8';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('firstInvalidUtf8Byte', () => {
  it('finds the start of the first ill-formed sequence', () => {
    expect(firstInvalidUtf8Byte(new TextEncoder().encode('naïve 🚀 ok'))).toBeUndefined();
    expect(firstInvalidUtf8Byte(bytes(0x61, 0xe9, 0x62))).toBe(1); // Latin-1 é
    expect(firstInvalidUtf8Byte(bytes(0x61, 0xc0, 0xaf))).toBe(1); // overlong '/'
    expect(firstInvalidUtf8Byte(bytes(0xed, 0xa0, 0x80))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8Byte(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8Byte(bytes(0x61, 0x62, 0xe2, 0x82))).toBe(2); // cut off at the end
    expect(firstInvalidUtf8Byte(bytes(0xff, 0xfe, 0x61, 0x00))).toBe(0); // UTF-16 with its byte order mark
  });

  it('agrees with TextDecoder on what is UTF-8', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const random = seededRandom(7);
    for (let run = 0; run < 2000; run++) {
      const input = Uint8Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        random() < 0.5 ? 0x80 + Math.floor(random() * 0x80) : Math.floor(random() * 0x100),
      );
      let valid = true;
      try {
        decoder.decode(input);
      } catch {
        valid = false;
      }
      expect([Array.from(input), firstInvalidUtf8Byte(input) === undefined]).toEqual([Array.from(input), valid]);
    }
  });
});
