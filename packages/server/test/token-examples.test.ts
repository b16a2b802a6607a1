// The token help's examples (issue 17, point 9), run as an integrator runs them: the curl + openssl
// script with bash, the Node one with node and jose, the Python one with PyJWT where it is
// installed; and a certificate made by the certificate maker (point 8) obtaining a token through
// openid-client with its PKCS#8 key, and through the key inside its PKCS#12.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  makeSelfSignedCertificate,
  tokenExamples,
  type ExampleKeyKind,
  type SelfSignedKeyType,
  type TokenExampleLanguage,
} from '@chaman/domain';
import { makeCertificate, privateKey, type KeySpec } from '@chaman/domain/test-support';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWithChief, CREATE_ACCOUNT } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import type { Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

const run = promisify(execFile);
const SCOPE = 'scope:dimona:declaration:declarant';
const has = (command: string, args: string[]) => !spawnSync(command, args, { encoding: 'utf8' }).error;
// TOKEN_EXAMPLES_WITHOUT_CURL=1 runs the tests as on a machine without curl.
const hasCurl = !process.env.TOKEN_EXAMPLES_WITHOUT_CURL && has('curl', ['--version']);
/**
 * Where curl is not installed, the script's openssl part still runs and its request is posted by
 * this stand-in with Node's fetch: the options the script gives curl (-sS, -w, --data-urlencode).
 */
const NODE_CURL = `#!/usr/bin/env node
const args = process.argv.slice(2);
const form = new URLSearchParams();
let url = '';
let writeOut = '';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--data-urlencode') { const [k, ...v] = args[++i].split('='); form.append(k, v.join('=')); }
  else if (args[i] === '-w') writeOut = args[++i];
  else if (!args[i].startsWith('-')) url = args[i];
}
// An extensionless file is CommonJS: no top-level await.
fetch(url, { method: 'POST', body: form }).then(async (r) => process.stdout.write((await r.text()) + writeOut.replace(/\\\\n/g, '\\n').replace('%{http_code}', String(r.status))));
`;
/** PyJWT with its crypto extra (cryptography), as `pip install "pyjwt[crypto]"` or Debian's python3-jwt give. */
const python = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import jwt, cryptography'], { encoding: 'utf8' }).status === 0,
);

/** A folder where `import 'jose'` finds the jose this package tests with, as after `npm install jose`. */
function folderWithJose(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaman-token-example-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(
    realpathSync(new URL('../node_modules/jose', import.meta.url)),
    join(dir, 'node_modules', 'jose'),
  );
  return dir;
}

