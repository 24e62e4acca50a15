// The one way a value from a spec or a request is quoted into a message: a value of any size must
// leave the message readable (and a file's whole content must never be echoed through one value).

/** Values longer than this many characters are cut in messages, and their length said. */
export const QUOTED_VALUE_MAX_CHARACTERS = 200;

/** `` `value` ``, or `` `first 200 characters…` (5000 characters) `` for a longer value. */
export function quote(value: string): string {
  const { head, length } = cut(value);
  return head === undefined ? `\`${value}\`` : `\`${head}…\` (${length} characters)`;
}

/** The value unquoted (numbers and booleans as written), cut the same way: `1111…` (5000 characters). */
export function shown(value: string): string {
  const { head, length } = cut(value);
  return head === undefined ? value : `${head}… (${length} characters)`;
}

/** The first 200 characters of a longer value (whole code points, never half a surrogate pair) and its length in characters. */
function cut(value: string): { head?: string; length: number } {
  if (value.length <= QUOTED_VALUE_MAX_CHARACTERS) return { length: value.length };
  let head = '';
  let length = 0;
  for (const character of value) {
    if (length < QUOTED_VALUE_MAX_CHARACTERS) head += character;
    length++;
  }
  return length <= QUOTED_VALUE_MAX_CHARACTERS ? { length } : { head, length };
}
