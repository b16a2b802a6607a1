import type { Actor, CompanyRef, Role } from '@chaman/domain';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { CompanyEntity } from '../company/company.entity.js';
import { joined, mandateInForce, rowToCompany, splitJoined, toDate, toDateOrNull } from '../db/rows.js';
import type { Transact } from '../db/transaction.js';
import { readCookie, SESSION_COOKIE } from '../http/cookies.js';
import { CredentialEntity } from './credential.entity.js';
import type { PersonEntity } from './person.entity.js';
import { hashSecret } from './secrets.js';
import { select } from '../db/select.js';

/** The authenticated caller of a request (the password hash is never loaded for it). */
export interface Viewer {
  person: Omit<PersonEntity, 'passwordHash'>;
  credential: CredentialEntity;
  /** Active roles by company id, as read with the credential (the access loader starts from them). */
  roles: Record<string, Role[]>;
  /** The companies of those roles, read with the credential too (the access loader starts from them). */
  companies: Map<string, LoadedCompany>;
}

/** Don't rewrite last_used_at on every request: once a minute is precise enough for idle expiry. */
const TOUCH_AFTER_MS = 60_000;

/** The secret a request carries: `Authorization: Bearer`, else the session cookie. */
export function presentedSecret(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? m[1]! : null;
  }
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

/**
 * Finds who is calling. Returns the viewer, or null with the reason a presented credential was
 * refused (so that an expired session gets "sign in again", not a bare "unauthenticated").
 */
export async function authenticate(
  ds: DataSource,
  transact: Transact,
  config: Config,
  request: FastifyRequest,
): Promise<{ viewer: Viewer | null; problem: string | null }> {
  const secret = presentedSecret(request);
  if (!secret) return { viewer: null, problem: null };
  // One statement for the credential, its person, the person's active roles and their companies
  // (with the providers each has mandated): this runs on every authenticated request, and the
  // integrator's read and the UI's start then need no statement of their own for the company.
  // One row per active role; a person has a few.
  const pg = ds.options.type === 'postgres';
  const now = Date.now();
  const rows: Record<string, unknown>[] = await select(
    ds,
    `SELECT c.id, c.person_id, c.kind, c.name, c.created_at, c.last_used_at, c.expires_at, c.revoked_at,
            p.email, p.first_name, p.last_name, p.created_at AS person_created_at, r.role,
            co.id AS company_id, co.enterprise_number AS company_enterprise_number, co.name AS company_name,
            co.nsso_number AS company_nsso_number, co.created_at AS company_created_at, co.created_by AS company_created_by,
            (SELECT ${joined(pg, 'm.provider_id')} FROM mandate m WHERE ${mandateInForce('m', 'co.id', pg ? ['$2', '$3'] : ['?', '?'])}) AS company_providers
       FROM credential c JOIN person p ON p.id = c.person_id
       LEFT JOIN role_assignment r ON r.person_id = p.id AND r.status = 'ACTIVE'
       LEFT JOIN company co ON co.id = r.company_id
      WHERE c.secret_hash = ${pg ? '$1' : '?'}
      ORDER BY r.id`,
    pg ? [hashSecret(secret), now, now] : [now, now, hashSecret(secret)],
  );
  const row = rows[0];
  if (!row) return { viewer: null, problem: 'The session or token is not valid; sign in again' };
  const credential: CredentialEntity = {
    id: row.id as string,
    personId: row.person_id as string,
    kind: row.kind as CredentialEntity['kind'],
    name: (row.name as string | null) ?? null,
    secretHash: '',
    createdAt: toDate(row.created_at),
    lastUsedAt: toDate(row.last_used_at),
    expiresAt: toDate(row.expires_at),
    revokedAt: toDateOrNull(row.revoked_at),
  };
  if (credential.revokedAt) return { viewer: null, problem: 'This session or token was revoked; sign in again' };
  if (credential.expiresAt.getTime() <= now) return { viewer: null, problem: 'This session or token has expired; sign in again' };
  if (credential.kind === 'SESSION' && credential.lastUsedAt.getTime() + config.sessions.idleMinutes * 60_000 <= now) {
    return { viewer: null, problem: 'This session expired after a period of inactivity; sign in again' };
  }
  const person = {
    id: credential.personId,
    email: row.email as string,
    firstName: row.first_name as string,
    lastName: row.last_name as string,
    createdAt: toDate(row.person_created_at),
  };
  if (now - credential.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
    await transact((em) => em.update(CredentialEntity, { id: credential.id }, { lastUsedAt: new Date(now) }));
  }
  const roles: Record<string, Role[]> = {};
  const companies = new Map<string, LoadedCompany>();
  for (const r of rows) {
    const id = r.company_id as string | null;
    if (id === null) continue;
    (roles[id] ??= []).push(r.role as Role);
    if (!companies.has(id)) {
      const entity = rowToCompany({ id, enterprise_number: r.company_enterprise_number, name: r.company_name, nsso_number: r.company_nsso_number, created_at: r.company_created_at, created_by: r.company_created_by });
      companies.set(id, { entity, ref: { id, activeProviderIds: splitJoined(r.company_providers) } });
    }
  }
  return { viewer: { person, credential, roles, companies }, problem: null };
}

