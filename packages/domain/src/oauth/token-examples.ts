/**
 * Code that fits the key: the programs an integrator copies to obtain a token for a REST account,
 * written for the algorithm its certificate's key signs with (ES384 for P-384, ES512 for P-521,
 * RS256 for RSA). Pure text, so that the admin UI shows them and the server's tests run them.
 */
import { JWT_BEARER, type AssertionAlgorithm, type AssertionKey } from './oauth.js';

export const TOKEN_EXAMPLE_LANGUAGES = ['curl', 'node', 'java', 'python', 'dotnet'] as const;
export type TokenExampleLanguage = (typeof TOKEN_EXAMPLE_LANGUAGES)[number];

/** The kinds of key an account's certificates may have, as the examples tell them apart. */
export type ExampleKeyKind = 'RSA' | 'EC-P-384' | 'EC-P-521';

/** Turns a key in PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC 1 (BEGIN EC PRIVATE KEY) form into PKCS#8 (BEGIN PRIVATE KEY). */
export const PKCS8_CONVERSION_COMMAND = 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem';

/** Assertions live 5 minutes: long enough for a slow clock, far below the endpoint's 3600 s. */
const ASSERTION_SECONDS = 300;

export interface TokenExampleInput {
  tokenEndpoint: string;
  clientId: string;
  /** The scopes to ask for; none: the token has all the account's. */
  scopes: readonly string[];
  key: ExampleKeyKind;
  /** The private key's file, as the examples read it by default (a first argument overrides it). */
  keyFile?: string;
}

export interface TokenExample {
  language: TokenExampleLanguage;
  /** The file the code goes in. */
  fileName: string;
  /** What to install first, as a command; null when nothing. */
  install: string | null;
  /** How to run it. */
  run: string;
  code: string;
}

export interface TokenExamples {
  algorithm: AssertionAlgorithm;
  examples: TokenExample[];
}

/** The kind of key of a certificate (RSA, or EC on P-384 or P-521), or null for a key no assertion can be made with. */
export function exampleKeyKind(key: AssertionKey): ExampleKeyKind | null {
  if (key.keyAlgorithm === 'RSA') return 'RSA';
  if (key.keyAlgorithm === 'EC' && key.curve === 'P-384') return 'EC-P-384';
  if (key.keyAlgorithm === 'EC' && key.curve === 'P-521') return 'EC-P-521';
  return null;
}

/** The distinct kinds of key of an account's certificates, in the order of the certificates. */
export function exampleKeyKinds(keys: readonly AssertionKey[]): ExampleKeyKind[] {
  const kinds = keys.map(exampleKeyKind).filter((k): k is ExampleKeyKind => k !== null);
  return [...new Set(kinds)];
}

/** The JWS algorithm an assertion signed by such a key names: RS256 for RSA (the most widely supported), ES384, ES512. */
export function exampleAlgorithm(key: ExampleKeyKind): AssertionAlgorithm {
  return key === 'EC-P-384' ? 'ES384' : key === 'EC-P-521' ? 'ES512' : 'RS256';
}

/** The five programs, each obtaining a token and printing the token endpoint's answer. */
export function tokenExamples(input: TokenExampleInput): TokenExamples {
  const algorithm = exampleAlgorithm(input.key);
  const ctx: Context = {
    ...input,
    keyFile: input.keyFile ?? 'private-key.pem',
    algorithm,
    scope: input.scopes.join(' '),
  };
  return { algorithm, examples: [curl(ctx), node(ctx), java(ctx), python(ctx), dotnet(ctx)] };
}

interface Context extends TokenExampleInput {
  keyFile: string;
  algorithm: AssertionAlgorithm;
  scope: string;
}

/** Quoted for bash: single quotes, with any single quote closed, escaped and reopened. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A string literal for JavaScript, Java, Python and C# (the JSON escapes mean the same in all four). */
const lit = (s: string) => JSON.stringify(s);

