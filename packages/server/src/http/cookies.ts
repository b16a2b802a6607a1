export const SESSION_COOKIE = 'chaman_session';

/** The value of one cookie from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The session cookie: HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site
 * POSTs, which with Apollo's CSRF prevention stops cross-site requests), Secure behind https.
 */
export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export const DEVICE_COOKIE = 'chaman_device';
/** About the longest browsers keep a cookie (Chrome caps Max-Age at 400 days). */
const DEVICE_COOKIE_DAYS = 400;

/**
 * The device cookie: a random id set on every sign-in, that makes this browser a device that
 * signed in before (the per-email sign-in limit spares it). HttpOnly like the session; sent to the
 * API only.
 */
export function deviceCookie(deviceId: string, options: { secure: boolean }): string {
  return [
    `${DEVICE_COOKIE}=${encodeURIComponent(deviceId)}`,
    'Path=/graphql',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${DEVICE_COOKIE_DAYS * 86_400}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
