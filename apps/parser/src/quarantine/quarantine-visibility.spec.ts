import path from 'node:path';

import { loadConfig } from '@orgo/config';

import { quarantineVisibility } from './quarantine-visibility';

const config = loadConfig(path.resolve(__dirname, '../../../../config'));
const member = (email: string) => ({ email, admin: false });

/** Who sees which mailboxes of the example organization's quarantine (config/organizations/northside). */
describe('quarantineVisibility', () => {
  it('shows an administrator everything of their scope', () => {
    expect(quarantineVisibility(config, { email: 'admin@x.example', admin: true }, null)).toBe('all');
    expect(quarantineVisibility(config, { email: 'admin@x.example', admin: true }, ['northside'])).toBe('all');
  });

  it("shows a member the addresses of the roles of the positions they hold, in either tier", () => {
    expect(quarantineVisibility(config, member('bob@northside.example'), ['northside'])).toEqual([
      { organization: 'northside', mailboxes: ['maintenance@northside.example'], unclaimedExcept: null },
    ]);
    expect(quarantineVisibility(config, member('Jane@Northside.example'), ['northside'])).toEqual([
      { organization: 'northside', mailboxes: ['maintenance@northside.example'], unclaimedExcept: null },
    ]);
    expect(quarantineVisibility(config, member('grace@northside.example'), ['northside'])).toEqual([
      { organization: 'northside', mailboxes: ['hr@northside.example', 'report@northside.example'], unclaimedExcept: null },
    ]);
  });

  it('adds the mailboxes no role claims for a holder of the triage position', () => {
    const [office] = quarantineVisibility(config, member('office.lead@northside.example'), ['northside']) as Exclude<ReturnType<typeof quarantineVisibility>, 'all'>;
    expect(office.mailboxes).toEqual(['info@northside.example', 'office@northside.example']);
    expect(office.unclaimedExcept).toEqual(expect.arrayContaining(['maintenance@northside.example', 'it@northside.example', 'hr@northside.example']));
    // The assistant of the same role is no triage holder.
    expect(quarantineVisibility(config, member('sam@northside.example'), ['northside'])).toEqual([
      { organization: 'northside', mailboxes: ['info@northside.example', 'office@northside.example'], unclaimedExcept: null },
    ]);
  });

  it('shows nothing to a member holding no role position, outside their organizations, or to a caller who does not say who they are', () => {
    expect(quarantineVisibility(config, member('nobody@northside.example'), ['northside'])).toEqual([]);
    // Head of operations: a position of no role (11.Ops) gives no role's mailboxes.
    expect(quarantineVisibility(config, member('ops.head@northside.example'), ['northside'])).toEqual([]);
    expect(quarantineVisibility(config, member('bob@northside.example'), ['elsewhere'])).toEqual([]);
    expect(quarantineVisibility(config, member('bob@northside.example'), [])).toEqual([]);
    expect(quarantineVisibility(config, undefined, null)).toEqual([]);
    expect(quarantineVisibility(config, { email: '', admin: false }, null)).toEqual([]);
  });
});
