import type { CredentialKind, Language, Role } from '@chaman/domain';
import { companyRef, providersColumn, rowToCompany, type LoadedCompany } from '../company/company.repository.js';
import type { Reader, Tx } from '../db/database.js';
import { toDate, toDateOrNull } from '../db/rows.js';
import { splitJoined, sql } from '../db/sql.js';
import type { CredentialEntity } from './credential.entity.js';
import type { MandateEntity, MandateStatus } from './mandate.entity.js';
import type { PersonEntity } from './person.entity.js';
import type { RoleAssignmentEntity, RoleAssignmentStatus } from './role-assignment.entity.js';

/** A credential without where it came from: what authentication and the list of tokens read. */
export type Credential = Omit<CredentialEntity, 'userAgent' | 'ip' | 'createdByCredential'>;

/** One of a person's sessions as the person's list shows it. */
export interface SessionRow {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  userAgent: string | null;
  ip: string | null;
}

/** What authentication reads in one statement: the credential, its person, roles and companies. */
export interface CredentialFacts {
  credential: Credential;
  person: Omit<PersonEntity, 'passwordHash'>;
  roles: Record<string, Role[]>;
  companies: Map<string, LoadedCompany>;
}

function rowToCredential(r: Record<string, unknown>): Credential {
  return {
    id: r.id as string,
    personId: r.person_id as string,
    kind: r.kind as CredentialKind,
    name: (r.name as string | null) ?? null,
    secretHash: '',
    createdAt: toDate(r.created_at),
    lastUsedAt: toDate(r.last_used_at),
    expiresAt: toDate(r.expires_at),
    revokedAt: toDateOrNull(r.revoked_at),
  };
}

export function rowToPerson(r: Record<string, unknown>): PersonEntity {
  return {
    id: r.id as string,
    email: r.email as string,
    firstName: r.first_name as string,
    lastName: r.last_name as string,
    passwordHash: r.password_hash as string,
    language: r.language as Language,
    createdAt: toDate(r.created_at),
    emailVerifiedAt: toDateOrNull(r.email_verified_at),
  };
}

const ROLE_COLUMNS = sql`ra.id, ra.company_id, ra.role, ra.email, ra.person_id, ra.status, ra.created_at, ra.created_by, ra.revoked_at, ra.revoked_by`;

function rowToRole(r: Record<string, unknown>): RoleAssignmentEntity {
  return {
    id: r.id as string,
    companyId: r.company_id as string,
    role: r.role as Role,
    email: r.email as string,
    personId: (r.person_id as string | null) ?? null,
    status: r.status as RoleAssignmentStatus,
    createdAt: toDate(r.created_at),
    createdBy: r.created_by as string,
    revokedAt: toDateOrNull(r.revoked_at),
    revokedBy: (r.revoked_by as string | null) ?? null,
  };
}

const MANDATE_COLUMNS = sql`m.id, m.mandator_id, m.provider_id, m.status, m.starts_at, m.ends_at, m.created_at, m.created_by, m.accepted_at, m.accepted_by, m.ended_at, m.ended_by`;

