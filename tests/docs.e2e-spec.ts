import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { ROOT } from './support/standalone-process';

/**
 * The documentation cannot drift from the code unnoticed (SPEC §8): every `npm run` script, `orgo`
 * command and option, and repository path the README and the docs name must exist, every app and
 * lib must be in the README's map, and no page may still announce as "being built" what exists.
 */
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  'docs/operating.md',
  'docs/logging.md',
  'docs/architecture.md',
  'docs/reviews.md',
  'docs/performance.md',
  'docs/adr/README.md',
  'config/README.md',
  'helm/orgo/README.md',
  'k8s/README.md',
]
  .concat(
    ['apps', 'libs'].flatMap((dir) =>
      fs.readdirSync(path.join(ROOT, dir)).map((name) => `${dir}/${name}/README.md`),
    ),
  )
  .filter((file) => fs.existsSync(path.join(ROOT, file)));

const run = promisify(execFile);

/** The inline code spans and code-block lines of a Markdown file: where commands and paths are written. */
function codeOf(markdown: string): string[] {
  const code: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^ {4,}\S/.test(line)) code.push(line.trim());
    else for (const match of line.matchAll(/`([^`]+)`/g)) code.push(match[1]);
  }
  return code;
}

const sources = DOCS.map((file) => ({ file, code: codeOf(fs.readFileSync(path.join(ROOT, file), 'utf8')) }));

interface Mention {
  file: string;
  words: string[];
  options: string[];
  text: string;
}

/** `orgo <command> [<sub>] … --option …` and `npm run orgo -- …` as the docs write them. */
function orgoMentions(): Mention[] {
  const mentions: Mention[] = [];
  for (const { file, code } of sources) {
    for (const text of code) {
      // `kubectl -n orgo …` names a namespace, not the command.
      for (const match of text.matchAll(
        /(?:^|[\s(;&|])(?<!-n )(?<!--namespace )(?:npm run orgo --|orgo)\s+([a-z][^;&|]*)/g,
      )) {
        const rest = match[1].trim().split(/\s+/);
        const words: string[] = [];
        for (const token of rest) {
          if (!/^[a-z][a-z-]*$/.test(token) || words.length === 2) break;
          words.push(token);
        }
        const options = [
          ...new Set(rest.filter((t) => /^--[a-z]/.test(t)).map((t) => t.replace(/[=[\]<>.,)`'"].*$/, ''))),
        ];
        if (words.length) mentions.push({ file, words, options, text });
      }
    }
  }
  return mentions;
}

interface CommandHelp {
  subcommands: string[];
  options: string[];
}

async function help(words: string[]): Promise<CommandHelp> {
  const { stdout } = await run(
    process.execPath,
    [path.join(ROOT, 'scripts', 'orgo.js'), ...words, '--help'],
    { cwd: ROOT, timeout: 60_000 },
  );
  const section = (name: string) => stdout.split(`${name}:\n`)[1]?.split(/\n\n/)[0] ?? '';
  return {
    subcommands: [...section('Commands').matchAll(/^ {2}([a-z][a-z-]*)/gm)]
      .map((m) => m[1])
      .filter((c) => c !== 'help'),
    options: [...stdout.matchAll(/(?:^|[\s,])(--[a-z][a-z-]*)/gm)].map((m) => m[1]),
  };
}

