import type { GlobalThemeOverrides } from 'naive-ui';

/** Brand colours, dark enough for WCAG AA contrast on white. */
export const theme: GlobalThemeOverrides = {
  common: {
    primaryColor: '#1f5fa8',
    primaryColorHover: '#2a6fbd',
    primaryColorPressed: '#174a85',
    primaryColorSuppl: '#2a6fbd',
  },
};
