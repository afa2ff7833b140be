import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { ensureKeyFile } from '@orgo/security';
import { validate } from 'dockerfile-utils';

import { namespaceEnv, removeNamespace } from './support/distributed-process';
import { ROOT, freePort, tempDir } from './support/standalone-process';

/**
 * The container image (Dockerfile, docs/adr/0012-container-image.md). Docker does not run here, so
 * the Dockerfile is linted (dockerfile-utils with every rule an error, plus what hadolint would
 * check that matters here), then its stages are replayed in a temporary folder from the Dockerfile
 * itself — the same COPY instructions filtered by .dockerignore, the same RUN commands, the real
 * `npm ci --omit=dev` — and the runtime stage's tree is started as the image's ENTRYPOINT, CMD,
 * ENV and HEALTHCHECK say: one service of the distributed shape against the real PostgreSQL,
 * RabbitMQ and Redis, and the standalone shape.
 */

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  base: string;
  name: string;
  instructions: Instruction[];
}

const DOCKERFILE = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  engines: { node: string };
  dependencies: Record<string, string>;
};

/** The instructions of a Dockerfile: continuation lines joined, comments and blank lines dropped. */
function instructionsOf(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const current = pending ?? { text: '', line: index + 1 };
    const continues = line.endsWith('\\');
    current.text += ` ${continues ? line.slice(0, -1).trim() : line}`;
    pending = current;
    if (continues) return;
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(current.text.trim()) as RegExpExecArray;
    instructions.push({ keyword: keyword.toUpperCase(), args, line: current.line });
    pending = undefined;
  });
  return instructions;
}

