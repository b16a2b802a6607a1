// Real certificates for tests, made by the openssl command line. Keys are cached per process
// (RSA 4096 and DSA take a while); every certificate is signed afresh.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeySpec = 'rsa:1024' | 'rsa:2048' | 'rsa:3072' | 'rsa:4096' | 'ec:P-256' | 'ec:P-384' | 'ec:P-521' | 'ed25519' | 'dsa';

export interface CertOptions {
  key?: KeySpec;
  /** openssl digest name; ignored for Ed25519. */
  digest?: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  /** keyUsage extension value; null: no keyUsage extension. */
  keyUsage?: string | null;
  extendedKeyUsage?: string;
  basicConstraints?: string;
  cn?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Sign with this CA instead of self-signing. */
  issuer?: Made;
  /** Reuse this key instead of a cached one of `key`'s type (a second certificate for one key). */
  keyPem?: string;
}

export interface Made {
  certPem: string;
  certDer: Uint8Array;
  keyPem: string;
  keyFile: string;
  certFile: string;
}

const work = mkdtempSync(join(tmpdir(), 'chaman-openssl-'));
let counter = 0;
const keys = new Map<string, string>();

function openssl(args: string[], input?: string): Buffer {
  return execFileSync('openssl', args, { cwd: work, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function privateKey(spec: KeySpec, fresh = false): string {
  const cached = keys.get(spec);
  if (cached && !fresh) return cached;
  const file = join(work, `key-${spec.replace(':', '-')}-${counter++}.pem`);
  const [kind, param] = spec.split(':');
  if (kind === 'rsa') openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${param}`, '-out', file]);
  else if (kind === 'ec') openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${param}`, '-out', file]);
  else if (kind === 'ed25519') openssl(['genpkey', '-algorithm', 'ED25519', '-out', file]);
  else {
    const params = join(work, `dsa-params-${counter++}.pem`);
    openssl(['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:1024', '-out', params]);
    openssl(['genpkey', '-paramfile', params, '-out', file]);
  }
  const pem = readFileSync(file, 'utf8');
  if (!fresh) keys.set(spec, pem);
  return pem;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';

/** A certificate signed by `openssl ca` with exactly the extensions asked for. */
export function makeCertificate(options: CertOptions = {}): Made {
  const n = counter++;
  const dir = mkdtempSync(join(work, 'ca-'));
  const keyPem = options.keyPem ?? privateKey(options.key ?? 'rsa:2048');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, keyPem);
  const ext: string[] = [];
  const keyUsage = options.keyUsage === undefined ? 'critical,digitalSignature' : options.keyUsage;
  if (keyUsage !== null) ext.push(`keyUsage=${keyUsage}`);
  if (options.extendedKeyUsage) ext.push(`extendedKeyUsage=${options.extendedKeyUsage}`);
  if (options.basicConstraints) ext.push(`basicConstraints=${options.basicConstraints}`);
  ext.push('subjectKeyIdentifier=hash');
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), `${(0x1000 + n).toString(16).padStart(4, '0')}\n`);
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = CA_default',
      '[CA_default]',
      `database = ${dir}/index.txt`,
      `new_certs_dir = ${dir}`,
      `serial = ${dir}/serial`,
      'policy = policy_any',
      'unique_subject = no',
      'email_in_dn = no',
      '[policy_any]',
      'commonName = supplied',
      'organizationName = optional',
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      `CN = ${options.cn ?? `Chaman test ${n}`}`,
      'O = Chaman Tests',
      '[ext]',
      ...(ext.length ? ext : ['']),
    ].join('\n'),
  );
  const csr = join(dir, 'csr.pem');
  openssl(['req', '-new', '-utf8', '-key', keyFile, '-out', csr, '-config', join(dir, 'ca.cnf')]);
  const certFile = join(dir, 'cert.pem');
  const notBefore = options.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  const signer = options.issuer ? ['-cert', options.issuer.certFile, '-keyfile', options.issuer.keyFile] : ['-selfsign', '-keyfile', keyFile];
  // EdDSA signs without a separate digest: openssl refuses -md for it.
  const signerKey = options.issuer ? undefined : options.key;
  const isEdDsa = signerKey === 'ed25519';
  openssl([
    'ca', '-batch', '-notext', '-config', join(dir, 'ca.cnf'), ...signer, '-in', csr, '-out', certFile,
    '-startdate', stamp(notBefore), '-enddate', stamp(notAfter), '-extensions', 'ext',
    ...(isEdDsa ? [] : ['-md', options.digest ?? 'sha256']),
  ]);
  const certPem = readFileSync(certFile, 'utf8');
  const certDer = new Uint8Array(openssl(['x509', '-in', certFile, '-outform', 'DER']));
  return { certPem, certDer, keyPem, keyFile, certFile };
}

/** What `openssl x509 -text` prints, followed by the PEM block (a common way people save certificates). */
export function textWrapped(made: Made): string {
  return openssl(['x509', '-in', made.certFile, '-text']).toString();
}

/** A fresh RSA key with this public exponent, as openssl makes it (it refuses 1 and even ones). */
export function rsaKeyWithExponent(bits: 2048 | 3072, exponent: number): string {
  const file = join(work, `key-rsa-e${exponent}-${counter++}.pem`);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-pkeyopt', `rsa_keygen_pubexp:${exponent}`, '-out', file]);
  return readFileSync(file, 'utf8');
}

/** A certificate signing request, PEM. */
export function makeCsr(): string {
  const key = join(work, `csr-key-${counter++}.pem`);
  writeFileSync(key, privateKey('rsa:2048'));
  return openssl(['req', '-new', '-key', key, '-subj', '/CN=csr']).toString();
}

export function toDer(pem: string, kind: 'x509' | 'pkey' | 'pubkey' | 'req'): Uint8Array {
  const args = kind === 'pubkey' ? ['pkey', '-pubin'] : [kind];
  return new Uint8Array(openssl([...args, '-outform', 'DER'], pem));
}

/** The public key of a private key, PEM (SubjectPublicKeyInfo). */
export function publicKeyOf(privateKeyPem: string): string {
  return openssl(['pkey', '-pubout'], privateKeyPem).toString();
}

/** The fingerprint as openssl prints it ("SHA256 Fingerprint=AB:CD:..."). */
export function opensslFingerprint(made: Made): string {
  return openssl(['x509', '-in', made.certFile, '-noout', '-fingerprint', '-sha256']).toString().trim().split('=')[1]!;
}

/** The serial number as openssl prints it (upper-case hex). */
export function opensslSerial(made: Made): string {
  return openssl(['x509', '-in', made.certFile, '-noout', '-serial']).toString().trim().split('=')[1]!;
}

/** The certificate's SubjectPublicKeyInfo, DER. */
export function opensslSpki(made: Made): Uint8Array {
  return toDer(openssl(['x509', '-in', made.certFile, '-noout', '-pubkey']).toString(), 'pubkey');
}

export const bytes = (text: string) => new TextEncoder().encode(text);
export * from './crafted.js';
