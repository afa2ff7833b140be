import { RECOVERY_CODE_COUNT, hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, useRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('hands out distinct codes that are not TOTP codes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    expect(codes.every(looksLikeRecoveryCode)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });

  it('works once each, whatever the case or dashes', () => {
    const codes = newRecoveryCodes(3);
    const hashes = codes.map(hashRecoveryCode);
    const left = useRecoveryCode(hashes, codes[1].toUpperCase().replace('-', ' '));
    expect(left).toEqual([hashes[0], hashes[2]]);
    expect(useRecoveryCode(left!, codes[1])).toBeNull();
    expect(useRecoveryCode(hashes, 'aaaaa-bbbbb')).toBeNull();
  });

  it('keeps only hashes, never the code', () => {
    const [code] = newRecoveryCodes(1);
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code)).not.toContain(code.replace('-', ''));
  });
});
