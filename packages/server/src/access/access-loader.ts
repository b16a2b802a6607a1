import type { Actor, Role } from '@chaman/domain';
import { companyRepository, type LoadedCompany } from '../company/company.repository.js';
import type { Reader } from '../db/database.js';
import type { PersonEntity } from './person.entity.js';
import { accessRepository, type Credential } from './access.repository.js';

export type { LoadedCompany };

/** The authenticated caller of a request (the password hash is never loaded for it). */
export interface Viewer {
  person: Omit<PersonEntity, 'passwordHash'>;
  credential: Credential;
  /** Active roles by company id, as read with the credential (the access loader starts from them). */
  roles: Record<string, Role[]>;
  /** The companies of those roles, read with the credential too (the access loader starts from them). */
  companies: Map<string, LoadedCompany>;
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
  /** Whose roles these are: the viewer, or the person this request signed in. */
  personId: string | null;

  constructor(
    private readonly db: Reader,
    private viewer: Viewer | null,
  ) {
    this.personId = viewer?.person.id ?? null;
  }

  actor(): Promise<Actor> {
    this.actorPromise ??= this.viewer && !this.stale ? Promise.resolve({ roles: this.viewer.roles }) : this.loadActor();
    return this.actorPromise;
  }

  company(id: string): Promise<LoadedCompany | null> {
    let p = this.companies.get(id);
    if (!p) {
      const known = this.stale ? undefined : this.viewer?.companies.get(id);
      p = known ? Promise.resolve(known) : companyRepository.withProviders(this.db, id, Date.now());
      this.companies.set(id, p);
    }
    return p;
  }

  /**
   * Forget cached facts after a change made in this request (roles granted, mandate accepted), and
   * follow `personId` from now on when the change signed someone in (sign-up, sign-in).
   */
  reset(personId: string | null = this.personId): void {
    this.stale = true;
    this.personId = personId;
    this.actorPromise = undefined;
    this.companies.clear();
  }

  private async loadActor(): Promise<Actor> {
    if (!this.personId) return { roles: {} };
    return { roles: await accessRepository.activeRoles(this.db, this.personId) };
  }
}