export interface LoadedCompany {
  entity: CompanyEntity;
  ref: CompanyRef;
}

/**
 * Per-request access facts: the viewer's roles and the companies touched, each loaded once per
 * request however many resolvers ask.
 */
export class AccessLoader {
  private actorPromise: Promise<Actor> | undefined;
  private companies = new Map<string, Promise<LoadedCompany | null>>();
  /** Set once this request changed roles or mandates: the roles read at authentication are old. */
  private stale = false;

  constructor(
    private readonly ds: DataSource,
    private readonly viewer: Viewer | null,
  ) {}

  actor(): Promise<Actor> {
    this.actorPromise ??= this.viewer && !this.stale ? Promise.resolve({ roles: this.viewer.roles }) : this.loadActor();
    return this.actorPromise;
  }

  company(id: string): Promise<LoadedCompany | null> {
    let p = this.companies.get(id);
    if (!p) {
      const known = this.stale ? undefined : this.viewer?.companies.get(id);
      p = known ? Promise.resolve(known) : this.loadCompany(id);
      this.companies.set(id, p);
    }
    return p;
  }

  /** Forget cached facts after a change made in this request (roles granted, mandate accepted). */
  reset(): void {
    this.stale = true;
    this.actorPromise = undefined;
    this.companies.clear();
  }

  private async loadActor(): Promise<Actor> {
    if (!this.viewer) return { roles: {} };
    const p = this.ds.options.type === 'postgres' ? '$1' : '?';
    const rows: { company_id: string; role: Role }[] = await select(this.ds,
      `SELECT company_id, role FROM role_assignment WHERE person_id = ${p} AND status = 'ACTIVE'`,
      [this.viewer.person.id],
    );
    const roles: Record<string, Role[]> = {};
    for (const r of rows) (roles[r.company_id] ??= []).push(r.role);
    return { roles };
  }

  private async loadCompany(id: string): Promise<LoadedCompany | null> {
    const pg = this.ds.options.type === 'postgres';
    const now = Date.now();
    // The company and the providers it has mandated, in one statement.
    const rows: Record<string, unknown>[] = await select(
      this.ds,
      `SELECT c.id, c.enterprise_number, c.name, c.nsso_number, c.created_at, c.created_by,
              (SELECT ${joined(pg, 'm.provider_id')} FROM mandate m WHERE ${mandateInForce('m', 'c.id', pg ? ['$1', '$2'] : ['?', '?'])}) AS providers
         FROM company c WHERE c.id = ${pg ? '$3' : '?'}`,
      [now, now, id],
    );
    if (!rows[0]) return null;
    const entity = rowToCompany(rows[0]);
    return { entity, ref: { id, activeProviderIds: splitJoined(rows[0].providers) } };
  }
}

/** Companies holding a mandate from `mandatorId` that is ACTIVE and in force now. */
export async function activeProviderIds(ds: DataSource, mandatorId: string): Promise<string[]> {
  const pg = ds.options.type === 'postgres';
  const now = Date.now();
  const rows: { provider_id: string }[] = await select(
    ds,
    `SELECT m.provider_id FROM mandate m WHERE ${mandateInForce('m', pg ? '$1' : '?', pg ? ['$2', '$3'] : ['?', '?'])}`,
    [mandatorId, now, now],
  );
  return rows.map((r) => r.provider_id);
}
