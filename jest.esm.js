// Some dependencies ship ESM only (@kubernetes/client-node, Octokit, the proxy agents of the Backstage
// backend), which jest's CommonJS runtime cannot load: `transformIgnorePatterns` that let swc compile
// every `"type": "module"` package of the root node_modules (and what such a package nests in its own
// node_modules) to CommonJS, like our own sources.
const fs = require('node:fs');
const path = require('node:path');

function esmOnlyPackages(nodeModules) {
  const names = [];
  const isEsm = dir => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false;
    }
  };
  for (const entry of fs.readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const sub of fs.readdirSync(path.join(nodeModules, entry))) {
        if (isEsm(path.join(nodeModules, entry, sub))) names.push(`${entry}/${sub}`);
      }
    } else if (isEsm(path.join(nodeModules, entry))) names.push(entry);
  }
  return names.map(name => name.replace(/[.+]/g, c => `\\${c}`));
}

const esmOnly = esmOnlyPackages(path.join(__dirname, 'node_modules'));
module.exports = { transformIgnorePatterns: [`^(?!.*/node_modules/(${esmOnly.join('|')})/).*/node_modules/`], esmOnly };