/** The global ARG defaults (before the first FROM) and the stages, with `${ARG}` resolved in FROM. */
function parse(text: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructionsOf(text)) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/).filter((a) => !a.startsWith('--'));
      const base = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => globalArgs[a ?? b] ?? '');
      stages.push({
        base,
        name: as?.toUpperCase() === 'AS' ? name : String(stages.length),
        instructions: [],
      });
    } else if (!stages.length && instruction.keyword === 'ARG') {
      const [key, value = ''] = instruction.args.split('=');
      globalArgs[key] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

const { globalArgs, stages } = parse(DOCKERFILE);
const runtime = stages.at(-1) as Stage;
const stageNames = new Set(stages.map((s) => s.name));
const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const one = (stage: Stage, keyword: string) => {
  const found = all(stage, keyword);
  expect(found).toHaveLength(1);
  return found[0];
};
const execForm = (args: string): string[] => {
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string'))
    throw new Error(`not exec form: ${args}`);
  return parsed;
};
/** `KEY=value` pairs of ENV and LABEL (quoted values allowed). */
const pairs = (args: string): Record<string, string> =>
  Object.fromEntries(
    [...args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map(([, k, v]) => [
      k,
      v.startsWith('"') ? (JSON.parse(v) as string) : v,
    ]),
  );
/** A COPY's flags, sources and destination. */
function copyOf(instruction: Instruction): { from?: string; sources: string[]; dest: string } {
  const words = instruction.args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const rest = words.filter((w) => !w.startsWith('--'));
  return { from, sources: rest.slice(0, -1), dest: rest.at(-1) as string };
}
const stageOf = (name: string) => stages.find((s) => s.name === name) as Stage;
const workdirOf = (stage: Stage): string => {
  const own = all(stage, 'WORKDIR').at(-1)?.args;
  return own ?? (stageNames.has(stage.base) ? workdirOf(stageOf(stage.base)) : '/');
};

/** The .dockerignore rules as Docker applies them: the last matching pattern wins, `!` re-includes. */
function dockerignore(): (file: string) => boolean {
  const rules = fs
    .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negated = l.startsWith('!');
      const pattern = path.posix.normalize((negated ? l.slice(1) : l).replace(/^\/+/, ''));
      const source = pattern
        .split('/')
        .map((part) =>
          part === '**'
            ? '.*'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\.\*\//g, '(?:.*/)?');
      return { negated, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (file) => rules.reduce((ignored, rule) => (rule.regex.test(file) ? !rule.negated : ignored), false);
}
const ignored = dockerignore();

/** Files of the build context under a path (repository-relative, POSIX), .dockerignore applied. */
function contextFiles(source: string): string[] {
  const rel = path.posix.normalize(source.replace(/\/$/, ''));
  const full = path.join(ROOT, rel);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return ignored(rel) ? [] : [rel];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.posix.join(path.relative(ROOT, e.parentPath).split(path.sep).join('/'), e.name))
    .filter((f) => !f.split('/').includes('node_modules') && !ignored(f));
}

/** Bytes of the files under a folder. */
function treeSize(dir: string): number {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
}

describe('the container image', () => {
  describe('its Dockerfile', () => {
    it('has no diagnostics from dockerfile-utils with every rule at error severity', () => {
      const ERROR = 2;
      const settings = {
        deprecatedMaintainer: ERROR,
        directiveCasing: ERROR,
        emptyContinuationLine: ERROR,
        instructionCasing: ERROR,
        instructionCmdMultiple: ERROR,
        instructionEntrypointMultiple: ERROR,
        instructionHealthcheckMultiple: ERROR,
        instructionJSONInSingleQuotes: ERROR,
        instructionWorkdirRelative: ERROR,
      };
      const show = (d: ReturnType<typeof validate>[number]) => `line ${d.range.start.line + 1}: ${d.message}`;
      expect(validate(DOCKERFILE, settings).map(show)).toEqual([]);
      // The validator does see mistakes of the kind this file could make.
      const broken =
        'from node:20-bookworm-slim\nWORKDIR app\nCMD ["a"]\nCMD [\'b\']\nHEALTHCHECK --interval=5 CMD x\n';
      expect(validate(broken, settings).length).toBeGreaterThanOrEqual(4);
    });

    it('builds on a pinned node:20 bookworm-slim (no latest) the engines of package.json accept', () => {
      const external = stages.filter(
        (s, i) => !stages.slice(0, i).some((earlier) => earlier.name === s.base),
      );
      expect(external.length).toBeGreaterThan(0);
      for (const stage of external) {
        expect(stage.base).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
      }
      const [major, minor] = globalArgs.NODE_VERSION.split('.').map(Number);
      const [needMajor, needMinor] = (/>=\s*(\d+)\.(\d+)/.exec(PACKAGE.engines.node) as RegExpExecArray)
        .slice(1)
        .map(Number);
      expect(major).toBe(20);
      expect(minor).toBeGreaterThanOrEqual(major === needMajor ? needMinor : 0);
      expect(runtime.base).toBe(`node:${globalArgs.NODE_VERSION}-bookworm-slim`);
    });

    it('runs as a numeric non-root user, set before its exec-form ENTRYPOINT, CMD and HEALTHCHECK (tini as PID 1)', () => {
      const user = one(runtime, 'USER');
      expect(user.args).toMatch(/^[1-9]\d*(:\d+)?$/);
      const entrypoint = one(runtime, 'ENTRYPOINT');
      const cmd = one(runtime, 'CMD');
      const healthcheck = one(runtime, 'HEALTHCHECK');
      for (const after of [entrypoint, cmd, healthcheck]) expect(after.line).toBeGreaterThan(user.line);
      expect(execForm(entrypoint.args).slice(0, 3)).toEqual(['/usr/bin/tini', '--', 'node']);
      expect(execForm(cmd.args)).toEqual(['start']);
      expect(healthcheck.args).toMatch(/--timeout=\d+s/);
      expect(execForm(healthcheck.args.replace(/^(--\S+\s+)*CMD\s+/, ''))[0]).toBe('node');
      expect(
        runtime.instructions
          .filter((i) => i.keyword === 'RUN')
          .some((i) => /apt-get install[^&]*\btini=/.test(i.args)),
      ).toBe(true);
      expect(one(runtime, 'EXPOSE').args).toBe(pairs(one(runtime, 'ENV').args).ORGO_PORT);
    });

    it('installs with npm ci, copies no local file with ADD, cleans the apt lists and cds nowhere', () => {
      expect(DOCKERFILE).not.toMatch(/^\s*ADD\s/im);
      const runs = stages.flatMap((s) => all(s, 'RUN'));
      for (const run of runs) {
        expect(run.args).not.toMatch(/\bnpm (install|i)\b/);
        expect(run.args).not.toMatch(/(^|&&|;)\s*(cd|sudo)\s/);
        expect(run.args).not.toMatch(/\|/);
        if (/apt-get/.test(run.args)) {
          expect(run.args).toMatch(/apt-get update\s*&&/);
          expect(run.args).toMatch(/apt-get install -y --no-install-recommends /);
          expect(run.args).toMatch(/&& rm -rf \/var\/lib\/apt\/lists\/\*/);
          expect(run.args).not.toMatch(/apt-get (upgrade|dist-upgrade)/);
        }
      }
      expect(runs.filter((r) => /\bnpm ci\b/.test(r.args))).toHaveLength(2);
      expect(all(stageOf('prod-deps'), 'RUN').map((r) => r.args)).toEqual([
        expect.stringMatching(/^npm ci --omit=dev /),
      ]);
      // No secret is baked into a layer.
      for (const stage of stages)
        for (const i of [...all(stage, 'ENV'), ...all(stage, 'ARG')])
          expect(i.args).not.toMatch(/PASSWORD|SECRET|TOKEN|_KEYS?\b/i);
    });

    it('labels the image the OCI way, with the version of package.json', () => {
      const labels = Object.assign({}, ...all(runtime, 'LABEL').map((l) => pairs(l.args))) as Record<
        string,
        string
      >;
      for (const key of ['title', 'description', 'version', 'revision', 'created', 'source', 'licenses']) {
        expect(labels[`org.opencontainers.image.${key}`]).toBeTruthy();
      }
      const version = all(runtime, 'ARG').find((a) => a.args.startsWith('VERSION='));
      expect(version?.args).toBe(`VERSION=${PACKAGE.version}`);
      expect(labels['org.opencontainers.image.version']).toBe('${VERSION}');
      expect(labels['org.opencontainers.image.base.name']).toBe(
        'docker.io/library/node:${NODE_VERSION}-bookworm-slim',
      );
    });

    it('declares in each stage the build arguments the stage uses (a global ARG is not seen inside a stage)', () => {
      for (const stage of stages) {
        const declared = new Set(all(stage, 'ARG').map((a) => a.args.split('=')[0]));
        const used = stage.instructions
          .filter((i) => i.keyword !== 'RUN')
          .flatMap((i) => [...i.args.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]));
        for (const name of used)
          expect([stage.name, name, declared.has(name)]).toEqual([stage.name, name, true]);
      }
    });

    it('gives the runtime stage the production dependencies, the build output and config/ only', () => {
      const copies = all(runtime, 'COPY').map(copyOf);
      expect(copies.map((c) => `${c.from ?? 'context'}:${c.sources.join(',')}`).sort()).toEqual(
        [
          'builder:/build/dist/dashboard',
          'builder:/build/dist/runtime',
          'context:config/',
          'prod-deps:/build/node_modules',
        ].sort(),
      );
      expect(workdirOf(stageOf('prod-deps'))).toBe('/build');
      expect(workdirOf(stageOf('builder'))).toBe('/build');
    });

    it('copies sources that exist in the repository and that .dockerignore lets through', () => {
      for (const stage of stages) {
        for (const copy of all(stage, 'COPY').map(copyOf)) {
          if (copy.from) {
            expect([...stageNames]).toContain(copy.from);
            continue;
          }
          for (const source of copy.sources)
            expect([source, contextFiles(source).length > 0]).toEqual([source, true]);
        }
      }
      const kept = [
        'package.json',
        'package-lock.json',
        'apps/orgo/src/main.ts',
        'apps/orgo/src/standalone/service-thread-entry.js',
        'libs/mail-parsing/src/mime-parse.worker.mjs',
        'libs/notifications/templates/email/acknowledgement.text.njk',
        'apps/dashboard/index.html',
        'config/README.md',
        'config/security/security.example.yaml',
      ];
      for (const file of kept) expect([file, ignored(file)]).toEqual([file, false]);
      const left = [
        'node_modules/x/index.js',
        '.git/HEAD',
        'dist/runtime/x.js',
        'tests/a.e2e-spec.ts',
        'coverage/lcov.info',
        'bench/results/r.json',
        '.orgo/data/orgo.db',
        'config/security/security.yaml',
        'apps/parser/src/parser.spec.ts',
        'orgo.log',
        'libs/testing/src/index.ts',
        '.env',
      ];
      for (const file of left) expect([file, ignored(file)]).toEqual([file, true]);
    });
  });

  describe("its runtime stage's tree, built as the stages build it", () => {
    let work: string;
    let app: string;
    let env: Record<string, string>;
    let command: string[];
    let healthcheck: string[];
    const buildLog: string[] = [];

    /** Where a path of the image is in the replayed stages (`/build` of a stage, `/app` of the runtime). */
    const dirs = new Map<string, string>();
    const hostPath = (stage: Stage, p: string) => {
      const absolute = path.posix.isAbsolute(p) ? p : path.posix.join(workdirOf(stage), p);
      const workdir = workdirOf(stage);
      if (!absolute.startsWith(workdir))
        throw new Error(`The test maps only paths under ${workdir} of stage ${stage.name}: ${p}`);
      return path.join(dirs.get(stage.name) as string, path.posix.relative(workdir, absolute));
    };

    function sh(cwd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<void> {
      return new Promise((resolve, reject) => {
        // As in a build stage: NODE_ENV unset (Jest sets it to test).
        const { NODE_ENV: _jest, ...buildEnv } = process.env;
        const child = spawn(args[0], args.slice(1), {
          cwd,
          env: { ...buildEnv, ...extraEnv },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const started = Date.now();
        child.on('exit', (code) => {
          buildLog.push(`${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
          if (code === 0) resolve();
          else reject(new Error(`${args.join(' ')} exited with ${code} in ${cwd}:\n${out}`));
        });
      });
    }

    /**
     * better-sqlite3 is the one native module without a binary in its package: its install
     * (prebuild-install) downloads the prebuilt one for this Node.js, as a Docker build does, and
     * compiles SQLite from source when it cannot (minutes on a loaded machine). There is no network
     * here: the binary the workspace's install has for the same version stands in for the download,
     * as a local prebuild (prebuild-install's `npm_config_<package>_local_prebuilds`).
     */
    function prebuiltSqlite(): Record<string, string> {
      const installed = path.join(ROOT, 'node_modules', 'better-sqlite3');
      const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { version?: string }>;
      };
      const version = lock.packages['node_modules/better-sqlite3']?.version;
      const binary = path.join(installed, 'build', 'Release', 'better_sqlite3.node');
      const workspaceVersion = (
        JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string }
      ).version;
      if (!version || version !== workspaceVersion || !fs.existsSync(binary)) return {};
      const dir = path.join(work, 'prebuilds');
      fs.mkdirSync(dir, { recursive: true });
      const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
      const tar = spawnSync('tar', [
        '-czf',
        path.join(dir, name),
        '-C',
        installed,
        'build/Release/better_sqlite3.node',
      ]);
      return tar.status === 0 ? { npm_config_better_sqlite3_local_prebuilds: dir } : {};
    }

    /** Replays a RUN: each command of it as the test knows to reproduce it here; anything else fails, so they cannot drift apart. */
    async function replayRun(stage: Stage, run: Instruction): Promise<void> {
      const dir = dirs.get(stage.name) as string;
      for (const command of run.args.split('&&').map((c) => c.trim())) {
        const words = command.split(/\s+/);
        if (/^(apt-get|groupadd|useradd|chown)$/.test(words[0]) || command === 'rm -rf /var/lib/apt/lists/*')
          continue; // the system, not the tree
        if (words[0] === 'mkdir' && words[1] === '-p')
          fs.mkdirSync(hostPath(stage, words[2]), { recursive: true });
        // The production dependencies: the real install, from this machine's npm cache.
        else if (command.startsWith('npm ci --omit=dev'))
          await sh(dir, [...words, '--prefer-offline'], prebuiltSqlite());
        // What the install publishes that production does not need: it must be there to remove (a prune list that prunes nothing is stale).
        else if (
          words[0] === 'rm' &&
          words[1] === '-rf' &&
          words.slice(2).every((w) => /^node_modules\/[\w@./-]+$/.test(w) && !w.includes('..'))
        ) {
          for (const target of words.slice(2)) {
            expect([target, fs.existsSync(path.join(dir, target))]).toEqual([target, true]);
            fs.rmSync(path.join(dir, target), { recursive: true });
          }
        }
        // The full install the build scripts need: the workspace's own (the same package-lock.json).
        else if (words[0] === 'npm' && words[1] === 'ci')
          fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
        else if (words[0] === 'node' && /^scripts\/[\w-]+\.js$/.test(words[1]))
          await sh(dir, [process.execPath, ...words.slice(1)]);
        else
          throw new Error(
            `The test does not know how to replay this RUN command of stage ${stage.name}: ${command}`,
          );
      }
    }

    function replayCopy(stage: Stage, copy: ReturnType<typeof copyOf>): void {
      const dest = hostPath(stage, copy.dest);
      for (const source of copy.sources) {
        if (copy.from) {
          const from = hostPath(stageOf(copy.from), source);
          const to =
            copy.dest.endsWith('/') && !source.endsWith('/') && fs.statSync(from).isFile()
              ? path.join(dest, path.basename(from))
              : dest;
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
          continue;
        }
        const base = path.posix.normalize(source.replace(/\/$/, ''));
        const isDir = fs.statSync(path.join(ROOT, base)).isDirectory();
        for (const file of contextFiles(source)) {
          const to = isDir
            ? path.join(dest, path.posix.relative(base, file))
            : copy.dest.endsWith('/')
              ? path.join(dest, path.basename(file))
              : dest;
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.copyFileSync(path.join(ROOT, file), to);
        }
      }
    }

    /** Replays the stages in order; stages on the same parent run side by side, as BuildKit runs them. */
    async function replay(): Promise<void> {
      const done = new Map<string, Promise<void>>();
      for (const stage of stages) {
        const parent = stageNames.has(stage.base) ? done.get(stage.base) : Promise.resolve();
        done.set(
          stage.name,
          (async () => {
            await parent;
            const dir = path.join(work, stage.name);
            if (stageNames.has(stage.base))
              fs.cpSync(dirs.get(stage.base) as string, dir, { recursive: true, verbatimSymlinks: true });
            else fs.mkdirSync(dir, { recursive: true });
            dirs.set(stage.name, dir);
            for (const instruction of stage.instructions) {
              // A COPY --from waits for the stage it copies from.
              if (instruction.keyword === 'COPY') {
                const copy = copyOf(instruction);
                if (copy.from) await done.get(copy.from);
                replayCopy(stage, copy);
              } else if (instruction.keyword === 'RUN') await replayRun(stage, instruction);
            }
          })(),
        );
      }
      await Promise.all(done.values());
    }

    beforeAll(async () => {
      work = tempDir('orgo-image-');
      await replay();
      app = dirs.get(runtime.name) as string;
      env = pairs(
        all(runtime, 'ENV')
          .map((e) => e.args)
          .join(' '),
      );
      const toTree = (word: string) =>
        word.startsWith(`${workdirOf(runtime)}/`) ? hostPath(runtime, word) : word;
      const entrypoint = execForm(one(runtime, 'ENTRYPOINT').args);
      // tini is PID 1 in the image; here the test is the parent that signals node.
      command = entrypoint.slice(entrypoint.indexOf('--') + 1).map(toTree);
      healthcheck = execForm(one(runtime, 'HEALTHCHECK').args.replace(/^(--\S+\s+)*CMD\s+/, '')).map(toTree);
      process.stderr.write(`container image tree: ${buildLog.join('; ')}\n`);
    }, 240_000);

    afterAll(() => {
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    /** The image's command with these arguments (CMD by default) and environment, from its WORKDIR. */
    function runImage(
      args: string[],
      extraEnv: Record<string, string>,
    ): { child: ChildProcess; output: () => string; exited: Promise<number | string | null> } {
      const cmd = args.length ? args : execForm(one(runtime, 'CMD').args);
      const child = spawn(
        command[0] === 'node' ? process.execPath : command[0],
        [...command.slice(1), ...cmd],
        {
          cwd: app,
          env: { PATH: process.env.PATH ?? '', HOME: path.join(app, '.orgo'), ...env, ...extraEnv },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout?.on('data', (d) => (out += d));
      child.stderr?.on('data', (d) => (out += d));
      // The exit code, or the signal that ended the process.
      const exited = new Promise<number | string | null>((resolve) =>
        child.on('exit', (code, signal) => resolve(code ?? signal)),
      );
      return { child, output: () => out, exited };
    }

    /** The image's HEALTHCHECK against the container's port. */
    function probe(port: number): Promise<number | null> {
      const child = spawn(process.execPath, healthcheck.slice(1), {
        cwd: app,
        env: { ...env, ORGO_PORT: String(port) },
        stdio: 'ignore',
      });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    }

    async function waitReady(url: string, run: ReturnType<typeof runImage>): Promise<void> {
      let exit: number | string | null | undefined;
      void run.exited.then((code) => (exit = code));
      const end = Date.now() + 60_000;
      for (;;) {
        if (exit !== undefined) throw new Error(`exited with ${exit}:\n${run.output()}`);
        const res = await fetch(`${url}/health/ready`).catch(() => undefined);
        if (res?.status === 200) return;
        if (Date.now() > end) throw new Error(`not ready in time:\n${run.output()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }

    it('holds the compiled services, the dashboard and config/, and no devDependency nor TypeScript source', () => {
      for (const file of [
        'scripts/orgo.js',
        'scripts/healthcheck.js',
        'apps/orgo/src/main.js',
        'apps/audit-log/src/service.js',
        'dist/dashboard/index.html',
      ]) {
        expect([file, fs.existsSync(path.join(app, file))]).toEqual([file, true]);
      }
      expect(fs.existsSync(path.join(app, 'config', 'global', 'base_config.yaml'))).toBe(true);
      const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { dev?: boolean }>;
      };
      const devOnly = Object.entries(lock.packages).filter(
        ([key, p]) => key.startsWith('node_modules/') && p.dev,
      );
      expect(devOnly.length).toBeGreaterThan(100);
      expect(devOnly.map(([key]) => key).filter((key) => fs.existsSync(path.join(app, key)))).toEqual([]);
      for (const name of ['typescript', 'jest', '@swc/core', '@swc-node/register', 'vite', 'nx', 'eslint'])
        expect(fs.existsSync(path.join(app, 'node_modules', name))).toBe(false);
      for (const name of Object.keys(PACKAGE.dependencies))
        expect([name, fs.existsSync(path.join(app, 'node_modules', name))]).toEqual([name, true]);
      const sources = fs
        .readdirSync(app, { recursive: true })
        .map(String)
        .filter((f) => !f.startsWith('node_modules') && /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
      expect(sources).toEqual([]);
      expect(fs.existsSync(path.join(app, 'config', 'security', 'security.example.yaml'))).toBe(true);
      // What the image adds to node:20-bookworm-slim; devDependencies alone would double it.
      const megabytes = treeSize(app) / 1e6;
      process.stderr.write(
        `container image tree: ${megabytes.toFixed(0)} MB (node_modules ${(treeSize(path.join(app, 'node_modules')) / 1e6).toFixed(0)} MB)\n`,
      );
      expect(megabytes).toBeLessThan(300);
    });

    it('runs one service of the distributed shape (ORGO_SERVICE=audit-log): live, ready, healthy, and stops on SIGTERM', async () => {
      const run = `t${randomUUID().slice(0, 8)}`;
      const port = await freePort();
      const orgo = runImage([], {
        ORGO_SERVICE: 'audit-log',
        ORGO_PORT: String(port),
        ...namespaceEnv(run),
        // As a mounted secret would be.
        ORGO_KEY_FILE: ensureKeyFile(path.join(work, 'secrets')),
      });
      try {
        const url = `http://127.0.0.1:${port}`;
        await waitReady(url, orgo);
        const ready = await fetch(`${url}/health/ready`);
        expect(await ready.json()).toMatchObject({
          status: 'ready',
          service: 'audit-log',
          database: true,
          broker: true,
        });
        expect((await fetch(`${url}/health/live`)).status).toBe(200);
        expect(await probe(port)).toBe(0);
        orgo.child.kill('SIGTERM');
        expect(await orgo.exited).toBe(0);
        expect(await probe(port)).toBe(1);
      } finally {
        orgo.child.kill('SIGKILL');
        await removeNamespace(run);
      }
    });

    it('runs the standalone shape (`start`): the API and dashboard, the sample mail becoming tasks, and stops on SIGTERM', async () => {
      const home = path.join(work, 'standalone-home');
      const port = await freePort();
      const orgo = runImage(['start', '--home', home], { ORGO_PORT: String(port) });
      try {
        const url = `http://127.0.0.1:${port}`;
        await waitReady(url, orgo);
        expect(
          (await fetch(`${url}/health/ready`).then((r) => r.json())) as { status: string },
        ).toMatchObject({ status: 'ready' });
        expect(await probe(port)).toBe(0);
        const page = await fetch(`${url}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<div id="root">');
        // The parser's worker (.mjs), the service threads and the rules all ran from the compiled tree.
        const end = Date.now() + 30_000;
        while (!/new task\s+NS-\d+/.test(orgo.output()) && Date.now() < end)
          await new Promise((r) => setTimeout(r, 250));
        expect(orgo.output()).toMatch(/new task\s+NS-\d+/);
        orgo.child.kill('SIGTERM');
        // Every service closed in order, within the grace period.
        expect(await orgo.exited).toBe(0);
        expect(orgo.output()).toContain('SIGTERM: stopping Orgo');
      } finally {
        orgo.child.kill('SIGKILL');
      }
    });

    it('runs the other commands: `migrate` and `--help`', async () => {
      const migrate = runImage(['migrate', '--home', path.join(work, 'migrate-home'), '--json'], {});
      expect([await migrate.exited, migrate.output()]).toEqual([0, expect.stringContaining('"audit-log":[')]);
      const help = runImage(['--help'], {});
      expect(await help.exited).toBe(0);
      expect(help.output()).toContain('start [options]');
    });
  });
});
