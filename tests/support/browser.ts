import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

/** Debian's Chromium: playwright's own browser download does not work on these machines. */
export const CHROMIUM = process.env.ORGO_TEST_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Installs Debian's chromium when it is missing (as root with apt-get), or says exactly what to do. */
export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  const how =
    'apt-get update && apt-get install -y chromium (or point ORGO_TEST_CHROMIUM at a Chromium binary)';
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get'))
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}, which is missing. Install it: ${how}`);
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      throw new Error(
        `The browser tests need Chromium, and 'apt-get ${args.join(' ')}' failed (exit ${result.status}). Install it by hand: ${how}`,
      );
  }
}

export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** A page that records what the browser console and the Content-Security-Policy complained about. */
export async function openPage(context: BrowserContext): Promise<{ page: Page; complaints: string[] }> {
  const page = await context.newPage();
  const complaints: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
      complaints.push(message.text());
  });
  page.on('pageerror', (error) => complaints.push(`page error: ${error.message}`));
  return { page, complaints };
}

/** axe-core's serious and critical violations on the page as it is (WCAG 2.1 A and AA rules). */
export async function seriousViolations(
  page: Page,
): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** Writes a full-page screenshot to `dir/<name>.png` and returns its size in bytes. */
export async function screenshot(page: Page, dir: string, name: string): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return fs.statSync(file).size;
}
