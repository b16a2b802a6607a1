/**
 * Characters that make one email address look like another (UTS #39's concerns, kept small enough
 * for the browser): invisible ones, bidirectional controls, and letters of different scripts mixed
 * in one part of the address ("pаypal" with a Cyrillic "а").
 */

/** Reorder what is displayed without being displayed themselves (Trojan Source, CVE-2021-42574). */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Take no room or print nothing: format characters (zero-width space and joiners, soft hyphen,
 * word joiner, tags...), controls, Unicode's default-ignorable code points (combining grapheme
 * joiner, Hangul fillers, variation selectors...) and the blank braille pattern.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}\u2800]/u;

/** Names of the characters met most (others are named by their code point only: names cost bytes). */
const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** "U+200B" */
export function codePointLabel(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "U+200B ZERO WIDTH SPACE", or the code point alone when the name is not in the small table. */
export function characterName(character: string): string | null {
  return NAMES[character.codePointAt(0)!] ?? null;
}

/**
 * The scripts whose letters are told apart here. A letter of a script not listed counts as "Other";
 * digits, punctuation and combining marks belong to every script (Common, Inherited) and never mix.
 */
const SCRIPTS = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Bopomofo', /\p{Script=Bopomofo}/u],
  ['Hangul', /\p{Script=Hangul}/u],
] as const;

/** Scripts written together (UTS #39's "highly restrictive" level): Japanese, Chinese, Korean, each with Latin. */
const WRITTEN_TOGETHER: readonly (readonly string[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

function scriptOf(character: string): string | null {
  if (!/\p{L}/u.test(character)) return null;
  for (const [name, pattern] of SCRIPTS) if (pattern.test(character)) return name;
  return 'Other';
}

export type CharacterProblem =
  | { kind: 'bidi'; character: string; position: number }
  | { kind: 'invisible'; character: string; position: number }
  | { kind: 'mixed-script'; character: string; position: number; script: string; otherScript: string; part: string };

/**
 * The first character that makes `email` (already NFKC-normalised) deceptive, or null. Positions
 * count code points from 1, in the normalised address.
 */
export function deceptiveCharacter(email: string): CharacterProblem | null {
  const characters = [...email];
  for (const [kind, pattern] of [['bidi', BIDI_CONTROL], ['invisible', INVISIBLE]] as const) {
    const i = characters.findIndex((c) => pattern.test(c));
    if (i >= 0) return { kind, character: characters[i]!, position: i + 1 };
  }
  // Each part separately: a Latin local part at a Cyrillic domain is an honest address.
  const at = characters.lastIndexOf('@');
  const parts: { name: string; from: number; to: number }[] = [{ name: 'local part', from: 0, to: at < 0 ? characters.length : at }];
  if (at >= 0) {
    let from = at + 1;
    for (let i = at + 1; i <= characters.length; i++) {
      if (i === characters.length || characters[i] === '.') {
        parts.push({ name: `domain label "${characters.slice(from, i).join('')}"`, from, to: i });
        from = i + 1;
      }
    }
  }
  for (const part of parts) {
    const seen: string[] = [];
    for (let i = part.from; i < part.to; i++) {
      const script = scriptOf(characters[i]!);
      if (script === null || seen.includes(script)) continue;
      const together = [...seen, script];
      if (seen.length > 0 && !WRITTEN_TOGETHER.some((set) => together.every((s) => set.includes(s)))) {
        return { kind: 'mixed-script', character: characters[i]!, position: i + 1, script, otherScript: seen[0]!, part: part.name };
      }
      seen.push(script);
    }
  }
  return null;
}
