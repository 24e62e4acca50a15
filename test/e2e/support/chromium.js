// Finds the Chromium the browser test drives: $CHROMIUM_PATH when set, else `chromium` or
// `chromium-browser` on PATH (Debian's package installs /usr/bin/chromium). Used three ways:
//   - `node test/e2e/support/chromium.js`: the first step of `npm test`, so a machine without Chromium
//     fails at once, in one line, instead of after the unit and moto suites;
//   - as the e2e jest config's globalSetup, so `npm run e2e` fails the same way before starting servers;
//   - `findChromium()` from the browser test, which launches the binary it returns.
const { accessSync, constants, statSync } = require('node:fs');
const { delimiter, join } = require('node:path');

// How the browser tests launch it: headless, without the sandbox (CI runs as root) and without the
// background traffic a first run makes (component updates, sync, QUIC probes).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const HINT = "Chromium not found: install Debian's `chromium` package (apt-get install chromium) or set CHROMIUM_PATH";

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Chromium binary to launch, or undefined with the reason in `problem`. */
function findChromium() {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    return isExecutable(configured)
      ? { path: configured }
      : { problem: `${HINT} (CHROMIUM_PATH=${configured} is not an executable file)` };
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (isExecutable(join(dir, name))) return { path: join(dir, name) };
    }
  }
  return { problem: HINT };
}

/** Prints the one-line reason and exits 1 when there is no Chromium. */
function requireChromium() {
  const found = findChromium();
  if (!found.path) {
    process.stderr.write(`${found.problem}\n`);
    process.exit(1);
  }
  return found.path;
}

module.exports = requireChromium; // jest's globalSetup calls the module's export
module.exports.findChromium = findChromium;
module.exports.requireChromium = requireChromium;
module.exports.CHROMIUM_HINT = HINT;
module.exports.CHROMIUM_ARGS = CHROMIUM_ARGS;

if (require.main === module) requireChromium();
