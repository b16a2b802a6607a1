import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { makeCertificate } from '@chaman/domain/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from './support/databases.js';
import { APPOINT, enterpriseNumber, registerEmployer, signUp, type Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

/** The objects of company B (and of its people) that the attacker from company A aims at. */
interface Victim {
  companyId: string;
  assignmentId: string;
  mandateId: string;
  tokenId: string;
  sessionId: string;
  certificateId: string;
  accountId: string;
  clientId: string;
  webhookId: string;
  deliveryId: string;
}

type Probe =
  /** Targets B's objects: must be refused with this code. */
  | { kind: 'refused'; code: string; query: string; variables: (v: Victim) => Record<string, unknown> }
  /** Reads by id: must answer null, exactly as for an id that does not exist. */
  | { kind: 'null'; query: string; variables: (v: Victim) => Record<string, unknown>; path: string }
  /** Takes no company or object of someone else: nothing to aim at B with. */
  | { kind: 'own-scope'; why: string };

/**
 * Every root operation of the schema, and how an attacker uses it against another company. A new
 * operation without an entry here fails the first test: isolation must be thought about for it.
 */
const attackerPem = makeCertificate({ key: 'ec:P-384' }).certPem;

const PROBES: Record<string, Probe> = {
  'Query.serverInfo': { kind: 'own-scope', why: 'public server facts, no company data' },
  'Query.me': { kind: 'own-scope', why: 'the caller only' },
  'Query.company': { kind: 'null', query: 'query($id: ID!) { company(id: $id) { id name } }', variables: (v) => ({ id: v.companyId }), path: 'company' },
  'Mutation.signUp': { kind: 'own-scope', why: 'creates the caller' },
  'Mutation.signIn': { kind: 'own-scope', why: 'the caller only' },
  'Mutation.signOut': { kind: 'own-scope', why: "the caller's session only" },
  'Mutation.registerEmployer': { kind: 'own-scope', why: 'creates a new company (an existing number is a CONFLICT, tested elsewhere)' },
  'Mutation.createAccessToken': { kind: 'own-scope', why: "the caller's tokens only" },
  'Mutation.changePassword': { kind: 'own-scope', why: "the caller's password and sessions only" },
  'Mutation.signOutEverywhere': { kind: 'own-scope', why: "the caller's sessions only" },
  'Mutation.setLanguage': { kind: 'own-scope', why: "the caller's own language" },
  'Query.pendingEmployers': { kind: 'refused', code: 'FORBIDDEN', query: '{ pendingEmployers(first: 10) { nodes { id } } }', variables: () => ({}) },
  'Mutation.approveEmployer': { kind: 'refused', code: 'FORBIDDEN', query: 'mutation($id: ID!) { approveEmployer(id: $id) { id } }', variables: (v) => ({ id: v.companyId }) },
  'Mutation.rejectEmployer': { kind: 'refused', code: 'FORBIDDEN', query: 'mutation($id: ID!) { rejectEmployer(id: $id, reason: "no") { id } }', variables: (v) => ({ id: v.companyId }) },
  'Mutation.verifyEmail': { kind: 'own-scope', why: "proves the email a secret link was mailed to; names no company or someone else's object" },
  'Mutation.resendVerification': { kind: 'own-scope', why: "mails the caller's own address only" },
  'Mutation.requestPasswordReset': { kind: 'own-scope', why: 'answers true whatever the email; mails only the address given, never the caller' },
  'Mutation.resetPassword': { kind: 'own-scope', why: 'needs the secret mailed to the account; names no company' },
  'Mutation.revokeSession': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { revokeSession(id: $id) }', variables: (v) => ({ id: v.sessionId }) },
  'Mutation.appointChiefAccessManager': { kind: 'refused', code: 'NOT_FOUND', query: APPOINT('appointChiefAccessManager'), variables: (v) => ({ companyId: v.companyId, email: 'evil@a.be' }) },
  'Mutation.appointAccessManager': { kind: 'refused', code: 'NOT_FOUND', query: APPOINT('appointAccessManager'), variables: (v) => ({ companyId: v.companyId, email: 'evil@a.be' }) },
  'Mutation.grantChamanAccess': { kind: 'refused', code: 'NOT_FOUND', query: APPOINT('grantChamanAccess'), variables: (v) => ({ companyId: v.companyId, email: 'evil@a.be' }) },
  'Mutation.revokeRole': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { revokeRole(input: { roleAssignmentId: $id }) { id } }', variables: (v) => ({ id: v.assignmentId }) },
  'Mutation.createMandate': {
    kind: 'refused',
    code: 'NOT_FOUND',
    query: 'mutation($c: ID!, $p: String!) { createMandate(input: { companyId: $c, providerEnterpriseNumber: $p }) { id } }',
    variables: (v) => ({ c: v.companyId, p: enterpriseNumber(901) }),
  },
  'Mutation.acceptMandate': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($m: ID!) { acceptMandate(input: { mandateId: $m }) { id } }', variables: (v) => ({ m: v.mandateId }) },
  'Mutation.endMandate': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($m: ID!) { endMandate(input: { mandateId: $m }) { id } }', variables: (v) => ({ m: v.mandateId }) },
  'Query.permissions': { kind: 'own-scope', why: 'the public catalogue' },
  'Query.restAccount': { kind: 'null', query: 'query($c: String!) { restAccount(clientId: $c) { id } }', variables: (v) => ({ c: v.clientId }), path: 'restAccount' },
  'Query.expiringCertificates': { kind: 'refused', code: 'NOT_FOUND', query: 'query($c: ID!) { expiringCertificates(companyId: $c, withinDays: 3650) { certificate { id } } }', variables: (v) => ({ c: v.companyId }) },
  'Mutation.uploadCertificate': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($c: ID!, $pem: String!) { uploadCertificate(input: { companyId: $c, name: "x", content: $pem }) { id } }', variables: (v) => ({ c: v.companyId, pem: attackerPem }) },
  'Mutation.renameCertificate': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { renameCertificate(input: { certificateId: $id, name: "pwned" }) { id } }', variables: (v) => ({ id: v.certificateId }) },
  'Mutation.deleteCertificate': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { deleteCertificate(input: { certificateId: $id }) { id } }', variables: (v) => ({ id: v.certificateId }) },
  'Mutation.createRestAccount': {
    kind: 'refused',
    code: 'NOT_FOUND',
    query: 'mutation($c: ID!, $cert: ID!) { createRestAccount(input: { companyId: $c, name: "evil", permissionCodes: ["demo-consult"], certificateId: $cert }) { id } }',
    variables: (v) => ({ c: v.companyId, cert: v.certificateId }),
  },
  'Mutation.renameRestAccount': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { renameRestAccount(input: { accountId: $id, name: "pwned" }) { id } }', variables: (v) => ({ id: v.accountId }) },
  'Mutation.setRestAccountPermissions': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { setRestAccountPermissions(input: { accountId: $id, permissionCodes: ["dimona-declaration"] }) { id } }', variables: (v) => ({ id: v.accountId }) },
  'Mutation.addRestAccountCertificate': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!, $pem: String!) { addRestAccountCertificate(input: { accountId: $id, certificate: { name: "evil", content: $pem } }) { id } }', variables: (v) => ({ id: v.accountId, pem: attackerPem }) },
  'Mutation.removeRestAccountCertificate': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!, $c: ID!) { removeRestAccountCertificate(input: { accountId: $id, certificateId: $c }) { id } }', variables: (v) => ({ id: v.accountId, c: v.certificateId }) },
  'Mutation.disableRestAccount': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }', variables: (v) => ({ id: v.accountId }) },
  'Mutation.enableRestAccount': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { enableRestAccount(input: { accountId: $id }) { id } }', variables: (v) => ({ id: v.accountId }) },
  'Mutation.deleteRestAccount': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { deleteRestAccount(input: { accountId: $id }) { id } }', variables: (v) => ({ id: v.accountId }) },
  'Mutation.confirmRestAccountReview': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { confirmRestAccountReview(id: $id) { id } }', variables: (v) => ({ id: v.accountId }) },
  'Query.debugClientAssertion': {
    kind: 'own-scope',
    why: "judges the assertion given; of another company's account it shows nothing (client, account, scope not shown, the same as for an unknown client ID) unless one of its keys signed the assertion: test/token-hardening.test.ts",
  },
  'Mutation.setExpiryReminders': { kind: 'own-scope', why: "the caller's own reminders" },
  'Mutation.verifyNotificationEmail': { kind: 'own-scope', why: 'proves the address a secret link was mailed to; names no company' },
  'Mutation.setCompanyNotificationEmail': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($c: ID!) { setCompanyNotificationEmail(companyId: $c, email: "evil@a.be") { id } }', variables: (v) => ({ c: v.companyId }) },
  'Mutation.createWebhook': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($c: ID!) { createWebhook(input: { companyId: $c, url: "http://192.0.2.66/evil", events: ["rest-account.created"] }) { secret } }', variables: (v) => ({ c: v.companyId }) },
  'Mutation.updateWebhook': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { updateWebhook(id: $id, input: { url: "http://192.0.2.66/evil" }) { id } }', variables: (v) => ({ id: v.webhookId }) },
  'Mutation.rotateWebhookSecret': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', variables: (v) => ({ id: v.webhookId }) },
  'Mutation.deleteWebhook': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { deleteWebhook(id: $id) { id } }', variables: (v) => ({ id: v.webhookId }) },
  'Mutation.sendTestWebhook': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', variables: (v) => ({ id: v.webhookId }) },
  'Mutation.redeliverWebhook': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }', variables: (v) => ({ id: v.deliveryId }) },
  'Mutation.revokeAccessToken': { kind: 'refused', code: 'NOT_FOUND', query: 'mutation($id: ID!) { revokeAccessToken(id: $id) { id } }', variables: (v) => ({ id: v.tokenId }) },
};