const keyNote = (ctx: Context) =>
  ctx.key === 'RSA'
    ? 'your certificate has an RSA key'
    : `your certificate has an EC ${ctx.key.slice(3)} key`;

function curl(ctx: Context): TokenExample {
  const size = ctx.key === 'EC-P-521' ? 66 : 48;
  const digest = ctx.algorithm === 'ES512' ? 'sha512' : ctx.algorithm === 'ES384' ? 'sha384' : 'sha256';
  const sign =
    ctx.key === 'RSA'
      ? `signature=$(printf '%s' "$signing_input" | openssl dgst -${digest} -sign "$KEY" -binary | b64url)`
      : [
          `# ${ctx.algorithm} wants the signature as R || S (${size} bytes each); openssl writes it in DER:`,
          `# read both INTEGERs with asn1parse and pad them to ${size * 2} hex digits.`,
          `signature=$(printf '%s' "$signing_input" | openssl dgst -${digest} -sign "$KEY" -binary \\`,
          `  | openssl asn1parse -inform DER \\`,
          `  | awk -F: '/INTEGER/ { v = $NF; while (length(v) < ${size * 2}) v = "0" v; printf "%s", v }' \\`,
          `  | unhex | b64url)`,
        ].join('\n');
  const scope = ctx.scope ? `\n  --data-urlencode ${sh(`scope=${ctx.scope}`)} \\` : '';
  const code = `#!/usr/bin/env bash
# Obtains an access token for ${ctx.clientId} with openssl and curl only.
# ${ctx.algorithm}: ${keyNote(ctx)}. Usage: bash get-token.sh [private-key.pem]
set -euo pipefail
KEY="\${1:-${ctx.keyFile}}"
CLIENT_ID=${sh(ctx.clientId)}
TOKEN_ENDPOINT=${sh(ctx.tokenEndpoint)}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '=\\n'; }
unhex() { printf '%b' "$(sed 's/../\\\\x&/g')"; }

now=$(date +%s)
header=$(printf '{"alg":"${ctx.algorithm}","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","sub":"%s","aud":"%s","iat":%d,"exp":%d,"jti":"%s"}' \\
  "$CLIENT_ID" "$CLIENT_ID" "$TOKEN_ENDPOINT" "$now" "$((now + ${ASSERTION_SECONDS}))" "$(openssl rand -hex 16)" | b64url)
signing_input="$header.$payload"
${sign}
assertion="$signing_input.$signature"

answer=$(curl -sS -w '\\n%{http_code}' "$TOKEN_ENDPOINT" \\
  --data-urlencode grant_type=client_credentials \\
  --data-urlencode client_assertion_type=${JWT_BEARER} \\${scope}
  --data-urlencode "client_assertion=$assertion")
status=\${answer##*$'\\n'}
echo "\${answer%$'\\n'*}"
[ "$status" = 200 ] || { echo "HTTP $status" >&2; exit 1; }
`;
  return {
    language: 'curl',
    fileName: 'get-token.sh',
    install: null,
    run: `bash get-token.sh ${ctx.keyFile}`,
    code,
  };
}

function node(ctx: Context): TokenExample {
  const scope = ctx.scope ? `\n    scope: ${lit(ctx.scope)},` : '';
  const code = `// Obtains an access token for ${ctx.clientId} (Node.js 18 or later).
// ${ctx.algorithm}: ${keyNote(ctx)}. Usage: node get-token.mjs [private-key.pem]
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { importPKCS8, SignJWT } from 'jose';

const clientId = ${lit(ctx.clientId)};
const tokenEndpoint = ${lit(ctx.tokenEndpoint)};
const alg = ${lit(ctx.algorithm)};

const pem = readFileSync(process.argv[2] ?? ${lit(ctx.keyFile)}, 'utf8');
if (!pem.includes('-----BEGIN PRIVATE KEY-----')) {
  console.error('The key must be PKCS#8 (-----BEGIN PRIVATE KEY-----). Convert it with:');
  console.error(${lit(PKCS8_CONVERSION_COMMAND)});
  process.exit(1);
}
const assertion = await new SignJWT({})
  .setProtectedHeader({ alg, typ: 'JWT' })
  .setIssuer(clientId)
  .setSubject(clientId)
  .setAudience(tokenEndpoint)
  .setIssuedAt()
  .setExpirationTime('${ASSERTION_SECONDS / 60}m')
  .setJti(randomUUID())
  .sign(await importPKCS8(pem, alg));

const response = await fetch(tokenEndpoint, {
  method: 'POST',
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: ${lit(JWT_BEARER)},
    client_assertion: assertion,${scope}
  }),
});
console.log(await response.text());
if (!response.ok) process.exit(1);
`;
  return {
    language: 'node',
    fileName: 'get-token.mjs',
    install: 'npm install jose',
    run: `node get-token.mjs ${ctx.keyFile}`,
    code,
  };
}

