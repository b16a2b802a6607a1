/**
 * When people are reminded that a certificate in use ends: 60, 30, 14, 7 and 1 days before, and
 * on the day it ended (stage 0).
 */
export const REMINDER_STAGES = [60, 30, 14, 7, 1, 0] as const;
export type ReminderStage = (typeof REMINDER_STAGES)[number];

const DAY_MS = 86_400_000;

/**
 * The stage a certificate is in at `now`: the smallest stage at least as far as the time it has
 * left (5 days left is inside the 7-day stage), 0 once it has ended, null while more than 60 days
 * remain. A certificate that starts being used inside a stage gets that stage only: the earlier
 * ones are past.
 */
export function reminderStage(notAfter: Date, now: Date): ReminderStage | null {
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return 0;
  const days = left / DAY_MS;
  for (const stage of [1, 7, 14, 30, 60] as const) if (days <= stage) return stage;
  return null;
}

/** Whole days left (rounded up, so a certificate ending in 4.5 days has 5 left; 0 once ended). */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.max(0, Math.ceil((notAfter.getTime() - now.getTime()) / DAY_MS));
}
