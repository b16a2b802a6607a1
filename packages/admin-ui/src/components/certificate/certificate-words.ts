/** A certificate's key in words: "RSA 2048 bits", "EC P-384". */
export function keyText(
  t: (key: string, params: Record<string, unknown>) => string,
  c: { keyAlgorithm: string; keySize: number | null; curve: string | null },
): string {
  if (c.curve) return t('channels.keyCurve', { algorithm: c.keyAlgorithm, curve: c.curve });
  return c.keySize ? t('channels.keyBits', { algorithm: c.keyAlgorithm, bits: c.keySize }) : c.keyAlgorithm;
}

/** The first and last groups of a fingerprint, for a narrow column ("AB:CD:…:EF:01"); the whole one is copied. */
export function shortFingerprint(fingerprint: string): string {
  const parts = fingerprint.split(':');
  return parts.length <= 6 ? fingerprint : `${parts.slice(0, 3).join(':')}…${parts.slice(-3).join(':')}`;
}
