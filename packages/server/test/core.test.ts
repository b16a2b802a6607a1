import { makeCertificate } from '@chaman/domain/test-support';
import { REFUSAL_CODES, REFUSAL_MESSAGE_MAX } from '@chaman/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWithChief, CREATE_ACCOUNT, UPLOAD } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import { APPOINT, enterpriseNumber, mailedToken, PASSWORD, registerEmployer, signUp } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

// Findings of the server's rebuilt core (issue 14), each against the real server over HTTP.
describe.each(databaseKinds)('the rebuilt core on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { RATE_LIMIT_SIGN_IN_PER_EMAIL: '10', RATE_LIMIT_SIGN_IN_PER_IP: '100000' });
  });
  afterAll(async () => server.stop());

  it('answers signUp without the roles awaiting its email, and verifyEmail with the memberships it has just activated', async () => {
    const { chief, companyId } = await companyWithChief(server, 'memberships');
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email: 'new.employee@example.be' });
    const r = await server.graphql<{ signUp: { person: { memberships: { company: { id: string }; roles: string[] }[] } } }>(
      `mutation($input: SignUpInput!) { signUp(input: $input) { person { memberships { company { id } roles } } } }`,
      { input: { email: 'New.Employee@example.be', password: PASSWORD, firstName: 'New', lastName: 'Employee' } },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.signUp.person.memberships).toEqual([]);
    const token = await mailedToken(server, 'new.employee@example.be', 'verification');
    const proven = await server.graphql<{ verifyEmail: { memberships: { company: { id: string }; roles: string[] }[] } }>(
      `mutation($token: String!) { verifyEmail(token: $token) { memberships { company { id } roles } } }`,
      { token },
    );
    expect(proven.body.errors).toBeUndefined();
    expect(proven.body.data!.verifyEmail.memberships).toEqual([{ company: { id: companyId }, roles: ['CHAMAN'] }]);
  });

  it('counts concurrent wrong passwords against the limit: 150 at once, 10 checked, the rest refused', async () => {
    const victim = await signUp(server, 'victim-of-guessing@example.be');
    const attempts = await Promise.all(
      Array.from({ length: 150 }, () =>
        server.graphql(`mutation($input: SignInInput!) { signIn(input: $input) { token } }`, {
          input: { email: victim.email, password: 'wrong password, guessed' },
        }),
      ),
    );
    const codes = attempts.map((a) => a.body.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(140);
    const limited = attempts.find((a) => a.body.errors?.[0]?.extensions?.code === 'RATE_LIMITED')!.body.errors![0]!.extensions!;
    expect(limited.reason).toBe('rate-limit/exceeded');
    expect((limited.params as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('gives every refusal a reason and params (except NOT_FOUND), each reason declared by the domain', async () => {
    const { chief, companyId } = await companyWithChief(server, 'reasons');
    const made = makeCertificate({ key: 'ec:P-384' });
    const certificate = (await chief.q(UPLOAD, { companyId, name: 'first', content: made.certPem })).uploadCertificate;
    const account = { companyId, name: 'Payroll', permissionCodes: ['demo-consult'], certificateId: certificate.id };
    await chief.q(CREATE_ACCOUNT, { input: account });

    const cases = [
      { error: await chief.fails(CREATE_ACCOUNT, { input: account }), code: 'CONFLICT', reason: 'rest-account/name-taken', params: { name: 'Payroll' } },
      { error: await chief.fails(UPLOAD, { companyId, name: 'again', content: made.certPem }), code: 'CONFLICT', reason: 'certificate/duplicate', params: { name: 'first' } },
      {
        error: await chief.fails(`mutation($id: ID!) { deleteCertificate(input: { certificateId: $id }) { id } }`, { id: certificate.id }),
        code: 'CONFLICT',
        reason: 'certificate/in-use',
        params: { count: 1 },
      },
      {
        error: await chief.fails(CREATE_ACCOUNT, { input: { ...account, name: '   ' } }),
        code: 'BAD_USER_INPUT',
        reason: 'rest-account/name',
        params: { min: 1, max: 100, length: 0 },
      },
    ];
    for (const c of cases) {
      expect(c.error.code).toBe(c.code);
      expect(c.error.extensions.reason).toBe(c.reason);
      expect(c.error.extensions.params).toMatchObject(c.params);
      expect(REFUSAL_CODES).toContain(c.reason);
    }

    // An enterprise number registered already.
    const other = await signUp(server, 'second-registrant@example.be');
    const first = await signUp(server, 'first-registrant@example.be');
    await registerEmployer(first, 4242, 'Taken');
    const taken = await other.fails(`mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) { id } }`, {
      input: { enterpriseNumber: enterpriseNumber(4242), name: 'Mine' },
    });
    expect(taken).toMatchObject({ code: 'CONFLICT', extensions: { reason: 'company/already-registered', params: { enterpriseNumber: expect.stringMatching(/^\d{4}\.\d{3}\.\d{3}$/) } } });

    // NOT_FOUND stays indistinguishable from "not yours": no reason, no params.
    const missing = await chief.fails(`mutation { renameCertificate(input: { certificateId: "00000000-0000-7000-8000-000000000000", name: "x" }) { id } }`);
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.extensions).toEqual({ code: 'NOT_FOUND' });

    // A credential that is not (or no longer) valid says why.
    const revoked = await server.graphql(`mutation { registerEmployer(input: { enterpriseNumber: "0203201340", name: "x" }) { id } }`, {}, { authorization: 'Bearer chs_not-a-session' });
    expect(revoked.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'access/credential-invalid' });
    await chief.q(`mutation { signOut }`);
    const after = await chief.fails(`mutation($id: ID!) { renameCertificate(input: { certificateId: $id, name: "x" }) { id } }`, { id: certificate.id });
    expect(after).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { reason: 'access/session-revoked' } });
  });

  it('answers an input of 90,000 unknown permission codes with a short message', async () => {
    const { chief, companyId } = await companyWithChief(server, 'codes');
    const made = makeCertificate({ key: 'ec:P-384' });
    const codes = Array.from({ length: 90_000 }, (_, i) => `c${i}`);
    const error = await chief.fails(CREATE_ACCOUNT, { input: { companyId, name: 'Many', permissionCodes: codes, certificate: { name: 'c', content: made.certPem } } });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.reason).toBe('rest-account/unknown-permission');
    expect(error.message.length).toBeLessThanOrEqual(REFUSAL_MESSAGE_MAX);
    expect(error.extensions.params).toMatchObject({ count: 90_000 });
    expect(JSON.stringify(error.extensions).length).toBeLessThan(2_000);
  });

  it("words an account's permissions in the language asked for, whatever the request's", async () => {
    const { chief, companyId } = await companyWithChief(server, 'language');
    const made = makeCertificate({ key: 'ec:P-384' });
    await chief.q(CREATE_ACCOUNT, { input: { companyId, name: 'Dimona', permissionCodes: ['dimona-declaration'], certificate: { name: 'c', content: made.certPem } } });
    const d = await chief.q(`query($id: ID!) { company(id: $id) { restAccounts { nodes { en: permissions { name } fr: permissions(language: FR) { name } nl: permissions(language: NL) { name } } } } }`, {
      id: companyId,
    });
    const [node] = d.company.restAccounts.nodes;
    expect(new Set([node.en[0].name, node.fr[0].name, node.nl[0].name]).size).toBe(3);
  });
});
