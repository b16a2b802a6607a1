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

/** Whether the account can obtain tokens now, and for how long */
export type AccountHealth =
  /** Disabled */
  | 'DISABLED'
  /** Active, but no certificate is valid now: it cannot obtain tokens */
  | 'EXPIRED'
  /** Active, but its newest valid certificate ends within 30 days: add a new one */
  | 'EXPIRING'
  /** Active, with a certificate valid for more than 30 days */
  | 'OK';

/** Add a certificate to a REST account (rotation: old and new both work until the old is removed) */
export type AddRestAccountCertificateInput = {
  /** The account */
  accountId: Scalars['ID']['input'];
  /** ... a new upload (exactly one of the two) */
  certificate?: InputMaybe<NewCertificateInput>;
  /** An existing certificate of the company, or ... */
  certificateId?: InputMaybe<Scalars['ID']['input']>;
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

/** An X.509 authentication certificate of a company */
export type Certificate = {
  __typename?: 'Certificate';
  /** When it was uploaded */
  createdAt: Scalars['DateTime']['output'];
  /** "P-384" or "P-521" for EC keys; null for RSA */
  curve: Maybe<Scalars['String']['output']>;
  /** Whole days until notAfter (negative once expired) */
  expiresInDays: Scalars['Int']['output'];
  /** Stable identifier */
  id: Scalars['ID']['output'];
  /** Issuer distinguished name; equals the subject for a self-signed certificate */
  issuer: Scalars['String']['output'];
  /** RSA or EC */
  keyAlgorithm: KeyAlgorithm;
  /** RSA modulus bits, or the EC curve size (384, 521) */
  keySize: Scalars['Int']['output'];
  /** Key usage bits set, e.g. ["digitalSignature"] */
  keyUsage: Array<Scalars['String']['output']>;
  /** The name given at upload */
  name: Scalars['String']['output'];
  /** End of validity */
  notAfter: Scalars['DateTime']['output'];
  /** Start of validity */
  notBefore: Scalars['DateTime']['output'];
  /** The certificate in PEM */
  pem: Scalars['String']['output'];
  /** The REST accounts using this certificate */
  restAccounts: Array<RestAccount>;
  /** Whether it is self-signed (issuer = subject) */
  selfSigned: Scalars['Boolean']['output'];
  /** Serial number, hexadecimal */
  serialNumber: Scalars['String']['output'];
  /** SHA-256 of the DER, upper-case hex with colons (as openssl -fingerprint -sha256 prints it) */
  sha256Fingerprint: Scalars['String']['output'];
  /** Signature algorithm, e.g. sha256WithRSAEncryption or ecdsa-with-SHA384 */
  signatureAlgorithm: Scalars['String']['output'];
  /** Subject distinguished name (RFC 4514), e.g. "CN=api.acme.be, O=Acme, C=BE" */
  subject: Scalars['String']['output'];
  /** The same SHA-256 in base64url: the x5t#S256 value for JWS headers */
  x5tS256: Scalars['String']['output'];
};

/** A page of certificates */
export type CertificateConnection = {
  __typename?: 'CertificateConnection';
  /** The certificates of this page with their cursors */
  edges: Array<CertificateEdge>;
  /** The certificates of this page */
  nodes: Array<Certificate>;
  /** Whether more follow, and where to continue */
  pageInfo: PageInfo;
};

/** One certificate and its cursor */
export type CertificateEdge = {
  __typename?: 'CertificateEdge';
  /** Opaque position of this item, for `after` */
  cursor: Scalars['String']['output'];
  /** The certificate */
  node: Certificate;
};

/** A company registered as an NSSO employer */
export type Company = {
  __typename?: 'Company';
  /** The company's audit log, newest first (Chief Access Managers and Access Managers) */
  auditLog: AuditEntryConnection;
  /** The company's certificates, newest first (for those who may use Chaman for it) */
  certificates: CertificateConnection;
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
  /** The company's REST accounts, newest first (for those who may use Chaman for it) */
  restAccounts: RestAccountConnection;
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
export type CompanyCertificatesArgs = {
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
export type CompanyRestAccountsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  health?: InputMaybe<AccountHealth>;
  status?: InputMaybe<RestAccountStatus>;
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

/** A new REST web service account ("Add a Web service account") */
export type CreateRestAccountInput = {
  /** ... a new upload (exactly one of the two) */
  certificate?: InputMaybe<NewCertificateInput>;
  /** An existing certificate of the company, or ... */
  certificateId?: InputMaybe<Scalars['ID']['input']>;
  /** The company */
  companyId: Scalars['ID']['input'];
  /** Its name (1 to 100 characters, unique in the company) */
  name: Scalars['String']['input'];
  /** Permission codes (at least one; see the permissions query) */
  permissionCodes: Array<Scalars['String']['input']>;
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

/** Delete a certificate no REST account uses */
export type DeleteCertificateInput = {
  /** The certificate */
  certificateId: Scalars['ID']['input'];
};

/** A certificate that ends soon, and the REST accounts that rely on it */
export type ExpiringCertificate = {
  __typename?: 'ExpiringCertificate';
  /** The accounts using it: add a new certificate to each before it ends */
  accounts: Array<RestAccount>;
  /** The certificate */
  certificate: Certificate;
};

/** Public key algorithm of a certificate */
export type KeyAlgorithm =
  | 'EC'
  | 'RSA';

/** A language Chaman speaks */
export type Language =
  | 'DE'
  | 'EN'
  | 'FR'
  | 'NL';

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
  /** Adds a certificate to a REST account (at most 5), for rotation without downtime */
  addRestAccountCertificate: RestAccount;
  /** Appoints an Access Manager (by a Chief Access Manager) */
  appointAccessManager: RoleAssignment;
  /** Appoints a Chief Access Manager (by the legal representative or a Chief Access Manager) */
  appointChiefAccessManager: RoleAssignment;
  /** Creates a personal access token for scripts; its secret is shown once */
  createAccessToken: CreatedAccessToken;
  /** Mandates a registered provider to use Chaman for the company (by a Chief Access Manager); PENDING until accepted */
  createMandate: Mandate;
  /** "Add a Web service account": a REST account with permissions and a certificate (existing or uploaded); it gets its client ID self_service_expeditor_<n> */
  createRestAccount: RestAccount;
  /** Deletes a certificate; refused (CONFLICT) while a REST account uses it */
  deleteCertificate: Certificate;
  /** Deletes a REST account; its client ID is retired for good */
  deleteRestAccount: RestAccount;
  /** Disables a REST account: it gets no tokens until enabled */
  disableRestAccount: RestAccount;
  /** Enables a disabled REST account */
  enableRestAccount: RestAccount;
  /** Ends a mandate (by a Chief Access Manager or an Access Manager of either company) */
  endMandate: Mandate;
  /** Grants "Chaman - technical channel management" access (by a Chief Access Manager or an Access Manager) */
  grantChamanAccess: RoleAssignment;
  /** Registers a company as an NSSO employer; the caller becomes its legal representative */
  registerEmployer: Company;
  /** Removes a certificate from a REST account (never its last one) */
  removeRestAccountCertificate: RestAccount;
  /** Renames a certificate */
  renameCertificate: Certificate;
  /** Renames a REST account */
  renameRestAccount: RestAccount;
  /** Revokes one of your personal access tokens */
  revokeAccessToken: AccessToken;
  /** Revokes a role assignment; nobody but the legal representative can revoke the company's last Chief Access Manager */
  revokeRole: RoleAssignment;
  /** Replaces a REST account's permissions */
  setRestAccountPermissions: RestAccount;
  /** Signs in; sets the session cookie and returns the token for Bearer use */
  signIn: Session;
  /** Ends the current session; true if there was one */
  signOut: Scalars['Boolean']['output'];
  /** Creates an account and signs in. Roles appointed to this email before become ACTIVE */
  signUp: Session;
  /** Uploads a certificate for the company (by anyone who may use Chaman for it). Refused with CERTIFICATE_REJECTED and every violation, or CONFLICT when the company already has it */
  uploadCertificate: Certificate;
};


export type MutationAcceptMandateArgs = {
  input: MandateInput;
};


export type MutationAddRestAccountCertificateArgs = {
  input: AddRestAccountCertificateInput;
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


export type MutationCreateRestAccountArgs = {
  input: CreateRestAccountInput;
};


export type MutationDeleteCertificateArgs = {
  input: DeleteCertificateInput;
};


export type MutationDeleteRestAccountArgs = {
  input: RestAccountInput;
};


export type MutationDisableRestAccountArgs = {
  input: RestAccountInput;
};


export type MutationEnableRestAccountArgs = {
  input: RestAccountInput;
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


export type MutationRemoveRestAccountCertificateArgs = {
  input: RemoveRestAccountCertificateInput;
};


export type MutationRenameCertificateArgs = {
  input: RenameCertificateInput;
};


export type MutationRenameRestAccountArgs = {
  input: RenameRestAccountInput;
};


export type MutationRevokeAccessTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeRoleArgs = {
  input: RevokeRoleInput;
};


export type MutationSetRestAccountPermissionsArgs = {
  input: SetRestAccountPermissionsInput;
};


export type MutationSignInArgs = {
  input: SignInInput;
};


export type MutationSignUpArgs = {
  input: SignUpInput;
};


export type MutationUploadCertificateArgs = {
  input: UploadCertificateInput;
};

/** A new certificate uploaded with a REST account */
export type NewCertificateInput = {
  /** The file's bytes in base64, or PEM text as it is */
  content: Scalars['String']['input'];
  /** A name for the certificate (1 to 100 characters) */
  name: Scalars['String']['input'];
};

/** Where a page of a list stands */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The last item's cursor: pass it as `after` for the next page */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether more items follow this page */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A permission of a REST account: it opens one REST API */
export type Permission = {
  __typename?: 'Permission';
  /** The REST API it opens */
  api: Scalars['String']['output'];
  /** Stable code, used in createRestAccount, e.g. dimona-declaration */
  code: Scalars['String']['output'];
  /** What it allows, in the same language */
  description: Scalars['String']['output'];
  /** Name, in the request's language (Accept-Language; English by default) */
  name: Scalars['String']['output'];
  /** The OAuth scope it grants, e.g. scope:dimona:declaration:declarant */
  scope: Scalars['String']['output'];
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
  /** The company's certificates used by REST accounts that end within `withinDays` (or have ended), soonest first */
  expiringCertificates: Array<ExpiringCertificate>;
  /** The signed-in person; null when signed out */
  me: Maybe<Person>;
  /** The REST API permission catalogue */
  permissions: Array<Permission>;
  /** A REST account by its client ID; null when unknown or not visible to the caller */
  restAccount: Maybe<RestAccount>;
  /** The server version and clock; needs no authentication */
  serverInfo: ServerInfo;
};


export type QueryCompanyArgs = {
  id: Scalars['ID']['input'];
};


export type QueryExpiringCertificatesArgs = {
  companyId: Scalars['ID']['input'];
  withinDays?: Scalars['Int']['input'];
};


export type QueryPermissionsArgs = {
  language?: InputMaybe<Language>;
};


export type QueryRestAccountArgs = {
  clientId: Scalars['String']['input'];
};

/** A company to register as an NSSO employer */
export type RegisterEmployerInput = {
  /** Enterprise number: 10 digits starting with 0 or 1, e.g. "0203201340" or "0203.201.340" */
  enterpriseNumber: Scalars['String']['input'];
  /** Company name (1 to 200 characters) */
  name: Scalars['String']['input'];
};

/** Remove a certificate from a REST account (the certificate itself stays) */
export type RemoveRestAccountCertificateInput = {
  /** The account */
  accountId: Scalars['ID']['input'];
  /** The certificate */
  certificateId: Scalars['ID']['input'];
};

/** Rename a certificate */
export type RenameCertificateInput = {
  /** The certificate */
  certificateId: Scalars['ID']['input'];
  /** The new name (1 to 100 characters) */
  name: Scalars['String']['input'];
};

/** Rename a REST account */
export type RenameRestAccountInput = {
  /** The account */
  accountId: Scalars['ID']['input'];
  /** The new name (1 to 100 characters, unique in the company) */
  name: Scalars['String']['input'];
};

/** A REST web service account: an OAuth client of the company */
export type RestAccount = {
  __typename?: 'RestAccount';
  /** Its certificates, latest-ending first */
  certificates: Array<Certificate>;
  /** The OAuth client ID: self_service_expeditor_<n>, never reused */
  clientId: Scalars['String']['output'];
  /** The company it belongs to */
  company: Company;
  /** When it was created */
  createdAt: Scalars['DateTime']['output'];
  /** OK, EXPIRING (newest valid certificate ends within 30 days), EXPIRED or DISABLED */
  health: AccountHealth;
  /** Stable identifier */
  id: Scalars['ID']['output'];
  /** Its name, unique in the company */
  name: Scalars['String']['output'];
  /** Its permissions */
  permissions: Array<Permission>;
  /** ACTIVE or DISABLED */
  status: RestAccountStatus;
  /** Always REST */
  type: WebServiceAccountType;
};

/** A page of REST accounts */
export type RestAccountConnection = {
  __typename?: 'RestAccountConnection';
  /** The REST accounts of this page with their cursors */
  edges: Array<RestAccountEdge>;
  /** The REST accounts of this page */
  nodes: Array<RestAccount>;
  /** Whether more follow, and where to continue */
  pageInfo: PageInfo;
};

/** One REST account and its cursor */
export type RestAccountEdge = {
  __typename?: 'RestAccountEdge';
  /** Opaque position of this item, for `after` */
  cursor: Scalars['String']['output'];
  /** The REST account */
  node: RestAccount;
};

/** A REST account to act on */
export type RestAccountInput = {
  /** The account */
  accountId: Scalars['ID']['input'];
};

/** Whether the account may obtain tokens */
export type RestAccountStatus =
  /** May obtain tokens */
  | 'ACTIVE'
  /** Refused at the token endpoint until enabled */
  | 'DISABLED';

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

/** Replace a REST account's permissions */
export type SetRestAccountPermissionsInput = {
  /** The account */
  accountId: Scalars['ID']['input'];
  /** The permission codes it should have from now on (at least one) */
  permissionCodes: Array<Scalars['String']['input']>;
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

/** A certificate file to upload */
export type UploadCertificateInput = {
  /** The company */
  companyId: Scalars['ID']['input'];
  /** The file's bytes in base64, or PEM text as it is (at most 64 KiB of file) */
  content: Scalars['String']['input'];
  /** A name for the certificate (1 to 100 characters) */
  name: Scalars['String']['input'];
};

/** Kind of web service account */
export type WebServiceAccountType =
  | 'REST';

export type ServerInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ServerInfoQuery = { serverInfo: { version: string } };


export const ServerInfoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServerInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serverInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ServerInfoQuery, ServerInfoQueryVariables>;