import { APPOINT, registerEmployer, signUp, type Caller } from './people.js';
import type { TestServer } from './server.js';

let next = 100;

/** A company with a chief access manager who may use Chaman: the usual starting point. */
export async function companyWithChief(server: TestServer, label = `co${next}`): Promise<{ chief: Caller; companyId: string }> {
  const n = next++;
  const chief = await signUp(server, `chief-${label}-${n}@example.be`);
  const companyId = await registerEmployer(chief, n, `${label} ${n}`);
  await chief.q(APPOINT('appointChiefAccessManager'), { companyId, email: chief.email });
  return { chief, companyId };
}

export const UPLOAD = `mutation($companyId: ID!, $name: String!, $content: String!) {
  uploadCertificate(input: { companyId: $companyId, name: $name, content: $content }) {
    id name subject issuer serialNumber notBefore notAfter expiresInDays keyAlgorithm keySize curve signatureAlgorithm sha256Fingerprint x5tS256 selfSigned keyUsage
  }
}`;

export const CREATE_ACCOUNT = `mutation($input: CreateRestAccountInput!) {
  createRestAccount(input: $input) { id name type clientId status health permissions { code scope name } certificates { id name } }
}`;
