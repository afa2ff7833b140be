#!/usr/bin/env node
// Renders the Helm chart (helm/orgo) with tools/helm-template, a small `helm template` in Go (there is
// no Helm binary on these machines; a real Helm renders the same chart), and writes what comes out of
// the default values to k8s/orgo.yaml. Before that it copies the example organization (config/, but
// its samples/ and security/) into helm/orgo/files/config/, which the chart mounts, and checks the
// values against helm/orgo/values.schema.json with ajv, as Helm would.
//
//   node scripts/render-chart.js                 sync files/config/, render k8s/
//   node scripts/render-chart.js --check         exit 1 when files/config/ or k8s/ is out of date
//   node scripts/render-chart.js --stdout [-f values.yaml]… [-n namespace]   print a render
//
// The renderer is built with Debian's Go and sprig (GOPATH mode, offline) into
// node_modules/.cache/orgo-helm-template/, once per version of its source.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const Ajv = require('ajv');
const yaml = require('js-yaml');

const root = path.resolve(__dirname, '..');
const chart = path.join(root, 'helm', 'orgo');
const source = path.join(root, 'tools', 'helm-template');
const k8sFile = path.join(root, 'k8s', 'orgo.yaml');
const RELEASE = 'orgo';
const NAMESPACE = 'orgo';
const DEBIAN_PACKAGES = ['golang-go', 'golang-github-masterminds-sprig-dev', 'golang-k8s-sigs-yaml-dev'];
const INSTALL = `apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`;

/** Builds tools/helm-template (when its source changed) and returns the binary's path. */
function buildRenderer() {
  const main = fs.readFileSync(path.join(source, 'main.go'));
  const cache = path.join(root, 'node_modules', '.cache', 'orgo-helm-template');
  const binary = path.join(
    cache,
    crypto.createHash('sha256').update(main).digest('hex').slice(0, 16),
    'helm-template',
  );
  if (fs.existsSync(binary)) return binary;
  const env = {
    ...process.env,
    GO111MODULE: 'off',
    GOPATH: '/usr/share/gocode',
    GOCACHE: path.join(cache, 'go-build'),
    GOFLAGS: '',
  };
  const build = spawnSync('go', ['build', '-o', binary, '.'], { cwd: source, env, encoding: 'utf8' });
  if (build.error || build.status !== 0) {
    const why = build.error ? `go is not installed (${build.error.message})` : build.stderr.trim();
    throw new Error(
      `Building tools/helm-template failed: ${why}\nIt needs Debian's Go and Go libraries: ${INSTALL}`,
    );
  }
  return binary;
}

/** `helm -f` merging: maps key by key, any other value replaces the one before; null deletes. */
function mergeValues(...layers) {
  const merge = (a, b) => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b ?? {})) {
      out[k] = isMap(v) && isMap(out[k]) ? merge(out[k], v) : v;
    }
    return out;
  };
  const dropNulls = (m) =>
    Object.fromEntries(
      Object.entries(m)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, isMap(v) ? dropNulls(v) : v]),
    );
  return dropNulls(layers.reduce(merge, {}));
}
const isMap = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of the values (the chart's values.yaml with the files layered over it), as ajv reports them. */
function valuesProblems(valueFiles = []) {
  const schema = JSON.parse(fs.readFileSync(path.join(chart, 'values.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const layers = [path.join(chart, 'values.yaml'), ...valueFiles].map(
    (f) => yaml.load(fs.readFileSync(f, 'utf8')) ?? {},
  );
  if (validate(mergeValues(...layers))) return [];
  return validate.errors.map(
    (e) =>
      `${e.instancePath || '/'} ${e.message}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`,
  );
}

/** The chart rendered like `helm template orgo helm/orgo -n orgo -f …`. */
function render(valueFiles = [], namespace = NAMESPACE) {
  const problems = valuesProblems(valueFiles);
  if (problems.length)
    throw new Error(
      `values don't meet the specifications of the schema(s) in helm/orgo/values.schema.json:\n- ${problems.join('\n- ')}`,
    );
  const args = [...valueFiles.flatMap((f) => ['-f', f]), '-n', namespace, RELEASE, chart];
  const run = spawnSync(buildRenderer(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`Rendering helm/orgo failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/** What helm/orgo/files/config/ must hold: config/ without samples/, security/ and READMEs. */
function configFiles(dir = path.join(root, 'config'), rel = '') {
  const out = {};
  for (const entry of fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const name = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'samples' && name !== 'security') Object.assign(out, configFiles(dir, name));
    } else if (entry.name !== 'README.md') {
      out[name] = fs.readFileSync(path.join(dir, name), 'utf8');
    }
  }
  return out;
}

const HEADER = [
  '# Generated from helm/orgo with its default values by `node scripts/render-chart.js`: do not edit.',
  `# The same as \`helm template ${RELEASE} helm/orgo -n ${NAMESPACE}\`. See k8s/README.md.`,
  '',
].join('\n');

function main(argv) {
  const bundled = path.join(chart, 'files', 'config');
  if (argv.includes('--stdout')) {
    const files = argv.flatMap((a, i) => (a === '-f' ? [path.resolve(argv[i + 1])] : []));
    const ns = argv.includes('-n') ? argv[argv.indexOf('-n') + 1] : NAMESPACE;
    return void process.stdout.write(render(files, ns));
  }
  if (argv.includes('--check')) {
    const stale = [];
    const want = configFiles();
    const have = fs.existsSync(bundled) ? configFiles(bundled) : {};
    if (JSON.stringify(want) !== JSON.stringify(have))
      stale.push('helm/orgo/files/config/ differs from config/');
    if (!fs.existsSync(k8sFile) || fs.readFileSync(k8sFile, 'utf8') !== HEADER + render())
      stale.push('k8s/orgo.yaml differs from a fresh render of helm/orgo');
    if (stale.length) {
      process.stderr.write(`${stale.join('; ')}. Run: node scripts/render-chart.js\n`);
      process.exit(1);
    }
    return void process.stdout.write('helm/orgo/files/config/ and k8s/orgo.yaml are up to date\n');
  }
  fs.rmSync(bundled, { recursive: true, force: true });
  for (const [name, content] of Object.entries(configFiles())) {
    fs.mkdirSync(path.dirname(path.join(bundled, name)), { recursive: true });
    fs.writeFileSync(path.join(bundled, name), content);
  }
  fs.mkdirSync(path.dirname(k8sFile), { recursive: true });
  fs.writeFileSync(k8sFile, HEADER + render());
  process.stdout.write(`wrote helm/orgo/files/config/ and ${path.relative(root, k8sFile)}\n`);
}

module.exports = { buildRenderer, configFiles, mergeValues, render, valuesProblems, DEBIAN_PACKAGES, HEADER };

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
