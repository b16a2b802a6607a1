import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { i18n } from '../i18n';

type DateLike = Date | string | number;

const asDate = (value: DateLike): Date => (value instanceof Date ? value : new Date(value));

/** Seconds in each unit a duration is said in, largest first. */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * Dates, numbers, durations and lists in the conventions of `locale`, with Intl: what every page
 * shows of a time or a quantity goes through here, so that French readers see "2 déc. 2026, 14:05"
 * and "1 234", never a Unix timestamp or an ISO string.
 */
export function formatterFor(language: string) {
  // The English of this UI is British ("recognise", "2 Dec 2026", "a, b or c"), as in Belgium.
  const locale = language === 'en' ? 'en-GB' : `${language}-BE`;
  return {
    /** "2 Dec 2026" */
    date: (value: DateLike) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(asDate(value)),
    /** "2 Dec 2026, 14:05" */
    dateTime: (value: DateLike) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(asDate(value)),
    /** "2 Dec 2026, 14:05:09", where seconds matter (token requests, sessions). */
    dateTimeSeconds: (value: DateLike) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(asDate(value)),
    number: (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(value),
    /** A span of `seconds` from now, in its largest whole unit: "in 5 minutes", "3 days ago". */
    duration(seconds: number): string {
      const size = Math.abs(seconds);
      const [unit, per] = UNITS.find(([, s]) => size >= s) ?? ['second', 1];
      return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(seconds / per), unit);
    },
    /** How far `value` is from `now`: "in 12 days", "yesterday". */
    relative(value: DateLike, now: DateLike = Date.now()): string {
      return this.duration((asDate(value).getTime() - asDate(now).getTime()) / 1000);
    },
    /** "a, b or c" (`or`) or "a, b and c" (`and`). */
    list: (items: readonly string[], kind: 'or' | 'and' = 'and') =>
      new Intl.ListFormat(locale, { type: kind === 'or' ? 'disjunction' : 'conjunction' }).format(items),
  };
}

export type Formatter = ReturnType<typeof formatterFor>;

/** The formatter of the language the person reads now (outside components: the app's i18n). */
export function currentFormatter(): Formatter {
  return formatterFor(i18n.global.locale.value);
}

/** The formatter of the chosen language, for components; it follows a change of language. */
export function useFormat() {
  const { locale } = useI18n();
  const f = computed(() => formatterFor(locale.value));
  return {
    date: (v: DateLike) => f.value.date(v),
    dateTime: (v: DateLike) => f.value.dateTime(v),
    dateTimeSeconds: (v: DateLike) => f.value.dateTimeSeconds(v),
    number: (v: number, o?: Intl.NumberFormatOptions) => f.value.number(v, o),
    duration: (s: number) => f.value.duration(s),
    relative: (v: DateLike, now?: DateLike) => f.value.relative(v, now),
    list: (items: readonly string[], kind?: 'or' | 'and') => f.value.list(items, kind),
  };
}