function rowToMandate(r: Record<string, unknown>): MandateEntity {
  return {
    id: r.id as string,
    mandatorId: r.mandator_id as string,
    providerId: r.provider_id as string,
    status: r.status as MandateStatus,
    startsAt: toDate(r.starts_at),
    endsAt: toDateOrNull(r.ends_at),
    createdAt: toDate(r.created_at),
    createdBy: r.created_by as string,
    acceptedAt: toDateOrNull(r.accepted_at),
    acceptedBy: (r.accepted_by as string | null) ?? null,
    endedAt: toDateOrNull(r.ended_at),
    endedBy: (r.ended_by as string | null) ?? null,
  };
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

export const accessRepository = {
  /**
   * The credential with this secret hash, its person, the person's active roles and their
   * companies (with the providers each has mandated), in one statement: this runs on every
   * authenticated request, and the integrator's read and the UI's start then need no statement of
   * their own for the company. One row per active role; a person has a few.
   */
  async credentialFacts(db: Reader, secretHash: string, at: number): Promise<CredentialFacts | null> {
    const rows = await db.all(sql`SELECT c.id, c.person_id, c.kind, c.name, c.created_at, c.last_used_at, c.expires_at, c.revoked_at,
            p.email, p.first_name, p.last_name, p.language, p.created_at AS person_created_at, p.email_verified_at, r.role,
            co.id AS company_id, co.enterprise_number AS company_enterprise_number, co.name AS company_name,
            co.nsso_number AS company_nsso_number, co.created_at AS company_created_at, co.created_by AS company_created_by,
            co.registration_status AS company_registration_status, co.rejection_reason AS company_rejection_reason,
            co.decided_at AS company_decided_at, co.decided_by AS company_decided_by,
            ${providersColumn(at)} AS company_providers
       FROM credential c JOIN person p ON p.id = c.person_id
       LEFT JOIN role_assignment r ON r.person_id = p.id AND r.status = 'ACTIVE'
       LEFT JOIN company co ON co.id = r.company_id
      WHERE c.secret_hash = ${secretHash}
      ORDER BY r.id`);
    const first = rows[0];
    if (!first) return null;
    const credential = rowToCredential(first);
    const person = {
      id: credential.personId,
      email: first.email as string,
      firstName: first.first_name as string,
      lastName: first.last_name as string,
      language: first.language as Language,
      createdAt: toDate(first.person_created_at),
      emailVerifiedAt: toDateOrNull(first.email_verified_at),
    };
    const roles: Record<string, Role[]> = {};
    const companies = new Map<string, LoadedCompany>();
    for (const r of rows) {
      const id = r.company_id as string | null;
      if (id === null) continue;
      (roles[id] ??= []).push(r.role as Role);
      if (companies.has(id)) continue;
      const entity = rowToCompany({
        id,
        enterprise_number: r.company_enterprise_number,
        name: r.company_name,
        nsso_number: r.company_nsso_number,
        created_at: r.company_created_at,
        created_by: r.company_created_by,
        registration_status: r.company_registration_status,
        rejection_reason: r.company_rejection_reason,
        decided_at: r.company_decided_at,
        decided_by: r.company_decided_by,
      });
      companies.set(id, { entity, ref: companyRef(entity, splitJoined(r.company_providers)) });
    }
    return { credential, person, roles, companies };
  },

  async touchCredential(tx: Tx, id: string, at: Date): Promise<void> {
    await tx.run(sql`UPDATE credential SET last_used_at = ${at.getTime()} WHERE id = ${id}`);
  },

  async insertCredential(tx: Tx, c: CredentialEntity): Promise<void> {
    await tx.run(sql`INSERT INTO credential (id, person_id, kind, name, secret_hash, created_at, last_used_at, expires_at, revoked_at, user_agent, ip, created_by_credential)
      VALUES (${c.id}, ${c.personId}, ${c.kind}, ${c.name}, ${c.secretHash}, ${c.createdAt.getTime()}, ${c.lastUsedAt.getTime()}, ${c.expiresAt.getTime()}, ${ms(c.revokedAt)},
              ${c.userAgent}, ${c.ip}, ${c.createdByCredential})`);
  },

  /**
   * A person's sessions still in force at `at` (not revoked, not past their lifetime, used since
   * `idleSince`), newest first, at most `limit`.
   */
  async activeSessions(db: Reader, personId: string, at: Date, idleSince: Date, limit: number): Promise<SessionRow[]> {
    const rows = await db.all(sql`SELECT id, created_at, last_used_at, user_agent, ip FROM credential
      WHERE person_id = ${personId} AND kind = 'SESSION' AND revoked_at IS NULL AND expires_at > ${at.getTime()} AND last_used_at > ${idleSince.getTime()}
      ORDER BY created_at DESC, id DESC LIMIT ${limit}`);
    return rows.map((r) => ({
      id: r.id as string,
      createdAt: toDate(r.created_at),
      lastUsedAt: toDate(r.last_used_at),
      userAgent: (r.user_agent as string | null) ?? null,
      ip: (r.ip as string | null) ?? null,
    }));
  },

  /** Whether the person has a session with this id, ended or not (another person's is as good as none). */
  async hasSession(tx: Reader, personId: string, id: string): Promise<boolean> {
    return (await tx.one(sql`SELECT 1 AS found FROM credential WHERE id = ${id} AND person_id = ${personId} AND kind = 'SESSION'`)) !== undefined;
  },

  /** Ends a person's sessions that are not ended yet: one (`only`), or all but one (`except`), or all; answers how many. */
  async revokeSessions(tx: Tx, personId: string, at: Date, which: { only?: string; except?: string } = {}): Promise<number> {
    const where = [sql`person_id = ${personId}`, sql`kind = 'SESSION'`, sql`revoked_at IS NULL`];
    if (which.only) where.push(sql`id = ${which.only}`);
    if (which.except) where.push(sql`id <> ${which.except}`);
    return tx.run(sql`UPDATE credential SET revoked_at = ${at.getTime()} WHERE ${sql.join(where, ' AND ')}`);
  },

  /** Ends every personal access token of the person not ended yet; answers how many. */
  async revokePersonalTokens(tx: Tx, personId: string, at: Date): Promise<number> {
    return tx.run(sql`UPDATE credential SET revoked_at = ${at.getTime()} WHERE person_id = ${personId} AND kind = 'PERSONAL_ACCESS_TOKEN' AND revoked_at IS NULL`);
  },

  async revokeCredential(tx: Tx, id: string, at: Date): Promise<void> {
    await tx.run(sql`UPDATE credential SET revoked_at = ${at.getTime()} WHERE id = ${id} AND revoked_at IS NULL`);
  },

  async personalToken(db: Reader, personId: string, id: string): Promise<Credential | null> {
    const row = await db.one(sql`SELECT c.id, c.person_id, c.kind, c.name, c.created_at, c.last_used_at, c.expires_at, c.revoked_at
      FROM credential c WHERE c.id = ${id} AND c.person_id = ${personId} AND c.kind = 'PERSONAL_ACCESS_TOKEN'`);
    return row ? rowToCredential(row) : null;
  },

  /** A person's personal access tokens, newest first (at most 100). */
  async personalTokens(db: Reader, personId: string): Promise<Credential[]> {
    const rows = await db.all(sql`SELECT c.id, c.person_id, c.kind, c.name, c.created_at, c.last_used_at, c.expires_at, c.revoked_at
      FROM credential c WHERE c.person_id = ${personId} AND c.kind = 'PERSONAL_ACCESS_TOKEN' ORDER BY c.id DESC LIMIT 100`);
    return rows.map(rowToCredential);
  },

  async personById(db: Reader, id: string): Promise<PersonEntity | null> {
    const row = await db.one(sql`SELECT id, email, first_name, last_name, password_hash, language, created_at, email_verified_at FROM person WHERE id = ${id}`);
    return row ? rowToPerson(row) : null;
  },

  async personByEmail(db: Reader, email: string): Promise<PersonEntity | null> {
    const row = await db.one(sql`SELECT id, email, first_name, last_name, password_hash, language, created_at, email_verified_at FROM person WHERE email = ${email}`);
    return row ? rowToPerson(row) : null;
  },

  /**
   * The person with this email, whose row stays locked until commit on PostgreSQL: an appointment
   * and the proof of that email are then ordered, so that a role appointed while the email is being
   * proven is either seen by the proof or sees the proof (never left PENDING for a proven email).
   */
  async lockPersonByEmail(tx: Tx, email: string): Promise<PersonEntity | null> {
    const row = await tx.one(sql`SELECT id, email, first_name, last_name, password_hash, language, created_at, email_verified_at FROM person WHERE email = ${email}${sql.forUpdate()}`);
    return row ? rowToPerson(row) : null;
  },

  async setPasswordHash(tx: Tx, personId: string, passwordHash: string): Promise<void> {
    await tx.run(sql`UPDATE person SET password_hash = ${passwordHash} WHERE id = ${personId}`);
  },

  async passwordHashOf(db: Reader, personId: string): Promise<string | null> {
    const row = await db.one<{ password_hash: string }>(sql`SELECT password_hash FROM person WHERE id = ${personId}`);
    return row?.password_hash ?? null;
  },

  /**
   * Replaces the password hash if it is still `expected` (the one the caller's current password was
   * checked against): a change that raced another answers false instead of overwriting it.
   */
  async replacePasswordHash(tx: Tx, personId: string, expected: string, passwordHash: string): Promise<boolean> {
    return (await tx.run(sql`UPDATE person SET password_hash = ${passwordHash} WHERE id = ${personId} AND password_hash = ${expected}`)) === 1;
  },

  async insertPerson(tx: Tx, p: PersonEntity): Promise<void> {
    await tx.run(sql`INSERT INTO person (id, email, first_name, last_name, password_hash, language, created_at, email_verified_at)
      VALUES (${p.id}, ${p.email}, ${p.firstName}, ${p.lastName}, ${p.passwordHash}, ${p.language}, ${p.createdAt.getTime()}, ${p.emailVerifiedAt?.getTime() ?? null})`);
  },

  async setLanguage(tx: Tx, personId: string, language: Language): Promise<void> {
    await tx.run(sql`UPDATE person SET language = ${language} WHERE id = ${personId}`);
  },

  async activeRoles(db: Reader, personId: string): Promise<Record<string, Role[]>> {
    const rows = await db.all<{ company_id: string; role: Role }>(sql`SELECT company_id, role FROM role_assignment WHERE person_id = ${personId} AND status = 'ACTIVE'`);
    const roles: Record<string, Role[]> = {};
    for (const r of rows) (roles[r.company_id] ??= []).push(r.role);
    return roles;
  },

  /** Whether `email` holds `role` in the company, active or pending. */
  async holdsRole(tx: Reader, companyId: string, role: Role, email: string): Promise<boolean> {
    const row = await tx.one(sql`SELECT 1 AS held FROM role_assignment WHERE company_id = ${companyId} AND role = ${role} AND email = ${email} AND status <> 'REVOKED'`);
    return row !== undefined;
  },

  /** Whether the person still holds an active role in the company that lets them use Chaman there. */
  async usesChaman(tx: Reader, companyId: string, personId: string): Promise<boolean> {
    const row = await tx.one(sql`SELECT 1 AS held FROM role_assignment WHERE company_id = ${companyId} AND person_id = ${personId} AND status = 'ACTIVE'
      AND role IN ('CHIEF_ACCESS_MANAGER', 'ACCESS_MANAGER', 'CHAMAN')`);
    return row !== undefined;
  },

  /** The company's access managers and chief access managers who have an account: whom to tell of an account to review. */
  async managersToTell(tx: Reader, companyId: string): Promise<{ email: string; first_name: string; language: Language }[]> {
    return tx.all(sql`SELECT DISTINCT p.email, p.first_name, p.language FROM role_assignment ra JOIN person p ON p.id = ra.person_id
      WHERE ra.company_id = ${companyId} AND ra.status = 'ACTIVE' AND ra.role IN ('CHIEF_ACCESS_MANAGER', 'ACCESS_MANAGER') ORDER BY p.email`);
  },

  async insertRole(tx: Tx, a: RoleAssignmentEntity): Promise<void> {
    await tx.run(sql`INSERT INTO role_assignment (id, company_id, role, email, person_id, status, created_at, created_by, revoked_at, revoked_by)
      VALUES (${a.id}, ${a.companyId}, ${a.role}, ${a.email}, ${a.personId}, ${a.status}, ${a.createdAt.getTime()}, ${a.createdBy}, ${ms(a.revokedAt)}, ${a.revokedBy})`);
  },

  async roleById(db: Reader, id: string): Promise<RoleAssignmentEntity | null> {
    const row = await db.one(sql`SELECT ${ROLE_COLUMNS} FROM role_assignment ra WHERE ra.id = ${id}`);
    return row ? rowToRole(row) : null;
  },

  /**
   * How many ACTIVE chief access managers the company has; on PostgreSQL their rows stay locked
   * until commit, so two concurrent revocations cannot both pass the count.
   */
  async lockActiveChiefCount(tx: Tx, companyId: string): Promise<number> {
    const rows = await tx.all(sql`SELECT id FROM role_assignment WHERE company_id = ${companyId} AND role = 'CHIEF_ACCESS_MANAGER' AND status = 'ACTIVE'${sql.forUpdate()}`);
    return rows.length;
  },

  async revokeRole(tx: Tx, id: string, at: Date, by: string): Promise<void> {
    await tx.run(sql`UPDATE role_assignment SET status = 'REVOKED', revoked_at = ${at.getTime()}, revoked_by = ${by} WHERE id = ${id}`);
  },

  async pendingRolesOf(tx: Reader, email: string): Promise<RoleAssignmentEntity[]> {
    const rows = await tx.all(sql`SELECT ${ROLE_COLUMNS} FROM role_assignment ra WHERE ra.email = ${email} AND ra.status = 'PENDING' ORDER BY ra.id`);
    return rows.map(rowToRole);
  },

  async activateRole(tx: Tx, id: string, personId: string): Promise<void> {
    await tx.run(sql`UPDATE role_assignment SET status = 'ACTIVE', person_id = ${personId} WHERE id = ${id}`);
  },

  /** A page of a company's role assignments with their people, newest first, `limit` + 1 rows. */
  async rolePage(db: Reader, companyId: string, status: RoleAssignmentStatus | null, before: string | null, limit: number) {
    const where = [sql`ra.company_id = ${companyId}`];
    if (status) where.push(sql`ra.status = ${status}`);
    if (before) where.push(sql`ra.id < ${before}`);
    const rows = await db.all(sql`SELECT ${ROLE_COLUMNS}, p.first_name, p.last_name
      FROM role_assignment ra LEFT JOIN person p ON p.id = ra.person_id
      WHERE ${sql.join(where, ' AND ')} ORDER BY ra.id DESC LIMIT ${limit + 1}`);
    return rows.map((r) => ({
      assignment: rowToRole(r),
      person: r.person_id && r.first_name !== null ? { id: r.person_id as string, firstName: r.first_name as string, lastName: r.last_name as string } : null,
    }));
  },

  async mandateById(db: Reader, id: string): Promise<MandateEntity | null> {
    const row = await db.one(sql`SELECT ${MANDATE_COLUMNS} FROM mandate m WHERE m.id = ${id}`);
    return row ? rowToMandate(row) : null;
  },

  async lockMandate(tx: Tx, id: string): Promise<MandateEntity | null> {
    const row = await tx.one(sql`SELECT ${MANDATE_COLUMNS} FROM mandate m WHERE m.id = ${id}${sql.forUpdate()}`);
    return row ? rowToMandate(row) : null;
  },

  async hasOpenMandate(tx: Reader, mandatorId: string, providerId: string): Promise<boolean> {
    const row = await tx.one(sql`SELECT 1 AS open FROM mandate WHERE mandator_id = ${mandatorId} AND provider_id = ${providerId} AND status IN ('PENDING', 'ACTIVE')`);
    return row !== undefined;
  },

  async insertMandate(tx: Tx, m: MandateEntity): Promise<void> {
    await tx.run(sql`INSERT INTO mandate (id, mandator_id, provider_id, status, starts_at, ends_at, created_at, created_by, accepted_at, accepted_by, ended_at, ended_by)
      VALUES (${m.id}, ${m.mandatorId}, ${m.providerId}, ${m.status}, ${m.startsAt.getTime()}, ${ms(m.endsAt)}, ${m.createdAt.getTime()}, ${m.createdBy},
              ${ms(m.acceptedAt)}, ${m.acceptedBy}, ${ms(m.endedAt)}, ${m.endedBy})`);
  },

  async updateMandate(tx: Tx, m: MandateEntity): Promise<void> {
    await tx.run(sql`UPDATE mandate SET status = ${m.status}, accepted_at = ${ms(m.acceptedAt)}, accepted_by = ${m.acceptedBy}, ended_at = ${ms(m.endedAt)}, ended_by = ${m.endedBy}
      WHERE id = ${m.id}`);
  },

  /** A page of the mandates a company gave or received, newest first, `limit` + 1 rows. */
  async mandatePage(db: Reader, side: 'mandator' | 'provider', companyId: string, status: MandateStatus | null, before: string | null, limit: number) {
    const where = [side === 'mandator' ? sql`m.mandator_id = ${companyId}` : sql`m.provider_id = ${companyId}`];
    if (status) where.push(sql`m.status = ${status}`);
    if (before) where.push(sql`m.id < ${before}`);
    const rows = await db.all(sql`SELECT ${MANDATE_COLUMNS} FROM mandate m WHERE ${sql.join(where, ' AND ')} ORDER BY m.id DESC LIMIT ${limit + 1}`);
    return rows.map(rowToMandate);
  },

  /** The companies that have given an ACTIVE mandate to any of `providerIds`. */
  async mandatorsOf(db: Reader, providerIds: string[]): Promise<string[]> {
    const rows = await db.all<{ mandator_id: string }>(sql`SELECT DISTINCT mandator_id FROM mandate WHERE status = 'ACTIVE' AND provider_id IN (${sql.list(providerIds)})`);
    return rows.map((r) => r.mandator_id);
  },
};
