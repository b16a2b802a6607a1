import { describe, expect, it } from 'vitest';
import { privateKey, type KeySpec } from '../../test-support/openssl.js';
import { runOpenssl, runTool } from '../../test-support/openssl-run.js';
import { JWT_BEARER } from './oauth.js';
import { exampleAlgorithm, exampleKeyKinds, tokenExamples, type ExampleKeyKind } from './token-examples.js';

const tokenEndpoint = 'https://chaman.example/REST/oauth/v5/token';
const clientId = 'self_service_expeditor_123456';

describe('choosing the algorithm from the certificates', () => {
  it('takes ES384 for P-384, ES512 for P-521, RS256 for RSA, and ignores keys no assertion can use', () => {
    expect(
      exampleKeyKinds([
        { keyAlgorithm: 'EC', curve: 'P-521' },
        { keyAlgorithm: 'RSA', curve: null },
        { keyAlgorithm: 'EC', curve: 'P-256' },
        { keyAlgorithm: 'EC', curve: 'P-521' },
        { keyAlgorithm: 'Ed25519', curve: null },
      ]),
    ).toEqual(['EC-P-521', 'RSA']);
    expect(exampleAlgorithm('EC-P-384')).toBe('ES384');
    expect(exampleAlgorithm('EC-P-521')).toBe('ES512');
    expect(exampleAlgorithm('RSA')).toBe('RS256');
  });

  it.each([
    [
      'EC-P-384',
      'ES384',
      ['"ES384"', 'JWSAlgorithm.ES384', 'SecurityAlgorithms.EcdsaSha384', 'ECDSASigner', 'ECDsa.Create()'],
    ],
    [
      'EC-P-521',
      'ES512',
      ['"ES512"', 'JWSAlgorithm.ES512', 'SecurityAlgorithms.EcdsaSha512', 'ECDSASigner', 'ECDsa.Create()'],
    ],
    [
      'RSA',
      'RS256',
      ['"RS256"', 'JWSAlgorithm.RS256', 'SecurityAlgorithms.RsaSha256', 'RSASSASigner', 'RSA.Create()'],
    ],
  ] as const)('writes every example for a %s key with %s', (key, alg, marks) => {
    const { algorithm, examples } = tokenExamples({ tokenEndpoint, clientId, scopes: ['scope:a'], key });
    expect(algorithm).toBe(alg);
    expect(examples.map((e) => e.language)).toEqual(['curl', 'node', 'java', 'python', 'dotnet']);
    const all = examples.map((e) => e.code).join('\n');
    for (const mark of marks) expect(all).toContain(mark);
    const other = ['ES384', 'ES512', 'RS256'].filter((a) => a !== alg);
    for (const a of other) expect(all).not.toContain(a);
    for (const e of examples) {
      expect(e.code).toContain(tokenEndpoint);
      expect(e.code).toContain(clientId);
      expect(e.code).toContain(JWT_BEARER);
      expect(e.code).toContain('scope:a');
    }
  });

  it('asks for no scope (all the account’s) when none is chosen', () => {
    for (const e of tokenExamples({ tokenEndpoint, clientId, scopes: [], key: 'RSA' }).examples) {
      expect(e.code, e.language).not.toMatch(/["']scope/);
      expect(e.code, e.language).not.toContain('scope=');
    }
  });
});

// A stand-in for curl that answers with the assertion it was given, so that the script's own
// work (the JWT made with openssl, the DER signature turned into R || S) is checked here without a server.
const STAND_IN_CURL = `#!/usr/bin/env bash
for a in "$@"; do case "$a" in client_assertion=*) assertion="\${a#client_assertion=}";; esac; done
printf '{"assertion":"%s","args":"%s"}\\n200' "$assertion" "$*"
`;

const base64urlBytes = (s: string) =>
  Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const pemBytes = (pem: string) =>
  base64urlBytes(
    pem
      .replace(/-----[A-Z ]+-----|\s/g, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_'),
  );

describe('the curl + openssl script', () => {
  it.each([
    ['EC-P-521', 'ec:P-521', 8],
    ['EC-P-384', 'ec:P-384', 3],
    ['RSA', 'rsa:2048', 2],
  ] as [ExampleKeyKind, KeySpec, number][])(
    'signs a %s assertion that WebCrypto verifies (%s, %i runs)',
    async (key, spec, runs) => {
      const keyPem = privateKey(spec, true);
      const spki = pemBytes(runOpenssl(['pkey', '-in', 'key.pem', '-pubout'], { 'key.pem': keyPem }).stdout);
      const curve = key === 'EC-P-384' ? 'P-384' : 'P-521';
      const [importAlg, verifyAlg] =
        key === 'RSA'
          ? [{ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, { name: 'RSASSA-PKCS1-v1_5' }]
          : [
              { name: 'ECDSA', namedCurve: curve },
              { name: 'ECDSA', hash: key === 'EC-P-384' ? 'SHA-384' : 'SHA-512' },
            ];
      const publicKey = await crypto.subtle.importKey('spki', spki, importAlg, false, ['verify']);
      const script = tokenExamples({ tokenEndpoint, clientId, scopes: ['scope:a', 'scope:b'], key })
        .examples[0]!;

      // P-521's R and S are 66 bytes whose first is 0 half the time, which DER drops: several runs meet that case.
      for (let i = 0; i < runs; i++) {
        const out = runTool(
          'bash',
          [script.fileName, 'my-key.pem'],
          { [script.fileName]: script.code, 'my-key.pem': keyPem, curl: STAND_IN_CURL },
          { env: { PATH: `{dir}:${process.env.PATH}` }, executable: ['curl'] },
        );
        const answer = JSON.parse(out.stdout) as { assertion: string; args: string };
        expect(answer.args).toContain(
          `grant_type=client_credentials --data-urlencode client_assertion_type=${JWT_BEARER} --data-urlencode scope=scope:a scope:b`,
        );
        const [header, payload, signature] = answer.assertion.split('.') as [string, string, string];
        const now = Math.floor(Date.now() / 1000);
        expect(JSON.parse(new TextDecoder().decode(base64urlBytes(header)))).toEqual({
          alg: exampleAlgorithm(key),
          typ: 'JWT',
        });
        const claims = JSON.parse(new TextDecoder().decode(base64urlBytes(payload))) as Record<
          string,
          unknown
        >;
        expect(claims).toMatchObject({
          iss: clientId,
          sub: clientId,
          aud: tokenEndpoint,
          jti: expect.stringMatching(/^[0-9a-f]{32}$/),
        });
        expect(Math.abs((claims.iat as number) - now)).toBeLessThan(5);
        expect(claims.exp).toBe((claims.iat as number) + 300);
        const raw = base64urlBytes(signature);
        if (key !== 'RSA') expect(raw.length).toBe(key === 'EC-P-384' ? 96 : 132);
        expect(
          await crypto.subtle.verify(
            verifyAlg,
            publicKey,
            raw,
            new TextEncoder().encode(`${header}.${payload}`),
          ),
        ).toBe(true);
      }
    },
  );
});
