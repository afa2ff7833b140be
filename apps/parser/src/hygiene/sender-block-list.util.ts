/**
 * The entry of an organization's `intake.block` list that blocks a sender, or null: an address
 * blocks itself (case-insensitive); `@domain` blocks the domain and its subdomains
 * (`@example.com` blocks `a@example.com` and `a@mail.example.com`, not `a@notexample.com`).
 */
export function blockingEntry(block: readonly string[], sender: string): string | null {
  const address = sender.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  const domain = address.slice(at + 1);
  for (const entry of block) {
    const wanted = entry.toLowerCase();
    if (wanted.startsWith('@')) {
      const blocked = wanted.slice(1);
      if (domain === blocked || domain.endsWith(`.${blocked}`)) return entry;
    } else if (wanted === address) {
      return entry;
    }
  }
  return null;
}