function java(ctx: Context): TokenExample {
  const rsa = ctx.key === 'RSA';
  const jwsAlgorithm = `JWSAlgorithm.${ctx.algorithm}`;
  const scope = ctx.scope ? `\n        + "&scope=" + encode(${lit(ctx.scope)})` : '';
  const code = `// Obtains an access token for ${ctx.clientId} (Java 11 or later, Nimbus JOSE + JWT).
// ${ctx.algorithm}: ${keyNote(ctx)}. Usage: java -cp nimbus-jose-jwt.jar GetToken.java [private-key.pem]
// With the PKCS#12 file instead: KeyStore ks = KeyStore.getInstance("PKCS12"); ks.load(stream, password);
// then key = (PrivateKey) ks.getKey(ks.aliases().nextElement(), password).
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.${rsa ? 'RSASSASigner' : 'ECDSASigner'};
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.${rsa ? 'PrivateKey' : 'interfaces.ECPrivateKey'};
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

public class GetToken {
  static final String CLIENT_ID = ${lit(ctx.clientId)};
  static final String TOKEN_ENDPOINT = ${lit(ctx.tokenEndpoint)};

  public static void main(String[] args) throws Exception {
    String pem = Files.readString(Path.of(args.length > 0 ? args[0] : ${lit(ctx.keyFile)}));
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException("The key must be PKCS#8 (-----BEGIN PRIVATE KEY-----); convert it with: ${PKCS8_CONVERSION_COMMAND}");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    ${rsa ? 'PrivateKey' : 'ECPrivateKey'} key = (${rsa ? 'PrivateKey' : 'ECPrivateKey'}) KeyFactory.getInstance(${lit(rsa ? 'RSA' : 'EC')}).generatePrivate(new PKCS8EncodedKeySpec(der));

    Date now = new Date();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(CLIENT_ID)
        .subject(CLIENT_ID)
        .audience(TOKEN_ENDPOINT)
        .issueTime(now)
        .expirationTime(new Date(now.getTime() + ${ASSERTION_SECONDS}_000))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(${jwsAlgorithm}).type(JOSEObjectType.JWT).build(), claims);
    assertion.sign(new ${rsa ? 'RSASSASigner' : 'ECDSASigner'}(key));

    String form = "grant_type=client_credentials"
        + "&client_assertion_type=" + encode(${lit(JWT_BEARER)})
        + "&client_assertion=" + assertion.serialize()${scope};
    HttpRequest request = HttpRequest.newBuilder(URI.create(TOKEN_ENDPOINT))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    System.out.println(response.body());
    if (response.statusCode() != 200) System.exit(1);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
`;
  return {
    language: 'java',
    fileName: 'GetToken.java',
    install: 'Maven: com.nimbusds:nimbus-jose-jwt (9.x or later)',
    run: `java -cp nimbus-jose-jwt.jar GetToken.java ${ctx.keyFile}`,
    code,
  };
}

