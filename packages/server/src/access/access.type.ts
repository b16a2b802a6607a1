import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Company } from '../company/company.type.js';

export enum Role {
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
  CHIEF_ACCESS_MANAGER = 'CHIEF_ACCESS_MANAGER',
  ACCESS_MANAGER = 'ACCESS_MANAGER',
  CHAMAN = 'CHAMAN',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'What a person may do for a company',
  valuesConfig: {
    LEGAL_REPRESENTATIVE: { description: 'Registered the employer; appoints and revokes Chief Access Managers' },
    CHIEF_ACCESS_MANAGER: {
      description: 'Appoints Access Managers and co-chiefs, grants Chaman access, mandates providers, uses Chaman',
    },
    ACCESS_MANAGER: { description: 'Grants and revokes Chaman access, uses Chaman' },
    CHAMAN: { description: '"Chaman - technical channel management": uses Chaman, nothing else' },
  },
});

export enum RoleAssignmentStatus {
  ACTIVE = 'ACTIVE',
  PENDING = 'PENDING',
  REVOKED = 'REVOKED',
}
registerEnumType(RoleAssignmentStatus, {
  name: 'RoleAssignmentStatus',
  description: 'Where a role assignment stands',
  valuesConfig: {
    ACTIVE: { description: 'In force' },
    PENDING: { description: 'Nobody has signed up with that email yet; becomes ACTIVE when someone does' },
    REVOKED: { description: 'Taken back' },
  },
});

export enum MandateStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(MandateStatus, {
  name: 'MandateStatus',
  description: 'Where a mandate stands',
  valuesConfig: {
    PENDING: { description: 'Waiting for the provider to accept' },
    ACTIVE: { description: "Accepted: the provider's Chaman users may use Chaman for the mandator" },
    ENDED: { description: 'Ended by either side' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'A person as another person of the same company sees them' })
export class PersonSummary {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => String, { description: 'First name' })
  firstName: string;

  @Field(() => String, { description: 'Last name' })
  lastName: string;
}

@ObjectType({ simpleResolvers: true, description: 'A role given to an email address in a company' })
export class RoleAssignment {
  @Field(() => ID, { description: 'Stable identifier; pass it to revokeRole' })
  id: string;

  @Field(() => Role, { description: 'The role given' })
  role: Role;

  @Field(() => String, { description: 'The email it was given to (lower-cased)' })
  email: string;

  @Field(() => RoleAssignmentStatus, { description: 'ACTIVE, PENDING (no account with that email yet) or REVOKED' })
  status: RoleAssignmentStatus;

  @Field(() => PersonSummary, { nullable: true, description: 'The person, once someone signed up with that email' })
  person: PersonSummary | null;

  @Field(() => Date, { description: 'When it was given' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was revoked' })
  revokedAt: Date | null;

  companyId: string;
}

@ObjectType({ simpleResolvers: true, description: "A person's roles in one company" })
export class Membership {
  @Field(() => Company, { description: 'The company' })
  company: Company;

  @Field(() => [Role], { description: 'The active roles held there' })
  roles: Role[];
}

@ObjectType({ simpleResolvers: true, description: 'A company the person may use Chaman for because it mandated one of his companies' })
export class Delegation {
  @Field(() => Company, { description: 'The mandator: the company the person may act for' })
  company: Company;

  @Field(() => Company, { description: "The provider: the person's own company, which holds the mandate" })
  through: Company;
}

@ObjectType({ simpleResolvers: true, description: 'A personal access token (the secret itself is shown only once, when created)' })
export class AccessToken {
  @Field(() => ID, { description: 'Stable identifier; pass it to revokeAccessToken' })
  id: string;

  @Field(() => String, { description: 'The name its owner gave it' })
  name: string;

  @Field(() => Date, { description: 'When it was created' })
  createdAt: Date;

  @Field(() => Date, { description: 'When it was last used (to the minute)' })
  lastUsedAt: Date;

  @Field(() => Date, { description: 'When it stops working' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was revoked' })
  revokedAt: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'A newly created personal access token, with its secret' })
export class CreatedAccessToken {
  @Field(() => AccessToken, { description: 'The token' })
  accessToken: AccessToken;

  @Field(() => String, {
    description: 'The secret, to send as `Authorization: Bearer <secret>`. Shown this once: store it now',
  })
  secret: string;
}

@ObjectType({ simpleResolvers: true, description: 'A mandate: a company lets a provider use Chaman for it' })
export class Mandate {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => Company, { description: 'The company that gives the mandate' })
  mandator: Company;

  @Field(() => Company, { description: 'The provider that receives it (social secretariat, service provider)' })
  provider: Company;

  @Field(() => MandateStatus, { description: 'PENDING until the provider accepts, then ACTIVE, then ENDED' })
  status: MandateStatus;

  @Field(() => Date, { description: 'From when it applies' })
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'Until when it applies; null: until ended' })
  endsAt: Date | null;

  @Field(() => Date, { description: 'When it was created' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the provider accepted it' })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was ended' })
  endedAt: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'A signed-in session of the person (a browser, or a client that signed in with the password)' })
export class SessionInfo {
  @Field(() => ID, { description: 'Stable identifier; pass it to revokeSession' })
  id: string;

  @Field(() => Date, { description: 'When the person signed in' })
  createdAt: Date;

  @Field(() => Date, { description: 'When it was last used (to the minute)' })
  lastSeenAt: Date;

  @Field(() => String, { nullable: true, description: 'The User-Agent header of the sign-in (at most 300 characters); null if none was sent' })
  userAgent: string | null;

  @Field(() => String, { nullable: true, description: 'The network address the sign-in came from, as the server saw it' })
  ip: string | null;

  @Field(() => Boolean, { description: 'Whether this is the session the request was made with' })
  current: boolean;
}
