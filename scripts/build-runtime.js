#!/usr/bin/env node
// Compiles what the services run into plain JavaScript under dist/runtime, for the container image
// (Dockerfile, docs/adr/0012-container-image.md): no TypeScript compiler in production.
//
// The tree mirrors the repository (apps/<name>/src/…, libs/<name>/src/…), so everything that finds
// a file relative to its own __dirname finds it there too: services loaded by name
// (apps/<name>/src/service.js), the standalone service threads (service-thread-entry.js loads
// service-thread.worker.js when no .ts sits beside it), the MIME parser's worker (.mjs), the
// built-in notification templates (libs/notifications/templates), the dashboard
// (dist/dashboard beside the tree) and scripts/orgo.js for `orgo distributed`. Each .ts file is
// compiled alone by SWC with the settings of .swcrc (decorator metadata, class names kept), the
// workspace aliases (`@orgo/*`, tsconfig.base.json) rewritten to relative requires; every other
// file beside the code (.js, .mjs, templates) is copied. Specs and the test-only libraries are
// left out.
//
// The build ends with a check that every require of the output resolves: a relative one to a file
// of the tree, a package one to a Node.js built-in or to a package of `dependencies` (the image
// installs no devDependencies). It fails naming the file and the module otherwise.
//
// Usage: node scripts/build-runtime.js   (writes dist/runtime, replacing the previous build)
const fs = require('node:fs');
const { builtinModules } = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'runtime');

/** Folders of apps/ and libs/ that never run in production. */
const LEFT_OUT = new Set(['apps/dashboard', 'libs/testing']);
/** Files beside the code that are not part of it. */
const NOT_SHIPPED =
  /(^README\.md$|^project\.json$|^tsconfig.*\.json$|\.(spec|int-spec|e2e-spec|test)\.ts$|\.d\.ts$|\.md$)/;

/**
 * Requires the check lets through: the standalone thread entry registers SWC only when the .ts
 * worker sits beside it (run from source), which it never does in the runtime tree.
 */
const SOURCE_RUN_ONLY = { 'apps/orgo/src/standalone/service-thread-entry.js': ['@swc-node/register'] };

/** The `orgo` command of the compiled tree; ORGO_SERVICE names the service of `orgo start` (a container's one). */
const LAUNCHER = `#!/usr/bin/env node
// The \`orgo\` command of the compiled runtime tree (built by scripts/build-runtime.js; the
// repository's scripts/orgo.js runs the TypeScript sources instead). \`orgo start\` without
// --service runs the service named by ORGO_SERVICE when it is set (one per container).
const path = require('node:path');

const args = process.argv.slice(2);
const service = process.env.ORGO_SERVICE && process.env.ORGO_SERVICE.trim();
if (service && args[0] === 'start' && !args.some((a) => a === '--service' || a.startsWith('--service='))) {
  process.argv.splice(2 + args.length, 0, '--service', service);
}
require(path.join(__dirname, '..', 'apps', 'orgo', 'src', 'main.js'));
`;

/** The container's HEALTHCHECK: GET /health/live on this container's Orgo port (node, as the image has no curl). */
const HEALTHCHECK = `#!/usr/bin/env node
// The container image's HEALTHCHECK (built by scripts/build-runtime.js): GET /health/live on the
// port Orgo listens on in this container (ORGO_PORT, 3000 by default); exit 0 when it answers 200.
const port = process.env.ORGO_PORT || '3000';
fetch(\`http://127.0.0.1:\${port}/health/live\`, { signal: AbortSignal.timeout(4000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
`;

function swcOptions() {
  const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  delete swcrc.$schema;
  return {
    ...swcrc,
    swcrc: false,
    configFile: false,
    // No maps: the output is SWC's readable JavaScript of the same file, line for line close to it.
    sourceMaps: false,
    jsc: { ...swcrc.jsc, baseUrl: root, paths: compilerOptions.paths },
  };
}

