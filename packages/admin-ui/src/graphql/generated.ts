/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
};

/** A personal access token (the secret itself is shown only once, when created) */
export type AccessToken = {
  __typename?: 'AccessToken';
  /** When it was created */
  createdAt: Scalars['DateTime']['output'];
  /** When it stops working */
  expiresAt: Scalars['DateTime']['output'];
  /** Stable identifier; pass it to revokeAccessToken */
  id: Scalars['ID']['output'];
  /** When it was last used (to the minute) */
  lastUsedAt: Scalars['DateTime']['output'];
  /** The name its owner gave it */
  name: Scalars['String']['output'];
  /** When it was revoked */
  revokedAt: Maybe<Scalars['DateTime']['output']>;
};

/** Give a role in a company to an email address */
export type AppointInput = {
  /** The company */
  companyId: Scalars['ID']['input'];
  /** Email of the person; if nobody has signed up with it yet, the role is PENDING until someone does */
  email: Scalars['String']['input'];
};

/** One change in a company's audit log */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** What was done, e.g. role.appointed, role.revoked, mandate.created */
  action: Scalars['String']['output'];
  /** Email of the person who did it */
  actorEmail: Maybe<Scalars['String']['output']>;
  /** Id of the person who did it */
  actorId: Maybe<Scalars['ID']['output']>;
  /** When the change was made */
  at: Scalars['DateTime']['output'];
  /** What changed, as a JSON object (before/after where it matters) */
  details: Scalars['String']['output'];
  /** Stable identifier */
  id: Scalars['ID']['output'];
  /** Client IP address */
  ip: Maybe<Scalars['String']['output']>;
  /** Id of the object changed */
  targetId: Scalars['String']['output'];
  /** Kind of object changed: company, role-assignment, mandate, ... */
  targetType: Scalars['String']['output'];
  /** Client user agent */
  userAgent: Maybe<Scalars['String']['output']>;
  /** Name of the provider company the person acted through, when he acted by mandate */
  viaCompanyName: Maybe<Scalars['String']['output']>;
};

/** A page of audit entrys */
export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  /** The audit entrys of this page with their cursors */
  edges: Array<AuditEntryEdge>;
  /** The audit entrys of this page */
  nodes: Array<AuditEntry>;
  /** Whether more follow, and where to continue */
  pageInfo: PageInfo;
};

/** One audit entry and its cursor */
export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  /** Opaque position of this item, for `after` */
  cursor: Scalars['String']['output'];
  /** The audit entry */
  node: AuditEntry;
};

/** A company registered as an NSSO employer */
export type Company = {
  __typename?: 'Company';
  /** The company's audit log, newest first (Chief Access Managers and Access Managers) */
  auditLog: AuditEntryConnection;
  /** When it was registered in Chaman */
  createdAt: Scalars['DateTime']['output'];
  /** Enterprise number (KBO/BCE), 10 digits without dots, e.g. 0203201340 */
  enterpriseNumber: Scalars['String']['output'];
  /** Stable identifier */
  id: Scalars['ID']['output'];
  /** Mandates this company gave to providers, newest first */
  mandatesGiven: MandateConnection;
  /** Mandates this company received from other companies, newest first */
  mandatesReceived: MandateConnection;
  /** Company name */
  name: Scalars['String']['output'];
  /** NSSO employer registration number: 7-digit sequence and 2 check digits */
  nssoNumber: Scalars['String']['output'];
  /** The company's role assignments, newest first (needs a role in the company other than Chaman access) */
  roleAssignments: RoleAssignmentConnection;
  /** What the caller may do for this company (use-chaman, grant-chaman-access, ...), as the domain rule decides; clients use it to offer only allowed actions */
  viewerAllowedActions: Array<Scalars['String']['output']>;
  /** The caller's active roles in this company */
  viewerRoles: Array<Role>;
};


