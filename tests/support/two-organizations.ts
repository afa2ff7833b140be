import fs from 'node:fs';
import path from 'node:path';

import { ROOT, tempDir } from './standalone-process';

const RIVERSIDE = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

/** Lakeside: a friend group (automation level manual) beside Riverside, with its own addresses. */
const LAKESIDE = `metadata: { version: "1.0", last_updated: "2026-11-24" }
organization:
  slug: lakeside
  name: Lakeside Rowing Club
  type: community
  timezone: Europe/Dublin
  profile: friend_group
  parameters: { reactivity: { high: 2h }, severity_threshold: major }
  triage: "101.Club.Secretary"
positions:
  - { id: "1", title: Captain, holders: [captain@lakeside.example] }
  - { id: "11.Boats", title: Boat officer, holders: [boats@lakeside.example] }
  - { id: "1001.Boats.Repairs", title: Boat repairer, holders: [fixer@lakeside.example], reports_to: "11.Boats" }
  - { id: "101.Club.Secretary", title: Secretary, holders: [secretary@lakeside.example] }
roles:
  - { id: Boats.Repairs, addresses: [boats@club.lakeside.example] }
  - { id: Club.Secretary, addresses: [hello@lakeside.example] }
`;

const LAKESIDE_RULES = `metadata: { version: "1.0", last_updated: "2026-11-24" }
rules:
  - name: broken-oar
    condition: "subject contains 'oar'"
    action: { type: boats, subtype: oar, category: 8, subcategory: 1, route_to: Boats.Repairs, priority: high }
`;

/** A Riverside rule whose tasks are private (a rule's visibility overrides the profile's transparency). */
const RIVERSIDE_PRIVATE_RULES = `metadata: { version: "1.0", last_updated: "2026-11-24" }
rules:
  - name: locker-theft
    condition: "subject contains 'locker'"
    action: { type: facilities, subtype: locker, category: 8, subcategory: 1, route_to: Facilities.Repairs, visibility: private }
`;

/**
 * A configuration of two organizations in one installation: the Riverside fixture (retail_chain,
 * assisted; here with an organization override of its transparency and a rule for private tasks) and Lakeside (friend_group,
 * manual, with overrides). Returns the configuration folder.
 */
export function twoOrganizationsConfig(): string {
  const dir = tempDir('orgo-two-orgs-');
  fs.cpSync(RIVERSIDE, dir, { recursive: true });
  const riverside = path.join(dir, 'organizations', 'riverside', 'organization.yaml');
  fs.writeFileSync(riverside, fs.readFileSync(riverside, 'utf8').replace('  profile: retail_chain\n', '  profile: retail_chain\n  parameters: { transparency: organization }\n'));
  fs.writeFileSync(path.join(dir, 'organizations', 'riverside', 'rules', 'private_rules.yaml'), RIVERSIDE_PRIVATE_RULES);
  fs.mkdirSync(path.join(dir, 'organizations', 'lakeside', 'rules'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'organizations', 'lakeside', 'organization.yaml'), LAKESIDE);
  fs.writeFileSync(path.join(dir, 'organizations', 'lakeside', 'rules', 'lakeside_rules.yaml'), LAKESIDE_RULES);
  return dir;
}
