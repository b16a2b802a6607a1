import type { GlobalThemeOverrides } from 'naive-ui';

/**
 * The design tokens, written once: naive-ui reads them through `theme`, our own CSS through the
 * `--ch-*` custom properties that `cssVariables` derives from the same values.
 * Every text colour is checked for WCAG AA (4.5:1) on white and on `surfaceMuted`.
 */
export const tokens = {
  color: {
    primary: '#1f5fa8', // 6.3:1 on white
    primaryHover: '#2a6fbd',
    primaryPressed: '#174a85',
    /** The background of the current item (primaryPressed on it: 7.9:1). */
    primarySoft: '#e8f0fa',
    text: '#1f2328', // 15.8:1
    textMuted: '#57606a', // 6.1:1
    border: '#d0d7de',
    surface: '#ffffff',
    surfaceMuted: '#f6f8fa',
    success: '#1a7f37', // 5.1:1
    warning: '#9a6700', // 4.9:1
    error: '#cf222e', // 5.4:1
    info: '#0969da', // 5.0:1
  },
  /**
   * Status tags: dark text on a light tint of the same hue (each pair at least 6.5:1), since
   * naive-ui's own tag tints put the 5:1 colours above on a background that drops them below 4.5:1.
   */
  status: {
    success: { text: '#116329', background: '#dafbe1' },
    warning: { text: '#6f4400', background: '#fff8c5' },
    error: { text: '#a40e26', background: '#ffebe9' },
    info: { text: '#0550ae', background: '#ddf4ff' },
    default: { text: '#424a53', background: '#eaeef2' },
  },
  /** Spacing scale, in px: every gap and padding is one of these. */
  space: { xs: 4, s: 8, m: 16, l: 24, xl: 32 },
  /** Type scale, in px. */
  font: { small: 13, body: 15, h3: 17, h2: 20, h1: 26 },
  radius: 6,
  /** Below this width the layout is a phone's: menu in a drawer, tables as lists. */
  phoneMaxWidth: 640,
} as const;

const { color } = tokens;

export const theme: GlobalThemeOverrides = {
  common: {
    primaryColor: color.primary,
    primaryColorHover: color.primaryHover,
    primaryColorPressed: color.primaryPressed,
    primaryColorSuppl: color.primaryHover,
    infoColor: color.info,
    infoColorHover: color.info,
    infoColorPressed: color.info,
    infoColorSuppl: color.info,
    successColor: color.success,
    successColorHover: color.success,
    successColorPressed: color.success,
    successColorSuppl: color.success,
    warningColor: color.warning,
    warningColorHover: color.warning,
    warningColorPressed: color.warning,
    warningColorSuppl: color.warning,
    errorColor: color.error,
    errorColorHover: color.error,
    errorColorPressed: color.error,
    errorColorSuppl: color.error,
    textColorBase: color.text,
    textColor1: color.text,
    textColor2: color.text,
    textColor3: color.textMuted,
    placeholderColor: color.textMuted,
    borderColor: color.border,
    dividerColor: color.border,
    borderRadius: `${tokens.radius}px`,
    fontSize: `${tokens.font.body}px`,
    fontSizeMedium: `${tokens.font.body}px`,
    fontSizeSmall: `${tokens.font.small}px`,
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    fontFamilyMono: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
  },
  Empty: {
    textColor: color.textMuted,
    iconColor: color.border,
  },
  DataTable: {
    thColor: color.surfaceMuted,
    thTextColor: color.text,
    thFontWeight: '600',
  },
};

/** The tokens as CSS custom properties, set once on the root element. */
export function cssVariables(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(tokens.color)) vars[`--ch-color-${k}`] = v;
  for (const [k, v] of Object.entries(tokens.space)) vars[`--ch-space-${k}`] = `${v}px`;
  for (const [k, v] of Object.entries(tokens.font)) vars[`--ch-font-${k}`] = `${v}px`;
  vars['--ch-radius'] = `${tokens.radius}px`;
  vars['--ch-font-mono'] = theme.common!.fontFamilyMono!;
  return vars;
}