describe('the documentation matches the code', () => {
  const commands = new Map<string, CommandHelp>();

  beforeAll(async () => {
    const top = await help([]);
    commands.set('', top);
    const level = async (prefixes: string[][]) => {
      const next: string[][] = [];
      for (let i = 0; i < prefixes.length; i += 4) {
        const batch = prefixes.slice(i, i + 4);
        const found = await Promise.all(batch.map((words) => help(words)));
        batch.forEach((words, j) => {
          commands.set(words.join(' '), found[j]);
          next.push(...found[j].subcommands.map((sub) => [...words, sub]));
        });
      }
      return next;
    };
    const second = await level(top.subcommands.map((c) => [c]));
    await level(second);
  }, 180_000);

  it('names only npm scripts that exist', () => {
    const scripts = Object.keys(
      (
        JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts,
    );
    const stale = sources.flatMap(({ file, code }) =>
      code.flatMap((text) =>
        [...text.matchAll(/\bnpm (?:run(?:-script)? )?(?:--silent )?([a-z][a-z:-]*)/g)]
          .map((m) => m[1])
          .filter(
            (name) =>
              !['install', 'ci', 'run', 'view', 'ls', 'exec'].includes(name) && !scripts.includes(name),
          )
          .map((name) => `${file}: npm ${name} (in "${text}")`),
      ),
    );
    expect(stale).toEqual([]);
  });

  it('names only orgo commands and options that exist', () => {
    const mentions = orgoMentions();
    expect(mentions.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const m of mentions) {
      // The longest command path the words name: `audit verify`, `backup`, `start`.
      let key = '';
      for (const word of m.words) {
        const candidate = key ? `${key} ${word}` : word;
        if (!commands.has(candidate)) break;
        key = candidate;
      }
      if (!key) {
        problems.push(`${m.file}: 'orgo ${m.words.join(' ')}' is not a command (in "${m.text}")`);
        continue;
      }
      const own = commands.get(key)!;
      const next = m.words[key.split(' ').length];
      if (own.subcommands.length && next !== undefined) {
        problems.push(
          `${m.file}: 'orgo ${key}' has no subcommand '${next}'; it has ${own.subcommands.join(', ')} (in "${m.text}")`,
        );
        continue;
      }
      if (own.subcommands.length && m.options.length) {
        problems.push(`${m.file}: 'orgo ${key}' needs one of ${own.subcommands.join(', ')} (in "${m.text}")`);
      }
      for (const option of m.options)
        if (!own.options.includes(option))
          problems.push(`${m.file}: 'orgo ${key}' has no option ${option} (in "${m.text}")`);
    }
    expect(problems).toEqual([]);
  });

  it('names only repository paths that exist', () => {
    const stale = sources.flatMap(({ file, code }) =>
      code
        .flatMap((text) => text.split(/[\s,()]+/))
        .map((token) => token.replace(/[.:;'"]+$/, ''))
        .filter(
          (token) =>
            /^(apps|libs|docs|config|helm|k8s|tests|scripts|tools|bench)\/[\w./@-]+$/.test(token) &&
            !/[<>*{}…]/.test(token),
        )
        .filter((token) => !fs.existsSync(path.join(ROOT, token)))
        .map((token) => `${file}: ${token}`),
    );
    expect([...new Set(stale)]).toEqual([]);
  });

  it("lists every app and lib in the README's map of the repository, each with a README of its own", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const map = (folder: string) =>
      readme.split('\n').find((line) => line.startsWith(`| \`${folder}/\``)) ?? '';
    for (const folder of ['apps', 'libs']) {
      const names = fs
        .readdirSync(path.join(ROOT, folder))
        .filter((name) => fs.statSync(path.join(ROOT, folder, name)).isDirectory());
      const row = map(folder).toLowerCase();
      const missing = names.filter(
        (name) =>
          name !== 'orgo' &&
          name !== 'dashboard' &&
          !row.includes(name.replace(/-/g, ' ')) &&
          !row.includes(name),
      );
      expect({ folder, missing }).toEqual({ folder, missing: [] });
      expect(names.filter((name) => !fs.existsSync(path.join(ROOT, folder, name, 'README.md')))).toEqual([]);
    }
  });

  it('announces nothing as still being built', () => {
    const stale = DOCS.flatMap((file) =>
      fs
        .readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        .filter(({ line }) =>
          /\b(are|is) (still )?being built\b|\bnot yet (built|implemented|available)\b|\bcoming soon\b/i.test(
            line,
          ),
        )
        .map(({ line, at }) => `${at}: ${line.trim()}`),
    );
    expect(stale).toEqual([]);
  });

  it('indexes every decision record (docs/adr/README.md)', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'adr', 'README.md'), 'utf8');
    const unlinked = fs
      .readdirSync(path.join(ROOT, 'docs', 'adr'))
      .filter((name) => /^\d{4}-.*\.md$/.test(name))
      .filter((name) => !text.includes(`](${name})`));
    expect(unlinked).toEqual([]);
  });
});