/** A company registered as an NSSO employer */
export type CompanyAuditLogArgs = {
  action?: InputMaybe<Scalars['String']['input']>;
  actorEmail?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};


/** A company registered as an NSSO employer */
export type CompanyMandatesGivenArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  status?: InputMaybe<MandateStatus>;
};


/** A company registered as an NSSO employer */
export type CompanyMandatesReceivedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  status?: InputMaybe<MandateStatus>;
};


/** A company registered as an NSSO employer */
export type CompanyRoleAssignmentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  status?: InputMaybe<RoleAssignmentStatus>;
};

/** A personal access token for scripts */
export type CreateAccessTokenInput = {
  /** Days until it expires, from 1 to 365 */
  expiresInDays?: Scalars['Int']['input'];
  /** A name to recognise it by (1 to 100 characters), e.g. "CI rotation job" */
  name: Scalars['String']['input'];
};

/** Mandate a provider to use Chaman for the company */
export type CreateMandateInput = {
  /** The mandator: the company giving the mandate */
  companyId: Scalars['ID']['input'];
  /** Until when it applies; default: until ended */
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** The provider's enterprise number (it must be registered in Chaman) */
  providerEnterpriseNumber: Scalars['String']['input'];
  /** From when it applies; default: now */
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A newly created personal access token, with its secret */
export type CreatedAccessToken = {
  __typename?: 'CreatedAccessToken';
  /** The token */
  accessToken: AccessToken;
  /** The secret, to send as `Authorization: Bearer <secret>`. Shown this once: store it now */
  secret: Scalars['String']['output'];
};

/** A company the person may use Chaman for because it mandated one of his companies */
export type Delegation = {
  __typename?: 'Delegation';
  /** The mandator: the company the person may act for */
  company: Company;
  /** The provider: the person's own company, which holds the mandate */
  through: Company;
};

/** A mandate: a company lets a provider use Chaman for it */
export type Mandate = {
  __typename?: 'Mandate';
  /** When the provider accepted it */
  acceptedAt: Maybe<Scalars['DateTime']['output']>;
  /** When it was created */
  createdAt: Scalars['DateTime']['output'];
  /** When it was ended */
  endedAt: Maybe<Scalars['DateTime']['output']>;
  /** Until when it applies; null: until ended */
  endsAt: Maybe<Scalars['DateTime']['output']>;
  /** Stable identifier */
  id: Scalars['ID']['output'];
  /** The company that gives the mandate */
  mandator: Company;
  /** The provider that receives it (social secretariat, service provider) */
  provider: Company;
  /** From when it applies */
  startsAt: Scalars['DateTime']['output'];
  /** PENDING until the provider accepts, then ACTIVE, then ENDED */
  status: MandateStatus;
};

/** A page of mandates */
export type MandateConnection = {
  __typename?: 'MandateConnection';
  /** The mandates of this page with their cursors */
  edges: Array<MandateEdge>;
  /** The mandates of this page */
  nodes: Array<Mandate>;
  /** Whether more follow, and where to continue */
  pageInfo: PageInfo;
};

/** One mandate and its cursor */
export type MandateEdge = {
  __typename?: 'MandateEdge';
  /** Opaque position of this item, for `after` */
  cursor: Scalars['String']['output'];
  /** The mandate */
  node: Mandate;
};

/** A mandate to act on */
export type MandateInput = {
  /** The mandate */
  mandateId: Scalars['ID']['input'];
};

/** Where a mandate stands */
export type MandateStatus =
  /** Accepted: the provider's Chaman users may use Chaman for the mandator */
  | 'ACTIVE'
  /** Ended by either side */
  | 'ENDED'
  /** Waiting for the provider to accept */
  | 'PENDING';

/** A person's roles in one company */
export type Membership = {
  __typename?: 'Membership';
  /** The company */
  company: Company;
  /** The active roles held there */
  roles: Array<Role>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Accepts a mandate (by a Chief Access Manager or an Access Manager of the provider) */
  acceptMandate: Mandate;
  /** Appoints an Access Manager (by a Chief Access Manager) */
  appointAccessManager: RoleAssignment;
  /** Appoints a Chief Access Manager (by the legal representative or a Chief Access Manager) */
  appointChiefAccessManager: RoleAssignment;
  /** Creates a personal access token for scripts; its secret is shown once */
  createAccessToken: CreatedAccessToken;
  /** Mandates a registered provider to use Chaman for the company (by a Chief Access Manager); PENDING until accepted */
  createMandate: Mandate;
  /** Ends a mandate (by a Chief Access Manager or an Access Manager of either company) */
  endMandate: Mandate;
  /** Grants "Chaman - technical channel management" access (by a Chief Access Manager or an Access Manager) */
  grantChamanAccess: RoleAssignment;
  /** Registers a company as an NSSO employer; the caller becomes its legal representative */
  registerEmployer: Company;
  /** Revokes one of your personal access tokens */
  revokeAccessToken: AccessToken;
  /** Revokes a role assignment; nobody but the legal representative can revoke the company's last Chief Access Manager */
  revokeRole: RoleAssignment;
  /** Signs in; sets the session cookie and returns the token for Bearer use */
  signIn: Session;
  /** Ends the current session; true if there was one */
  signOut: Scalars['Boolean']['output'];
  /** Creates an account and signs in. Roles appointed to this email before become ACTIVE */
  signUp: Session;
};


export type MutationAcceptMandateArgs = {
  input: MandateInput;
};


export type MutationAppointAccessManagerArgs = {
  input: AppointInput;
};


export type MutationAppointChiefAccessManagerArgs = {
  input: AppointInput;
};


export type MutationCreateAccessTokenArgs = {
  input: CreateAccessTokenInput;
};


export type MutationCreateMandateArgs = {
  input: CreateMandateInput;
};


export type MutationEndMandateArgs = {
  input: MandateInput;
};


export type MutationGrantChamanAccessArgs = {
  input: AppointInput;
};


export type MutationRegisterEmployerArgs = {
  input: RegisterEmployerInput;
};


export type MutationRevokeAccessTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeRoleArgs = {
  input: RevokeRoleInput;
};


export type MutationSignInArgs = {
  input: SignInInput;
};


export type MutationSignUpArgs = {
  input: SignUpInput;
};

/** Where a page of a list stands */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The last item's cursor: pass it as `after` for the next page */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether more items follow this page */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A person with a Chaman account */
export type Person = {
  __typename?: 'Person';
  /** This person's personal access tokens, newest first (without secrets) */
  accessTokens: Array<AccessToken>;
  /** Companies this person may use Chaman for through an active mandate held by one of his companies */
  delegations: Array<Delegation>;
  /** Email address (lower-cased); unique */
  email: Scalars['String']['output'];
  /** First name */
  firstName: Scalars['String']['output'];
  /** Stable identifier */
  id: Scalars['ID']['output'];
  /** Last name */
  lastName: Scalars['String']['output'];
  /** The companies this person has roles in, with the roles */
  memberships: Array<Membership>;
};

/** A person as another person of the same company sees them */
export type PersonSummary = {
  __typename?: 'PersonSummary';
  /** First name */
  firstName: Scalars['String']['output'];
  /** Stable identifier */
  id: Scalars['ID']['output'];
  /** Last name */
  lastName: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** A company; null when it does not exist or the caller has no role in it */
  company: Maybe<Company>;
  /** The signed-in person; null when signed out */
  me: Maybe<Person>;
  /** The server version and clock; needs no authentication */
  serverInfo: ServerInfo;
};


export type QueryCompanyArgs = {
  id: Scalars['ID']['input'];
};

/** A company to register as an NSSO employer */
export type RegisterEmployerInput = {
  /** Enterprise number: 10 digits starting with 0 or 1, e.g. "0203201340" or "0203.201.340" */
  enterpriseNumber: Scalars['String']['input'];
  /** Company name (1 to 200 characters) */
  name: Scalars['String']['input'];
};

/** Take a role back */
export type RevokeRoleInput = {
  /** The role assignment to revoke */
  roleAssignmentId: Scalars['ID']['input'];
};

/** What a person may do for a company */
export type Role =
  /** Grants and revokes Chaman access, uses Chaman */
  | 'ACCESS_MANAGER'
  /** "Chaman - technical channel management": uses Chaman, nothing else */
  | 'CHAMAN'
  /** Appoints Access Managers and co-chiefs, grants Chaman access, mandates providers, uses Chaman */
  | 'CHIEF_ACCESS_MANAGER'
  /** Registered the employer; appoints and revokes Chief Access Managers */
  | 'LEGAL_REPRESENTATIVE';

/** A role given to an email address in a company */
export type RoleAssignment = {
  __typename?: 'RoleAssignment';
  /** When it was given */
  createdAt: Scalars['DateTime']['output'];
  /** The email it was given to (lower-cased) */
  email: Scalars['String']['output'];
  /** Stable identifier; pass it to revokeRole */
  id: Scalars['ID']['output'];
  /** The person, once someone signed up with that email */
  person: Maybe<PersonSummary>;
  /** When it was revoked */
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  /** The role given */
  role: Role;
  /** ACTIVE, PENDING (no account with that email yet) or REVOKED */
  status: RoleAssignmentStatus;
};

/** A page of role assignments */
export type RoleAssignmentConnection = {
  __typename?: 'RoleAssignmentConnection';
  /** The role assignments of this page with their cursors */
  edges: Array<RoleAssignmentEdge>;
  /** The role assignments of this page */
  nodes: Array<RoleAssignment>;
  /** Whether more follow, and where to continue */
  pageInfo: PageInfo;
};

/** One role assignment and its cursor */
export type RoleAssignmentEdge = {
  __typename?: 'RoleAssignmentEdge';
  /** Opaque position of this item, for `after` */
  cursor: Scalars['String']['output'];
  /** The role assignment */
  node: RoleAssignment;
};

/** Where a role assignment stands */
export type RoleAssignmentStatus =
  /** In force */
  | 'ACTIVE'
  /** Nobody has signed up with that email yet; becomes ACTIVE when someone does */
  | 'PENDING'
  /** Taken back */
  | 'REVOKED';

/** Facts about this Chaman server that clients may need */
export type ServerInfo = {
  __typename?: 'ServerInfo';
  /** The server's clock. Clients that sign OAuth client assertions can compare it with their own clock: assertions are refused when iat or nbf is more than 60 seconds in the future */
  now: Scalars['DateTime']['output'];
  /** The server version (semantic versioning) */
  version: Scalars['String']['output'];
};

/** A signed-in session */
export type Session = {
  __typename?: 'Session';
  /** When the session ends at the latest (it also ends after a period of inactivity) */
  expiresAt: Scalars['DateTime']['output'];
  /** Who is signed in */
  person: Person;
  /** The session secret, for `Authorization: Bearer <token>`; browsers also get it as an HttpOnly cookie */
  token: Scalars['String']['output'];
};

/** Credentials to sign in with */
export type SignInInput = {
  /** Email address */
  email: Scalars['String']['input'];
  /** Password */
  password: Scalars['String']['input'];
};

/** A new account */
export type SignUpInput = {
  /** Email address; unique, compared case-insensitively */
  email: Scalars['String']['input'];
  /** First name (1 to 100 characters) */
  firstName: Scalars['String']['input'];
  /** Last name (1 to 100 characters) */
  lastName: Scalars['String']['input'];
  /** At least 12 characters */
  password: Scalars['String']['input'];
};

export type ServerInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ServerInfoQuery = { serverInfo: { version: string } };


export const ServerInfoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServerInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serverInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ServerInfoQuery, ServerInfoQueryVariables>;