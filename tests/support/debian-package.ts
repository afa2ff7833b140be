import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Makes sure a Debian package is installed for a suite, the way @orgo/testing installs Dovecot: as
 * root, or through `sudo -n`, with apt-get, printing what it does. `present` says whether it is
 * there already; a failure says exactly what to run by hand.
 */
export function ensureDebianPackage(pkg: string, why: string, present: () => boolean): void {
  if (present()) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${pkg}`;
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!root && !sudo)
    throw new Error(
      `${why} need Debian's ${pkg}, which is not installed, and this user cannot install it. Run: sudo ${command}`,
    );
  if (!fs.existsSync('/usr/bin/apt-get'))
    throw new Error(`${why} need ${pkg}: it is not installed and apt-get is not available to install it.`);
  const run = (args: string[]) => {
    const [cmd, ...rest] = sudo ? ['sudo', '-n', ...args] : args;
    process.stdout.write(`[${pkg}] ${[cmd, ...rest].join(' ')}\n`);
    const result = spawnSync(cmd, rest, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      throw new Error(
        `${why} need ${pkg}, and '${[cmd, ...rest].join(' ')}' failed (exit ${result.status}). Install it by hand: ${command}`,
      );
  };
  process.stdout.write(`[${pkg}] missing: installing it for ${why}\n`);
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', pkg]);
  if (!present()) throw new Error(`${pkg} was installed but is still not found`);
}
