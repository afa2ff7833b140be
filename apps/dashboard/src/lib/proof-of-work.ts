/**
 * The intake form's proof of work (no third-party captcha): find a `nonce` such that
 * sha256(`${token}:${nonce}`) starts with `difficulty` zero bits. The server checks it with one
 * hash; a person's browser spends about a second, a spammer's loop that much per message.
 */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export async function solveChallenge(
  token: string,
  difficulty: number,
  digest: (data: Uint8Array) => Promise<ArrayBuffer> = (d) =>
    crypto.subtle.digest('SHA-256', d as BufferSource),
): Promise<string> {
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce++) {
    const hash = new Uint8Array(await digest(encoder.encode(`${token}:${nonce}`)));
    if (leadingZeroBits(hash) >= difficulty) return String(nonce);
  }
}
