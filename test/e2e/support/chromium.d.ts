// Types of chromium.js (plain CommonJS so that `node` runs it directly as the first step of `npm test`).
export declare const CHROMIUM_HINT: string;
/** The command-line flags the browser tests launch it with. */
export declare const CHROMIUM_ARGS: readonly string[];
/** The Chromium binary to launch ($CHROMIUM_PATH, else `chromium`/`chromium-browser` on PATH), or the reason there is none. */
export declare function findChromium(): { path: string; problem?: undefined } | { path?: undefined; problem: string };
/** The binary's path; prints the one-line reason and exits 1 when there is none. */
export declare function requireChromium(): string;
