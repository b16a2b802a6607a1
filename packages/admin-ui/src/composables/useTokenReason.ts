import { AssertionReasons } from '@chaman/domain';
import { useI18n } from 'vue-i18n';
import { i18n } from '../i18n';
import { currentFormatter, useFormat, type Formatter } from './useFormat';

type Params = Record<string, unknown>;

/** What the page knows of a token attempt (TokenAttempt of the API), or of the unproven attempts' last one. */
export interface TokenAttemptLike {
  /** The server's English sentence, shown when the code is absent (older rows) or unknown to this page. */
  reason: string;
  reasonCode?: string | null;
  /** The API's JSON scalar: an object of params when the code has any. */
  reasonParams?: unknown;
}

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Codes worded differently by their params: the message at their key has one sentence per variant (the locale test checks each). */
export const TOKEN_REASON_VARIANTS: Record<string, { values: readonly string[]; of: (p: Params) => string }> = {
  [AssertionReasons.format]: { values: ['parts', 'unreadable'], of: (p) => ('unreadable' in p ? 'unreadable' : 'parts') },
};

/** `assertion/jti-used` is `tokenReason.assertion.jtiUsed`. */
export function tokenReasonKey(code: string): string {
  return `tokenReason.${code.split('/').map(camel).join('.')}`;
}

/** Params in seconds since the epoch (the assertion's claims and the server's time then). */
const EPOCH_SECONDS = new Set(['exp', 'now', 'value']);
/** Params in seconds of duration. */
const SECONDS = new Set(['leeway', 'max']);
/** Params holding an ISO 8601 time. */
const TIMES = new Set(['notBefore', 'notAfter']);

interface Words {
  t: (key: string, values?: Params) => string;
  te: (key: string) => boolean;
  format: Pick<Formatter, 'dateTime' | 'dateTimeSeconds' | 'number' | 'list'>;
}

/** A duration in its largest whole unit, in the reader's words: "60 seconds", "1 heure". */
function seconds(value: number, format: Words['format']): string {
  const [unit, size] = value > 0 && value % 3600 === 0 ? ['hour', 3600] : value > 0 && value % 60 === 0 && value >= 120 ? ['minute', 60] : ['second', 1];
  return format.number(value / size, { style: 'unit', unit, unitDisplay: 'long' });
}

function formatParams(params: Params, { t, format }: Words): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) out[key] = '';
    else if (typeof value === 'number') {
      out[key] = EPOCH_SECONDS.has(key) ? format.dateTimeSeconds(value * 1000) : SECONDS.has(key) ? seconds(value, format) : format.number(value);
    } else if (TIMES.has(key)) out[key] = format.dateTime(String(value));
    else if (key === 'allowed') out[key] = format.list(String(value).split(/,\s*/), 'or');
    else if (key === 'granted' && value === '') out[key] = t('tokenReason.noScope');
    else out[key] = String(value);
  }
  return out;
}

/**
 * Why a token request got what it got, in the reader's language, from its reason code and params;
 * the server's English sentence when the attempt has no code (recorded before codes were kept) or
 * one this page does not know (a server newer than the page).
 */
export function tokenReasonMessage(attempt: TokenAttemptLike, words: Words = { t: (k, v) => i18n.global.t(k, v ?? {}), te: (k) => i18n.global.te(k), format: currentFormatter() }): string {
  const code = attempt.reasonCode;
  if (!code) return attempt.reason;
  const given = attempt.reasonParams;
  const params: Params = given !== null && typeof given === 'object' && !Array.isArray(given) ? (given as Params) : {};
  const variant = TOKEN_REASON_VARIANTS[code];
  const key = variant ? `${tokenReasonKey(code)}.${variant.of(params)}` : tokenReasonKey(code);
  return words.te(key) ? words.t(key, formatParams(params, words)) : attempt.reason;
}

/**
 * For components: token attempts' reasons in the chosen language, following a change of language.
 * `reasonOf(attempt)` for a TokenAttempt; `lastReasonOf(group)` for an UnprovenTokenAttempts.
 */
export function useTokenReason() {
  const { t, te } = useI18n();
  const format = useFormat();
  const words: Words = { t: (k, v) => t(k, v ?? {}), te: (k) => te(k), format };
  return {
    reasonOf: (attempt: TokenAttemptLike) => tokenReasonMessage(attempt, words),
    lastReasonOf: (group: { lastReason: string; lastReasonCode?: string | null; lastReasonParams?: Params | null }) =>
      tokenReasonMessage({ reason: group.lastReason, reasonCode: group.lastReasonCode ?? null, reasonParams: group.lastReasonParams ?? null }, words),
  };
}
