/**
 * The page to return to after signing in, from a `?next=` value: a path on this origin only.
 * Anything else (another origin `https://evil.example`, a protocol-relative `//evil.example`, a
 * backslash that browsers read as a slash `/\evil.example`, a `javascript:` URL, control
 * characters) is ignored: the answer is null and the caller goes to its usual page.
 */
export function returnPath(next: unknown): string | null {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return null;
  const base = 'https://chaman.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Back to the sign-in or sign-up page would only loop.
  return /^\/sign-(in|up)(\/|\?|#|$)/.test(path) ? null : path;
}
