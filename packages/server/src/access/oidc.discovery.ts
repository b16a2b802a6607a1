import * as client from 'openid-client';
import type { OidcConfig } from '../config.js';

/** After a failed discovery, requests within this time get the same failure instead of waiting on a provider that is down. */
const RETRY_AFTER_MS = 1_000;
const TIMEOUT_SECONDS = 10;

/**
 * The provider's configuration (endpoints, keys), discovered at first use and kept. Lazily, so that
 * Chaman starts and serves password sign-ins while the provider is briefly unreachable; a failed
 * discovery is tried again by a later sign-in.
 */
export class OidcDiscovery {
  private found: Promise<client.Configuration> | null = null;
  private failedAt = 0;

  constructor(private readonly oidc: OidcConfig) {}

  configuration(): Promise<client.Configuration> {
    if (this.found && this.failedAt !== 0 && Date.now() - this.failedAt > RETRY_AFTER_MS) this.found = null;
    this.found ??= this.discover();
    return this.found;
  }

  private async discover(): Promise<client.Configuration> {
    this.failedAt = 0;
    const issuer = new URL(this.oidc.issuer);
    try {
      return await client.discovery(issuer, this.oidc.clientId, this.oidc.clientSecret, undefined, {
        timeout: TIMEOUT_SECONDS,
        // The configuration admits plain http only for a provider on this machine (development, tests).
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      });
    } catch (error) {
      this.failedAt = Date.now();
      throw error;
    }
  }
}
