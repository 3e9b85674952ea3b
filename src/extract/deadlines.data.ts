// Language data for dates and deadlines. Extend here, not in deadlines.ts.

/** Roman and arabic quarter numbers. */
export const QUARTERS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** Week days as written after "thứ" (and "chủ nhật"), to RFC 5545 BYDAY codes. */
export const WEEKDAYS: Record<string, string> = {
  hai: 'MO', '2': 'MO', ba: 'TU', '3': 'TU', 'tư': 'WE', '4': 'WE', 'năm': 'TH', '5': 'TH',
  'sáu': 'FR', '6': 'FR', 'bảy': 'SA', '7': 'SA', 'chủ nhật': 'SU',
};

/** "hằng/hàng X" periods to RRULE. */
export const PERIODS: Record<string, string> = {
  'ngày': 'FREQ=DAILY',
  'tuần': 'FREQ=WEEKLY',
  'tháng': 'FREQ=MONTHLY',
  'quý': 'FREQ=MONTHLY;INTERVAL=3',
  '6 tháng': 'FREQ=MONTHLY;INTERVAL=6',
  'năm': 'FREQ=YEARLY',
};

/**
 * Words before a date that make it a deadline, with the kind they give. Longest first wins.
 * "period" phrases ("trong tháng", "đến cuối năm") resolve to the last day of the period.
 */
export const DEADLINE_CUES: Array<{ cue: string; kind: 'before' | 'by_end_of' | 'no_later_than' | 'on' }> = [
  { cue: 'chậm nhất là vào ngày', kind: 'no_later_than' },
  { cue: 'chậm nhất là ngày', kind: 'no_later_than' },
  { cue: 'chậm nhất vào ngày', kind: 'no_later_than' },
  { cue: 'chậm nhất ngày', kind: 'no_later_than' },
  { cue: 'chậm nhất là', kind: 'no_later_than' },
  { cue: 'chậm nhất trong', kind: 'no_later_than' },
  { cue: 'chậm nhất', kind: 'no_later_than' },
  { cue: 'muộn nhất là', kind: 'no_later_than' },
  { cue: 'muộn nhất', kind: 'no_later_than' },
  { cue: 'không muộn hơn ngày', kind: 'no_later_than' },
  { cue: 'đến hết ngày', kind: 'no_later_than' },
  { cue: 'đến ngày', kind: 'no_later_than' },
  { cue: 'trước ngày', kind: 'before' },
  { cue: 'trước', kind: 'before' },
  { cue: 'vào ngày', kind: 'on' },
  { cue: 'trong ngày', kind: 'on' },
  { cue: 'đến hết', kind: 'by_end_of' },
  { cue: 'đến cuối', kind: 'by_end_of' },
  { cue: 'trước cuối', kind: 'by_end_of' },
  { cue: 'trong', kind: 'by_end_of' },
  { cue: 'đến', kind: 'by_end_of' },
  { cue: 'vào', kind: 'by_end_of' },
  { cue: 'hoàn thành', kind: 'by_end_of' },
  // a plan's labels: "Thời gian thực hiện: Quý IV/2025", "Thời hạn hoàn thành: 31/12/2025"
  { cue: 'thời gian thực hiện', kind: 'by_end_of' },
  { cue: 'thời gian hoàn thành', kind: 'by_end_of' },
  { cue: 'thời hạn hoàn thành', kind: 'by_end_of' },
  { cue: 'thời hạn', kind: 'by_end_of' },
];

/** Phrases just before a deadline that belong to it ("Hoàn thành trong tháng 10 năm 2025"). */
export const DEADLINE_LEADS = ['thời gian hoàn thành', 'thời hạn hoàn thành', 'hoàn thành', 'thời hạn', 'xong'];
