/**
 * The offset of the first byte that starts an ill-formed UTF-8 sequence (Unicode's table of
 * well-formed byte sequences, which `TextDecoder` with `fatal: true` applies too: no overlong forms,
 * no surrogates, nothing above U+10FFFF, no cut-off sequence), or undefined when all of it is UTF-8.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const sequence = continuationOf(lead);
    if (!sequence) return i;
    let [low, high] = sequence.second;
    for (let k = 1; k <= sequence.length; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || byte < low || byte > high) return i;
      [low, high] = [0x80, 0xbf];
    }
    i += sequence.length + 1;
  }
  return undefined;
}

/** How many continuation bytes a lead byte takes, and the range its first one must lie in. */
function continuationOf(lead: number): { length: number; second: [number, number] } | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 1, second: [0x80, 0xbf] };
  if (lead === 0xe0) return { length: 2, second: [0xa0, 0xbf] };
  if (lead === 0xed) return { length: 2, second: [0x80, 0x9f] };
  if (lead >= 0xe1 && lead <= 0xef) return { length: 2, second: [0x80, 0xbf] };
  if (lead === 0xf0) return { length: 3, second: [0x90, 0xbf] };
  if (lead === 0xf4) return { length: 3, second: [0x80, 0x8f] };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 3, second: [0x80, 0xbf] };
  return undefined;
}
