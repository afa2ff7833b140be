import { type RefreshState, refreshVerdict } from './refresh-verdict';

const now = new Date('2026-03-01T12:00:00.000Z');
const live: RefreshState = {
  token: { sessionId: 's1', expiresAt: '2026-03-08T12:00:00.000Z', retiredAt: null },
  session: { id: 's1', revokedAt: null, expiresAt: '2026-03-08T12:00:00.000Z' },
};

describe('refreshVerdict', () => {
  it('rotates a live token of a live session', () => {
    expect(refreshVerdict(live, now)).toBe('rotate');
  });

  it('calls a retired token presented again a reuse', () => {
    expect(refreshVerdict({ ...live, token: { ...live.token!, retiredAt: '2026-03-01T11:00:00.000Z' } }, now)).toBe('reused');
  });

  it('refuses every token of a revoked family, the newest included', () => {
    expect(refreshVerdict({ ...live, session: { ...live.session!, revokedAt: '2026-03-01T11:30:00.000Z' } }, now)).toBe('session_ended');
  });

  it('refuses unknown, mismatched and expired tokens', () => {
    expect(refreshVerdict({ token: null, session: null }, now)).toBe('unknown');
    expect(refreshVerdict({ ...live, session: { ...live.session!, id: 's2' } }, now)).toBe('unknown');
    expect(refreshVerdict({ ...live, token: { ...live.token!, expiresAt: '2026-03-01T11:59:59.000Z' } }, now)).toBe('expired');
  });
});