function python(ctx: Context): TokenExample {
  const scope = ctx.scope ? `\n    "scope": ${lit(ctx.scope)},` : '';
  const code = `# Obtains an access token for ${ctx.clientId} (Python 3.8 or later, PyJWT).
# ${ctx.algorithm}: ${keyNote(ctx)}. Usage: python3 get_token.py [private-key.pem]
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import jwt

CLIENT_ID = ${lit(ctx.clientId)}
TOKEN_ENDPOINT = ${lit(ctx.tokenEndpoint)}

with open(sys.argv[1] if len(sys.argv) > 1 else ${lit(ctx.keyFile)}, "rb") as f:
    key = f.read()
now = int(time.time())
assertion = jwt.encode(
    {"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": TOKEN_ENDPOINT, "iat": now, "exp": now + ${ASSERTION_SECONDS}, "jti": str(uuid.uuid4())},
    key,
    algorithm=${lit(ctx.algorithm)},
    headers={"typ": "JWT"},
)
form = urllib.parse.urlencode({
    "grant_type": "client_credentials",
    "client_assertion_type": ${lit(JWT_BEARER)},
    "client_assertion": assertion,${scope}
}).encode()
try:
    with urllib.request.urlopen(urllib.request.Request(TOKEN_ENDPOINT, data=form)) as response:
        print(json.dumps(json.load(response)))
except urllib.error.HTTPError as refused:
    print(refused.read().decode(), file=sys.stderr)
    sys.exit(1)
`;
  return {
    language: 'python',
    fileName: 'get_token.py',
    install: 'pip install "pyjwt[crypto]"',
    run: `python3 get_token.py ${ctx.keyFile}`,
    code,
  };
}

function dotnet(ctx: Context): TokenExample {
  const rsa = ctx.key === 'RSA';
  const securityAlgorithm =
    ctx.algorithm === 'RS256' ? 'RsaSha256' : ctx.algorithm === 'ES384' ? 'EcdsaSha384' : 'EcdsaSha512';
  const scope = ctx.scope ? `\n    ["scope"] = ${lit(ctx.scope)},` : '';
  const code = `// Obtains an access token for ${ctx.clientId} (.NET 8, Program.cs of a console project).
// ${ctx.algorithm}: ${keyNote(ctx)}. Usage: dotnet run -- [private-key.pem]
// With the PKCS#12 file instead: var certificate = new X509Certificate2(path, password);
// then use certificate.${rsa ? 'GetRSAPrivateKey()' : 'GetECDsaPrivateKey()'} as the key.
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

const string clientId = ${lit(ctx.clientId)};
const string tokenEndpoint = ${lit(ctx.tokenEndpoint)};

// ImportFromPem reads PKCS#8 (BEGIN PRIVATE KEY) and the older ${rsa ? 'PKCS#1 (BEGIN RSA PRIVATE KEY)' : 'SEC 1 (BEGIN EC PRIVATE KEY)'} form.
using var key = ${rsa ? 'RSA' : 'ECDsa'}.Create();
key.ImportFromPem(File.ReadAllText(args.Length > 0 ? args[0] : ${lit(ctx.keyFile)}));
var now = DateTime.UtcNow;
var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
{
    Issuer = clientId,
    Audience = tokenEndpoint,
    IssuedAt = now,
    NotBefore = now,
    Expires = now.AddSeconds(${ASSERTION_SECONDS}),
    Claims = new Dictionary<string, object> { ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString() },
    SigningCredentials = new SigningCredentials(new ${rsa ? 'RsaSecurityKey' : 'ECDsaSecurityKey'}(key), SecurityAlgorithms.${securityAlgorithm}),
});

using var http = new HttpClient();
var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
{
    ["grant_type"] = "client_credentials",
    ["client_assertion_type"] = ${lit(JWT_BEARER)},
    ["client_assertion"] = assertion,${scope}
}));
Console.WriteLine(await response.Content.ReadAsStringAsync());
return response.IsSuccessStatusCode ? 0 : 1;
`;
  return {
    language: 'dotnet',
    fileName: 'Program.cs',
    install: 'dotnet add package Microsoft.IdentityModel.JsonWebTokens',
    run: `dotnet run -- ${ctx.keyFile}`,
    code,
  };
}