describe.each(databaseKinds)('the token help examples on %s', (kind) => {
  let server: TestServer;
  let chief: Caller;
  let companyId: string;
  let companyName: string;
  let companyNumber: string;
  let tokenEndpoint: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ chief, companyId } = await companyWithChief(server, 'examples'));
    const company = await chief.q<{ company: { name: string; enterpriseNumber: string } }>(
      `query($id: ID!) { company(id: $id) { name enterpriseNumber } }`,
      { id: companyId },
    );
    ({ name: companyName, enterpriseNumber: companyNumber } = company.company);
    tokenEndpoint = `${server.url}/REST/oauth/v5/token`;
  });
  afterAll(async () => server.stop());

  async function account(certificatePem: string): Promise<string> {
    const created = await chief.q(CREATE_ACCOUNT, {
      input: {
        companyId,
        name: `examples ${Math.random().toString(36).slice(2, 8)}`,
        permissionCodes: ['dimona-declaration', 'demo-consult'],
        certificate: { name: 'examples', content: certificatePem },
      },
    });
    return created.createRestAccount.clientId as string;
  }

  const keys: [ExampleKeyKind, KeySpec][] = [
    ['EC-P-384', 'ec:P-384'],
    ['RSA', 'rsa:2048'],
    ['EC-P-521', 'ec:P-521'],
  ];

  /** Writes the example and the key to a folder (with jose beside them) and runs it; its standard output. */
  async function runExample(
    language: TokenExampleLanguage,
    key: ExampleKeyKind,
    clientId: string,
    keyPem: string,
    scopes: string[] = [SCOPE],
  ) {
    const example = tokenExamples({ tokenEndpoint, clientId, scopes, key }).examples.find(
      (e) => e.language === language,
    )!;
    const dir = folderWithJose();
    writeFileSync(join(dir, example.fileName), example.code);
    writeFileSync(join(dir, 'private-key.pem'), keyPem);
    if (!hasCurl) {
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', 'curl'), NODE_CURL, { mode: 0o755 });
    }
    const env = hasCurl ? process.env : { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` };
    const [command, ...args] =
      language === 'curl'
        ? ['bash', example.fileName]
        : language === 'node'
          ? ['node', example.fileName]
          : [python!, example.fileName];
    const { stdout } = await run(command!, [...args, 'private-key.pem'], { cwd: dir, timeout: 30_000, env });
    return stdout;
  }

  /** The access token in a token endpoint's answer, checked against the server's JWKS. */
  async function verifiedToken(stdout: string, clientId: string, scope = SCOPE) {
    const body = JSON.parse(stdout) as { access_token: string; token_type: string; scope: string };
    expect(body.token_type.toLowerCase()).toBe('bearer');
    expect(body.scope.split(' ').sort()).toEqual(scope.split(' ').sort());
    const { payload } = await jose.jwtVerify(
      body.access_token,
      jose.createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)),
      { issuer: server.url },
    );
    expect(payload).toMatchObject({ sub: clientId, client_id: clientId });
    return payload;
  }

  it.each(keys)(
    `the curl + openssl script obtains a token with a %s key (bash, real openssl, ${hasCurl ? 'real curl' : "no curl here: posted by Node's fetch"})`,
    async (key, spec) => {
      const made = makeCertificate({ key: spec, keyPem: privateKey(spec, true) });
      const clientId = await account(made.certPem);
      await verifiedToken(await runExample('curl', key, clientId, made.keyPem), clientId);
    },
  );

  it('the script asks for all the account’s scopes when none is chosen, and fails loudly when refused', async () => {
    const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
    const clientId = await account(made.certPem);
    await verifiedToken(
      await runExample('curl', 'EC-P-384', clientId, made.keyPem, []),
      clientId,
      `scope:demo:consult ${SCOPE}`,
    );
    // Another key than the certificate's: the script exits with an error and prints the endpoint's reason.
    const failure = await runExample('curl', 'EC-P-384', clientId, privateKey('ec:P-384', true)).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 1, stderr: 'HTTP 401\n' });
    expect(JSON.parse((failure as { stdout: string }).stdout)).toMatchObject({ error: 'invalid_client' });
  });

  it.each(keys)('the Node (jose) example obtains a token with a %s key', async (key, spec) => {
    const made = makeCertificate({ key: spec, keyPem: privateKey(spec, true) });
    const clientId = await account(made.certPem);
    await verifiedToken(await runExample('node', key, clientId, made.keyPem), clientId);
  });

  it('the Node example explains a PKCS#1 key with the command that converts it', async () => {
    const made = makeCertificate({ key: 'rsa:2048', keyPem: privateKey('rsa:2048', true) });
    const clientId = await account(made.certPem);
    const pkcs1 = spawnSync('openssl', ['pkey', '-traditional'], {
      input: made.keyPem,
      encoding: 'utf8',
    }).stdout;
    expect(pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const failure = await runExample('node', 'RSA', clientId, pkcs1).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({
      code: 1,
      stderr:
        'The key must be PKCS#8 (-----BEGIN PRIVATE KEY-----). Convert it with:\nopenssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem\n',
    });
    // The command the message gives makes a key the example takes.
    const converted = spawnSync('openssl', ['pkcs8', '-topk8', '-nocrypt'], {
      input: pkcs1,
      encoding: 'utf8',
    }).stdout;
    await verifiedToken(await runExample('node', 'RSA', clientId, converted), clientId);
  });

  it.skipIf(!python).each(keys)(
    'the Python (PyJWT) example obtains a token with a %s key',
    async (key, spec) => {
      const made = makeCertificate({ key: spec, keyPem: privateKey(spec, true) });
      const clientId = await account(made.certPem);
      await verifiedToken(await runExample('python', key, clientId, made.keyPem), clientId);
    },
  );

  describe('a certificate made by the certificate maker', () => {
    it.each([
      ['EC-P-384', 'ES384'],
      ['RSA-3072', 'RS256'],
    ] as const)(
      'obtains a token through openid-client (private_key_jwt) with its PKCS#8 key (%s)',
      async (keyType: SelfSignedKeyType, alg) => {
        const made = await makeSelfSignedCertificate(
          {
            keyType,
            companyName,
            commonName: 'made in the browser',
            enterpriseNumber: companyNumber,
            validityDays: 730,
            pkcs12Password: 'a long enough password',
          },
          new Date(),
        );
        if (!made.ok) throw new Error(made.error.message);
        expect(made.value.algorithm).toBe(alg);
        const clientId = await account(made.value.certificatePem);

        const config = await client.discovery(
          new URL(server.url),
          clientId,
          undefined,
          client.PrivateKeyJwt(await jose.importPKCS8(made.value.privateKeyPem, alg)),
          {
            algorithm: 'oauth2',
            execute: [client.allowInsecureRequests],
          },
        );
        const tokens = await client.clientCredentialsGrant(config, { scope: SCOPE });
        await verifiedToken(JSON.stringify(tokens), clientId);

        // The key inside the PKCS#12 is the same key: openssl opens it with the password, and the Node example signs with it.
        const opened = spawnSync(
          'openssl',
          ['pkcs12', '-passin', 'pass:a long enough password', '-nodes', '-nocerts'],
          { input: made.value.pkcs12!, encoding: 'utf8' },
        );
        expect(opened.status).toBe(0);
        const keyPem = opened.stdout.match(
          /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/,
        )![0];
        await verifiedToken(
          await runExample('node', keyType === 'RSA-3072' ? 'RSA' : 'EC-P-384', clientId, keyPem),
          clientId,
        );
      },
    );
  });
});
