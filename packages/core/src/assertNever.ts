/**
 * Closes a `switch` over a union whose functions may return `undefined`: there TypeScript does not
 * flag a missing case by itself, but passing what is left (`never` once every case is handled) does.
 */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