describe.each(databaseKinds)('isolation between companies on %s', (kind) => {
  let server: TestServer;
  let attacker: Caller;
  let victim: Victim;

  beforeAll(async () => {
    server = await startTestServer(kind);
    attacker = await signUp(server, 'attacker@a.be');
    const a = await registerEmployer(attacker, 900, 'A');
    await attacker.q(APPOINT('appointChiefAccessManager'), { companyId: a, email: attacker.email });
    // B has a chief, a Chaman user with a token, and a pending mandate to C.
    const owner = await signUp(server, 'owner@b.be');
    const b = await registerEmployer(owner, 901, 'B');
    await owner.q(APPOINT('appointChiefAccessManager'), { companyId: b, email: owner.email });
    const assignment = (await owner.q(APPOINT('grantChamanAccess'), { companyId: b, email: 'user@b.be' })).grantChamanAccess;
    const c = await signUp(server, 'owner@c.be');
    await registerEmployer(c, 902, 'C');
    const mandate = (
      await owner.q('mutation($c: ID!, $p: String!) { createMandate(input: { companyId: $c, providerEnterpriseNumber: $p }) { id } }', {
        c: b,
        p: enterpriseNumber(902),
      })
    ).createMandate;
    const token = (await owner.q('mutation { createAccessToken(input: { name: "b" }) { accessToken { id } } }')).createAccessToken;
    const account = (
      await owner.q(
        'mutation($c: ID!, $pem: String!) { createRestAccount(input: { companyId: $c, name: "b", permissionCodes: ["demo-consult"], certificate: { name: "b", content: $pem } }) { id clientId certificates { id } } }',
        { c: b, pem: makeCertificate({ key: 'ec:P-384' }).certPem },
      )
    ).createRestAccount;
    // A second certificate, so that "remove certificate" would otherwise be allowed.
    await owner.q('mutation($id: ID!, $pem: String!) { addRestAccountCertificate(input: { accountId: $id, certificate: { name: "b2", content: $pem } }) { id } }', {
      id: account.id,
      pem: makeCertificate({ key: 'rsa:2048' }).certPem,
    });
    // An endpoint (at an address of the documentation range: nothing answers there) with one delivery.
    const webhook = (await owner.q('mutation($c: ID!) { createWebhook(input: { companyId: $c, url: "http://192.0.2.10/hook", events: ["role.changed"] }) { webhook { id } } }', { c: b })).createWebhook.webhook;
    const delivery = (await owner.q('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: webhook.id })).sendTestWebhook;
    victim = {
      webhookId: webhook.id,
      deliveryId: delivery.id,
      companyId: b,
      assignmentId: assignment.id,
      mandateId: mandate.id,
      tokenId: token.accessToken.id,
      sessionId: (await owner.q('{ me { sessions { id } } }')).me.sessions[0].id,
      certificateId: account.certificates[0].id,
      accountId: account.id,
      clientId: account.clientId,
    };
  });
  afterAll(async () => server.stop());

  /** Everything of B's that could change, read straight from the database. */
  async function snapshot(): Promise<string> {
    const ds = server.app.ds;
    const p = kind === 'postgres' ? '$1' : '?';
    const parts = await Promise.all([
      ds.query(`SELECT id, role, email, status FROM role_assignment WHERE company_id = ${p} ORDER BY id`, [victim.companyId]),
      ds.query(`SELECT id, status FROM mandate WHERE ${p} IN (mandator_id, provider_id) ORDER BY id`, [victim.companyId]),
      ds.query(`SELECT count(*) AS n FROM audit_entry WHERE company_id = ${p}`, [victim.companyId]),
      ds.query(`SELECT id, kind, revoked_at FROM credential ORDER BY id`),
      ds.query(`SELECT id, name FROM company ORDER BY id`),
      ds.query(`SELECT id, name, status FROM rest_account WHERE company_id = ${p} ORDER BY id`, [victim.companyId]),
      ds.query(`SELECT id, name FROM certificate WHERE company_id = ${p} ORDER BY id`, [victim.companyId]),
      ds.query(`SELECT account_id, certificate_id FROM rest_account_certificate ORDER BY account_id, certificate_id`),
      ds.query(`SELECT account_id, permission_code FROM rest_account_permission ORDER BY account_id, permission_code`),
      ds.query(`SELECT id, url, events, enabled, secret, previous_secret FROM webhook ORDER BY id`),
      ds.query(`SELECT company_id, email FROM company_notification_email ORDER BY company_id`),
    ]);
    return JSON.stringify(parts);
  }

  it('has a probe for every operation of the schema', async () => {
    const r = await server.graphql<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(r.body.data!);
    const operations = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((f) => `Mutation.${f}`),
    ].sort();
    expect(operations).toEqual(Object.keys(PROBES).sort());
  });

  it.each(Object.entries(PROBES).filter(([, p]) => p.kind !== 'own-scope'))(
    '%s aimed at another company is refused and changes nothing',
    async (_name, probe) => {
      const before = await snapshot();
      if (probe.kind === 'refused') {
        const e = await attacker.fails(probe.query, probe.variables(victim));
        expect(e.code).toBe(probe.code);
        // Same answer as for an id that does not exist: nothing learned.
        expect(e.message).not.toMatch(/\bB\b|owner@b/);
      } else if (probe.kind === 'null') {
        const d = await attacker.q(probe.query, probe.variables(victim));
        expect(d[probe.path]).toBeNull();
      }
      expect(await snapshot()).toBe(before);
    },
  );

  it("cannot read another company's people, mandates or audit log through any field", async () => {
    for (const field of ['webhooks { id }', 'notificationEmail', 'restAccounts(first: 10) { nodes { id } }', 'certificates(first: 10) { nodes { id } }', 'roleAssignments(first: 10) { nodes { id } }', 'auditLog(first: 10) { nodes { id } }', 'mandatesGiven(first: 10) { nodes { id } }', 'mandatesReceived(first: 10) { nodes { id } }']) {
      const d = await attacker.q(`query($id: ID!) { company(id: $id) { ${field} } }`, { id: victim.companyId });
      expect(d.company).toBeNull();
    }
    // A Chaman user of B itself cannot read B's audit log either (FORBIDDEN, not data).
    const user = await signUp(server, 'user@b.be');
    expect((await user.fails('query($id: ID!) { company(id: $id) { auditLog(first: 10) { nodes { id } } } }', { id: victim.companyId })).code).toBe('FORBIDDEN');
  });
});
