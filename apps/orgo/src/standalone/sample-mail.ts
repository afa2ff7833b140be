import fs from 'node:fs';
import path from 'node:path';

import type { OrgoConfig } from '@orgo/config';

const MARKER = '.samples-dropped';

/**
 * On the first start of a home, drops the example organizations' sample mail
 * (`config/organizations/<slug>/samples/*.eml`) into the inbox folder of the role address each is
 * written to, so a newcomer sees Orgo work at once. Returns the files dropped.
 */
export function dropSampleMail(config: OrgoConfig, home: string): string[] {
  const marker = path.join(home, MARKER);
  if (fs.existsSync(marker)) return [];
  const dropped: string[] = [];
  for (const org of config.organizations) {
    const dir = path.join(config.dir, 'organizations', org.slug, 'samples');
    if (!fs.existsSync(dir)) continue;
    const addresses = new Set(org.roles.flatMap((r) => r.addresses));
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()) {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      const to = /^To:\s*(.+)$/im.exec(raw)?.[1] ?? '';
      const mailbox = (to.match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? []).map((a) => a.toLowerCase()).find((a) => addresses.has(a));
      if (!mailbox) continue;
      const target = path.join(home, 'inbox', mailbox);
      fs.mkdirSync(target, { recursive: true });
      fs.writeFileSync(path.join(target, `${file}.tmp`), raw);
      fs.renameSync(path.join(target, `${file}.tmp`), path.join(target, file));
      dropped.push(`${mailbox}/${file}`);
    }
  }
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(marker, new Date().toISOString());
  return dropped;
}