/** Every file of apps/ and libs/ to ship, as paths relative to the repository root. */
function sources() {
  const files = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !LEFT_OUT.has(child)) walk(child);
      } else if (entry.isFile() && !NOT_SHIPPED.test(entry.name)) {
        files.push(child);
      }
    }
  };
  walk('apps');
  walk('libs');
  return files.sort();
}

async function compile(target) {
  const swc = require('@swc/core');
  const options = swcOptions();
  const files = sources();
  let compiled = 0;
  let copied = 0;
  await Promise.all(
    files.map(async (rel) => {
      const from = path.join(root, rel);
      const isTs = rel.endsWith('.ts');
      const to = path.join(target, isTs ? rel.replace(/\.ts$/, '.js') : rel);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      if (!isTs) {
        fs.copyFileSync(from, to);
        copied++;
        return;
      }
      const { code } = await swc.transformFile(from, { ...options, filename: from });
      fs.writeFileSync(to, code);
      compiled++;
    }),
  );
  // Read for the version (backups record it), as from the repository root.
  fs.copyFileSync(path.join(root, 'package.json'), path.join(target, 'package.json'));
  fs.mkdirSync(path.join(target, 'scripts'), { recursive: true });
  fs.writeFileSync(path.join(target, 'scripts', 'orgo.js'), LAUNCHER, { mode: 0o755 });
  fs.writeFileSync(path.join(target, 'scripts', 'healthcheck.js'), HEALTHCHECK, { mode: 0o755 });
  return { compiled, copied };
}

/** Requires of the output that would fail at run time: [file, specifier, why]. */
function unresolved(target) {
  const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const builtins = new Set(builtinModules);
  const problems = [];
  const exists = (file) => fs.existsSync(file) && fs.statSync(file).isFile();
  const resolves = (base) =>
    ['', '.js', '.mjs', '.cjs', '.json', '/index.js'].some((ext) => exists(base + ext));
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(c|m)?js$/.test(entry.name)) {
        const code = fs.readFileSync(file, 'utf8');
        const specifiers = [
          ...code.matchAll(
            /\brequire\(\s*["']([^"']+)["']\s*\)|^\s*import\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm,
          ),
        ];
        for (const match of specifiers) {
          const spec = match[1] ?? match[2] ?? match[3];
          if (spec.startsWith('.')) {
            if (!resolves(path.resolve(path.dirname(file), spec)))
              problems.push([file, spec, 'no such file in the runtime tree']);
            continue;
          }
          if (spec.startsWith('node:') || builtins.has(spec)) continue;
          if (SOURCE_RUN_ONLY[path.relative(target, file).split(path.sep).join('/')]?.includes(spec))
            continue;
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!dependencies[name])
            problems.push([file, spec, `'${name}' is not in the dependencies of package.json`]);
        }
      }
    }
  };
  walk(target);
  return problems;
}

async function buildRuntime() {
  const started = Date.now();
  // Built beside the previous tree, then swapped in: a run of it in progress keeps its files until the swap.
  const next = path.join(root, 'dist', `.runtime-${process.pid}`);
  fs.rmSync(next, { recursive: true, force: true });
  const { compiled, copied } = await compile(next);
  const problems = unresolved(next);
  if (problems.length) {
    fs.rmSync(next, { recursive: true, force: true });
    console.error('The runtime tree would not run: these requires do not resolve.');
    for (const [file, spec, why] of problems)
      console.error(`  ${path.relative(next, file)}: require('${spec}'): ${why}`);
    console.error(
      'Move a package the services need from devDependencies to dependencies, or keep test-only code out of what the services load.',
    );
    process.exit(1);
  }
  const previous = path.join(root, 'dist', `.runtime-old-${process.pid}`);
  if (fs.existsSync(out)) fs.renameSync(out, previous);
  fs.renameSync(next, out);
  fs.rmSync(previous, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(
    `Built the runtime tree (${compiled} files compiled, ${copied} copied) into ${path.relative(root, out)} in ${seconds} s.`,
  );
}

module.exports = { buildRuntime };

if (require.main === module) {
  buildRuntime().catch((error) => {
    console.error(`The runtime tree did not build: ${error.message}`);
    process.exit(1);
  });
}
