/**
 * A small, strict DER reader: just enough to walk an X.509 certificate without building an object
 * per node. asn1js + pkijs build several objects per node and compare each against a schema built
 * afresh on every call, which costs most of a millisecond per certificate; this walk costs a few
 * microseconds. It accepts DER only (definite, minimal lengths; low tag numbers): anything else
 * makes it give up (`null`), never guess, and the caller falls back to pkijs.
 */

export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number in one byte). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the last content octet. */
  end: number;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  numericString: 0x12,
  printableString: 0x13,
  teletexString: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  visibleString: 0x1a,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Thrown inside the reader only; `readDer` callers see `null`. */
class NotDer extends Error {}

export const notDer = (): never => {
  throw new NotDer();
};

/** Runs a read, answering null when the bytes are not DER of the expected shape. */
export function tryRead<T>(read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if (e instanceof NotDer) return null;
    throw e;
  }
}

/** Reads the element at `offset`, which must end at or before `limit`. */
export function tlvAt(bytes: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) notDer();
  const tag = bytes[offset]!;
  // High tag numbers (0x1f) never occur in certificates.
  if ((tag & 0x1f) === 0x1f) notDer();
  let length = bytes[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0x80 is BER's indefinite length; more than 3 length octets would mean 16 MiB or more.
    if (count === 0 || count > 3 || contentStart + count > limit) notDer();
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    // DER wants the shortest form.
    if (length < 0x80 || bytes[contentStart] === 0) notDer();
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) notDer();
  return { tag, start: offset, contentStart, end };
}

/** The element at `offset`, which must have `tag`. */
export function expectTlv(bytes: Uint8Array, offset: number, limit: number, tag: number): Tlv {
  const tlv = tlvAt(bytes, offset, limit);
  if (tlv.tag !== tag) notDer();
  return tlv;
}

/** The children of a constructed element, which must fill it exactly. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  if (!(parent.tag & 0x20)) notDer();
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = tlvAt(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const content = (bytes: Uint8Array, tlv: Tlv) => bytes.subarray(tlv.contentStart, tlv.end);
export const whole = (bytes: Uint8Array, tlv: Tlv) => bytes.subarray(tlv.start, tlv.end);

/** Dotted OID, as asn1js prints it. */
export function oidOf(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== TAG.oid || tlv.end === tlv.contentStart) notDer();
  const arcs: number[] = [];
  let value = 0;
  for (let i = tlv.contentStart; i < tlv.end; i++) {
    const b = bytes[i]!;
    // A leading 0x80 is a non-minimal encoding; arcs beyond 2^53 would lose precision.
    if (value === 0 && b === 0x80) notDer();
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) notDer();
    if (!(b & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  if (bytes[tlv.end - 1]! & 0x80) notDer();
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** A BIT STRING's bits, which must have no unused bits when `whole` (keys, signatures). */
export function bitStringBytes(bytes: Uint8Array, tlv: Tlv, wholeBytes: boolean): Uint8Array {
  if (tlv.tag !== TAG.bitString || tlv.end === tlv.contentStart) notDer();
  const unused = bytes[tlv.contentStart]!;
  if (unused > 7 || (wholeBytes && unused !== 0) || (unused !== 0 && tlv.end - tlv.contentStart === 1)) notDer();
  return bytes.subarray(tlv.contentStart + 1, tlv.end);
}

/** A small non-negative INTEGER (path lengths). */
export function smallInteger(bytes: Uint8Array, tlv: Tlv): number {
  const c = content(bytes, tlv);
  if (tlv.tag !== TAG.integer || c.length === 0 || c.length > 4 || c[0]! & 0x80) notDer();
  let n = 0;
  for (const b of c) n = n * 256 + b;
  return n;
}

export function booleanOf(bytes: Uint8Array, tlv: Tlv): boolean {
  if (tlv.tag !== TAG.boolean || tlv.end - tlv.contentStart !== 1) notDer();
  const b = bytes[tlv.contentStart]!;
  // DER: TRUE is 0xFF, FALSE is 0x00.
  if (b !== 0 && b !== 0xff) notDer();
  return b === 0xff;
}

const digits = (bytes: Uint8Array, from: number, count: number) => {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) notDer();
    n = n * 10 + d;
  }
  return n;
};

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ), the only forms RFC 5280 allows. */
export function timeOf(bytes: Uint8Array, tlv: Tlv): Date {
  const len = tlv.end - tlv.contentStart;
  let at = tlv.contentStart;
  let year: number;
  if (tlv.tag === TAG.utcTime && len === 13) {
    const yy = digits(bytes, at, 2);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
    at += 2;
  } else if (tlv.tag === TAG.generalizedTime && len === 15) {
    year = digits(bytes, at, 4);
    // Date.UTC reads years below 100 as 19xx; such certificates are left to the general reader.
    if (year < 100) notDer();
    at += 4;
  } else {
    return notDer();
  }
  const month = digits(bytes, at, 2);
  const day = digits(bytes, at + 2, 2);
  const hour = digits(bytes, at + 4, 2);
  const minute = digits(bytes, at + 6, 2);
  const second = digits(bytes, at + 8, 2);
  if (bytes[at + 10] !== 0x5a /* Z */) notDer();
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Reject 31 February and the like rather than let Date roll it over.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) notDer();
  return date;
}

// ignoreBOM keeps a leading U+FEFF as text, as asn1js does.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A directory string's text: the string types certificates use; others give up. */
export function directoryString(bytes: Uint8Array, tlv: Tlv): string {
  const c = content(bytes, tlv);
  switch (tlv.tag) {
    case TAG.utf8String:
      try {
        return utf8.decode(c);
      } catch {
        return notDer();
      }
    case TAG.printableString:
    case TAG.ia5String:
    case TAG.numericString:
    case TAG.visibleString:
    case TAG.teletexString: {
      let s = '';
      for (const b of c) s += String.fromCharCode(b);
      return s;
    }
    default:
      return notDer();
  }
}
