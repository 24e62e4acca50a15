/**
 * Compares strings by UTF-16 code units, like `Array.prototype.sort()`: the same order on every
 * machine (`localeCompare` follows the machine's locale), so plans and diagnostics come out identical.
 */
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
