// Metadata: kind, number, issuer, place and date of issue, subject (V/v), title, the date of the
// meeting or inspection named in the body, signer, recipients (Nơi nhận) and addressees (Kính gửi).
import type { TextLineT } from '../record.js';
import type { AgencyMatcher } from './agencies.js';
import { parseDate } from './deadlines.js';
import { normalizeNumber } from './references.js';
import { beforeMotto, isHeaderNoise, type Structure } from './structure.js';
import { DOC_KINDS, NOTICE_SUBTYPES, NUMBER_TYPE_CODES, SIGNER_TITLE } from './structure.data.js';
import { isoDate, isLowerStart, toneStyle } from './text.js';

export interface Metadata {
  doc_type: string | null;
  title: string | null;
  issuer: string | null;
  date: string | null;
  number: string | null;
  /** the number was written by hand into the printed blank of a scan ("Số:  46 /TB-UBND") */
  number_handwritten: boolean;
  place: string | null;
  issued_date: string | null;
  /** the day of the date line was written by hand into its blank (read with low confidence, or not read) */
  issued_day_handwritten: boolean;
  subject: string | null;
  signer: { name: string | null; title: string | null; line: number | null } | null;
  recipients: string[];
  /** the "Kính gửi:" addressees as printed */
  recipients_to: string[];
  /** the same, resolved to bodies */
  addressees: string[];
}

/** A sentence that tells of a document issued or received: its date is that document's, not a meeting's. */
const CITES_DOCUMENT =
  /^[^.;]{0,160}?(?<![\p{L}])(?:ban\s+hành|ký|nhận\s+được|có|gửi)\s+(?:các\s+)?(?:Công\s+văn|Quyết\s+định|Kế\s+hoạch|Chỉ\s+thị|Thông\s+báo|Văn\s+bản|Nghị\s+quyết|Tờ\s+trình|Báo\s+cáo|Nghị\s+định|Thông\s+tư|Công\s+điện)(?![\p{L}])/iu;

/** Openings of a body sentence, never of a title. */
const BODY_OPENING = /^(?:(?:sáng|chiều|tối)\s+)?ngày\s+\d|^(?:căn\s+cứ|thực\s+hiện|sau\s+khi|vừa\s+qua|kính\s+gửi)\s/iu;

const PLACE_DATE = /(?<![\p{L}\d/-])(\p{Lu}\p{Ll}[\p{L}]*(?:\s+[\p{Lu}][\p{L}]*){0,3}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
const NUMBER_LINE = /(?:^|\s)S[ốỐ]\s*[:.]?\s*(\d+[\w]*(?:\s*[/-]\s*[\p{L}\d&Đ]+)+)/u;
// Printed forms leave a blank before the symbol for the number written in by hand: "Số:  46 /TB-UBND".
// On a scan (OCR lines carry word confidences) a gap before "/" marks that blank; what is in it is the
// handwriting, kept only when it reads as a clean number.
const FILLED_NUMBER = /(?:^|\s)Số\s*[:.]?\s*(\S{0,6}?)\s+\/\s*([\p{Lu}Đ][\p{L}\d&Đ]*(?:-[\p{L}\d&Đ]+)*)/u;
// the date line with whatever fills the day's blank ("ngày A4 tháng 01", "ngày‡4 tháng 5", "ngày tháng 01")
const PLACE_DATE_FILLED = /(?<![\p{L}\d/-])(\p{Lu}\p{Ll}[\p{L}]*(?:\s+[\p{Lu}][\p{L}]*){0,3}),\s*ngày\s*(\S{0,4}?)\s*\S?tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
// A text (no OCR words) with the blank left empty: "Số: /TB-UBND", "Số: ....../CT-UBND"
const BLANK_NUMBER = /(?:^|\s)Số\s*[:.]?\s*[.…_]*\s*\/\s*([\p{Lu}Đ][\p{L}\d&Đ]*(?:\s?-\s?[\p{L}\d&Đ]+)*)/u;
// "Quảng Ngãi, ngày    tháng 01 năm 2025", "ngày ... tháng 5 năm 2021": the day left blank
const BLANK_DAY = /(?<![\p{L}\d/-])(\p{Lu}\p{Ll}[\p{L}]*(?:\s+[\p{Lu}][\p{L}]*){0,3}),\s*ngày\s*[.…_]*\s*tháng\s+\d{1,2}\s+năm\s+\d{4}/u;
/** OCR confidence under which a digit written into a blank is not trusted */
const HANDWRITING_SURE = 70;
/** the same for the day of a date line, which has no blank to tell it by: printed days read above 80 */
const DAY_SURE = 60;

/** The OCR confidence of the word of an OCR line that holds `text` (undefined for text and text-layer lines). */
function confidenceOf(line: TextLineT, text: string): number | undefined {
  if (!line.words?.length) return undefined;
  return line.words.find((w) => w.text.includes(text))?.confidence ?? 0;
}

/** "ỦY BAN NHÂN DÂN" / "TỈNH ĐỒNG NAI" -> "Ủy ban nhân dân tỉnh Đồng Nai". */
function fromCaps(s: string, matcher: AgencyMatcher): string {
  const lower = toneStyle(s.toLowerCase());
  const levels = matcher.gaz.forms.levels.join('|');
  const re = new RegExp(`(?<![\\p{L}])(${levels})\\s+(.+)$`, 'u');
  const m = re.exec(lower);
  const titled = m
    ? lower.slice(0, m.index) + m[1] + ' ' + m[2].replace(/(^|\s)(\p{L})/gu, (_x, a, b) => a + b.toUpperCase())
    : lower;
  return matcher.resolve(titled);
}

/**
 * The issuer of a header block in capitals: the last body of the block, the one above it being its
 * parent ("SỞ Y TẾ BẮC NINH / BỆNH VIỆN ĐA KHOA TỈNH" -> "Bệnh viện đa khoa tỉnh Bắc Ninh"); a line
 * that starts with a level ("TỈNH QUẢNG NGÃI") continues the line above it.
 */
function issuerOfBlock(caps: string[], matcher: AgencyMatcher): string {
  const levels = new RegExp(`^(?:${matcher.gaz.forms.levels.map((l) => l.toUpperCase()).join('|')})(?![\\p{L}])`, 'u');
  const groups: string[] = [];
  for (const c of caps) {
    if (groups.length && levels.test(c)) groups[groups.length - 1] += ` ${c}`;
    else groups.push(c);
  }
  const last = groups[groups.length - 1];
  if (groups.length < 2) return fromCaps(last, matcher);
  // a bare level at the end ("... TỈNH") takes the place of the parent ("SỞ Y TẾ BẮC NINH")
  const lv = new RegExp(`(?<![\\p{L}])(${matcher.gaz.forms.levels.map((l) => l.toUpperCase()).join('|')})$`, 'u').exec(last);
  if (lv) {
    const parent = groups[groups.length - 2];
    // the parent's place: after its level ("UBND TỈNH QUẢNG NGÃI"), or after the body's name ("SỞ Y TẾ BẮC NINH")
    const ms = matcher.find(parent);
    const otherLevel = new RegExp(`(?<![\\p{L}])(?:${matcher.gaz.forms.levels.map((l) => l.toUpperCase()).filter((l) => l !== lv[1]).join('|')})(?![\\p{L}])`, 'u');
    const afterName = ms.length && ms[0].start === 0 ? parent.slice(ms[0].end).trim() : '';
    const placeName = new RegExp(`(?<![\\p{L}])${lv[1]}\\s+(\\p{Lu}.*)$`, 'u').exec(parent)?.[1] ?? (/^\p{Lu}+(?:\s+\p{Lu}+){1,3}$/u.test(afterName) && !otherLevel.test(parent) ? afterName : null);
    if (placeName) return fromCaps(`${last} ${placeName}`, matcher);
  }
  return fromCaps(last, matcher);
}

const WRITER_VERB = /^\s*(?:đã|đang|tiếp\s+tục|báo\s+cáo|kính\s+(?:gửi|trình|báo)|xin|trân\s+trọng|thông\s+báo|triển\s+khai|tổ\s+chức|ban\s+hành|xây\s+dựng)(?![\p{L}])/iu;

function issuerFromBody(s: Structure, matcher: AgencyMatcher, signerTitle: string | null): string | null {
  const sig = signerTitle ? /(?:TM|KT|TL|TUQ)\s*\.\s*([^/]+)/u.exec(signerTitle)?.[1]?.trim() : undefined;
  const sigName = sig ? fromCaps(sig, matcher).toLowerCase() : null;
  let fallback: string | null = null;
  for (const u of s.units.slice(0, 8)) {
    for (const m of matcher.find(u.text)) {
      const before = u.text.slice(Math.max(0, m.start - 12), m.start);
      if (/(?:của|tại|với|cho|gửi)\s*$/iu.test(before)) continue;
      if (!WRITER_VERB.test(u.text.slice(m.end))) continue;
      if (sigName && m.name.toLowerCase().startsWith(sigName)) return m.name;
      fallback ??= m.name;
    }
  }
  return fallback ?? (sig ? fromCaps(sig, matcher) : null);
}

function docTypeFromNumber(num: string | null): string | null {
  if (!num) return null;
  const parts = num.split(/[/-]/).slice(1);
  for (const p of parts) if (NUMBER_TYPE_CODES[p]) return NUMBER_TYPE_CODES[p];
  return parts.length ? 'công văn' : null;
}

export function extractMetadata(s: Structure, matcher: AgencyMatcher): Metadata {
  const lines = s.lines;
  const idxOf = (line: number) => lines.findIndex((l) => l.line === line);
  const headerEndIdx = s.headerEnd > lines.length ? lines.length : Math.max(0, idxOf(s.headerEnd));
  const head = lines.slice(0, Math.max(headerEndIdx, 0));
  const top = lines.slice(0, Math.min(lines.length, Math.max(headerEndIdx, 12)));

  let number: string | null = null;
  let numberHandwritten = false;
  let place: string | null = null;
  let issued: string | null = null;
  let dayHandwritten = false;
  for (const l of top) {
    const scanned = !!l.words?.length;
    const filled: RegExpExecArray | null = scanned && !number ? FILLED_NUMBER.exec(l.text) : null;
    if (filled) {
      const written: string = filled[1].replace(/^[:.]+|[.,:]+$/g, '');
      const sure: boolean = /^\d{1,5}$/.test(written) && (confidenceOf(l, written) ?? 0) >= HANDWRITING_SURE;
      number = sure ? normalizeNumber(`${written}/${filled[2]}`) : `/${filled[2]}`;
      numberHandwritten = true;
    }
    const nm = NUMBER_LINE.exec(l.text);
    if (nm && !number) number = normalizeNumber(nm[1]);
    const bn: RegExpExecArray | null = !scanned && !number ? BLANK_NUMBER.exec(l.text) : null;
    if (bn) {
      // the number is to be written by hand into the printed blank: the printed part, flagged
      number = `/${bn[1].replace(/\s+/g, '')}`;
      numberHandwritten = true;
    }
    const pm = PLACE_DATE.exec(l.text);
    if (pm && !issued && !place) {
      place = pm[1];
      // a day read from a scan with low confidence was written in by hand: not trusted as the date
      const conf = confidenceOf(l, pm[2]);
      if (conf !== undefined && conf < DAY_SURE) dayHandwritten = true;
      else issued = isoDate(+pm[4], +pm[3], +pm[2]);
      continue;
    }
    const bd: RegExpExecArray | null = !scanned && !place ? BLANK_DAY.exec(l.text) : null;
    if (bd) {
      place = bd[1];
      dayHandwritten = true;
      continue;
    }
    const fm: RegExpExecArray | null = scanned && !place ? PLACE_DATE_FILLED.exec(l.text) : null;
    if (fm) {
      place = fm[1];
      dayHandwritten = true;
    }
  }

  // kind line, title block, subject
  let kind: string | null = null;
  let kindIdx = -1;
  for (let i = 0; i < head.length && kindIdx < 0; i++) {
    const t = head[i].text.trim().replace(/[:.]$/, '');
    for (const k of DOC_KINDS) if (t === k.word) { kind = k.type; kindIdx = i; break; }
  }
  let subject: string | null = null;
  for (let i = 0; i < top.length; i++) {
    const m = /^V\/v\s*[:.]?\s*(.+)$/iu.exec(top[i].text.trim());
    if (!m) continue;
    subject = m[1];
    for (let j = i + 1; j < top.length && top[j].text.trim() && isLowerStart(top[j].text); j++) subject += ' ' + top[j].text.trim();
    break;
  }
  const titleLines: TextLineT[] = [];
  let inSubject = false;
  for (let i = kindIdx + 1; i < head.length; i++) {
    const t = head[i].text.trim();
    if (!t) continue;
    if (/^V\/v/i.test(t)) inSubject = true;
    else if (inSubject && isLowerStart(t)) continue;
    else inSubject = false;
    if (kindIdx < 0 && (isHeaderNoise(t) || NUMBER_LINE.test(t) || PLACE_DATE.test(t) || /^V\/v/i.test(t) || (t === t.toUpperCase() && /\p{L}{2}/u.test(t)))) continue;
    if (/^V\/v/i.test(t)) continue;
    // the body's first sentence where a notice prints no title ("Chiều ngày 09 tháng 11 năm 2025, tại ..."),
    // or ends it (a title in capitals may be long and open with "THỰC HIỆN")
    if (t !== t.toUpperCase() && (BODY_OPENING.test(t) || t.split(/\s+/).length > 40)) break;
    titleLines.push(head[i]);
  }
  let title = titleLines.map((l) => l.text.trim()).join(' ').replace(/\s+/g, ' ').trim() || null;
  if (!title && subject) title = subject;

  if (kind === 'thông báo' || (!kind && title)) {
    const sub = title ? NOTICE_SUBTYPES.find((x) => x.re.test(title!)) : undefined;
    if (sub) kind = sub.type;
  }
  if (!kind) {
    if (title) for (const k of DOC_KINDS) if (title.toUpperCase().startsWith(k.word + ' ')) { kind = k.type; break; }
  }
  kind ??= docTypeFromNumber(number) ?? (s.addresseeLines.length || subject ? 'công văn' : null);

  // issuer: capitals at the top-left ("ỦY BAN NHÂN DÂN / TỈNH X"), else "của X" in the title,
  // else the body's first sentence subject before "thông báo"/"kết luận"
  let issuer: string | null = null;
  const caps: string[] = [];
  for (const l of head.slice(0, kindIdx >= 0 ? kindIdx : head.length)) {
    // the left column: the line up to a wide gap or the national motto
    const t = beforeMotto(l.text.split(/\s{3,}/u)[0]).trim();
    if (!t || isHeaderNoise(t)) continue;
    // the issuer block stands above "Số:" and the date line: capitals after them are the title
    if (NUMBER_LINE.test(t) || BLANK_NUMBER.test(t) || /^Số\s*[:.]/iu.test(t) || PLACE_DATE.test(t) || BLANK_DAY.test(t) || /,\s*ngày\s+\d/iu.test(t)) {
      if (caps.length) break;
      continue;
    }
    if (t === t.toUpperCase() && /\p{L}{2}/u.test(t) && !DOC_KINDS.some((k) => k.word === t)) caps.push(t);
    else break;
  }
  if (caps.length) issuer = issuerOfBlock(caps, matcher);
  if (!issuer && title) {
    const m = /của\s+(.+?)\s+(?:tại|về|trong)\s/u.exec(title);
    if (m) {
      const ms = matcher.find(m[1]);
      issuer = ms.length ? ms[ms.length - 1].name : null;
      if (issuer && /^(?:Phó\s+)?Chủ\s+tịch/u.test(m[1])) issuer = `Chủ tịch ${issuer}`;
    }
  }
  const body = s.units.slice(0, 4).map((u) => u.text).join(' ');
  if (!issuer) {
    const m = /([^.,;]{3,120}?)\s+(?:thông\s+báo|kết\s+luận)\s+[^.]{0,80}?như\s+sau/u.exec(body);
    if (m) {
      const ms = matcher.find(m[1]);
      if (ms.length) issuer = ms[ms.length - 1].name;
    }
  }

  // the meeting/inspection date: a body sentence opening with "Ngày ..." / "Vào ngày ..."
  let date: string | null = null;
  for (const u of s.units.slice(0, 5)) {
    const m = /^(?:Vào\s+(?:lúc\s+[^,]*,\s*)?|Hôm\s+nay,\s*)?ngày\s+\d/iu.exec(u.text);
    // "Ngày 28 tháng 10 năm 2025, Chủ tịch ... đã ban hành Công văn số 3280 ...": the date of a cited document
    if (m && CITES_DOCUMENT.test(u.text.split(/\.\s/)[0])) continue;
    if (m) {
      date = parseDate(u.text.slice(0, 60));
      if (date) break;
    }
  }
  date ??= issued;

  // tail: signer titles, signer name, recipients
  let signer: Metadata['signer'] = null;
  const recipients: string[] = [];
  if (s.tailStart !== null) {
    const tail = lines.slice(idxOf(s.tailStart));
    const titles: string[] = [];
    let titleLine: number | null = null;
    let name: string | null = null;
    let inRecipients = false;
    for (const l of tail) {
      let t = l.text.trim();
      if (!t) continue;
      // two columns read as one line: "- UBND xã A; TRƯỞNG ĐOÀN"
      const st = SIGNER_TITLE.exec(t);
      if (st) {
        titles.push(st[1].replace(/\s+/g, ' ').trim());
        titleLine ??= l.line;
        t = t.slice(0, st.index + (st[0].startsWith(';') ? 1 : 0)).trim();
      } else {
        const caps2 = /(?:^|;\s*|\s{2,})((?:PHÓ\s+)?[\p{Lu}Đ][\p{Lu}Đ ]{3,})$/u.exec(t);
        if (caps2 && titles.length && !/^-/.test(caps2[1])) {
          titles.push(caps2[1].trim());
          t = t.slice(0, caps2.index + (caps2[0].startsWith(';') ? 1 : 0)).trim();
        }
      }
      if (/^Nơi\s+nhận\s*:?/iu.test(t)) {
        inRecipients = true;
        t = t.replace(/^Nơi\s+nhận\s*:?\s*/iu, '');
      }
      if (/^[-–]/.test(t) || (inRecipients && t && isLowerStart(t) === false && /;$/.test(t))) {
        inRecipients = true;
        for (const part of t.replace(/^[-–]\s*/, '').split(/;\s*/)) {
          const r = part.replace(/[;,.]\s*$/, '').trim();
          if ((r.match(/\p{L}/gu) ?? []).length < 3 || /^(?:Lưu|Như\s)/iu.test(r)) continue;
          const sectors = matcher.expandSectorList(r);
          if (sectors) recipients.push(...sectors);
          else recipients.push(r);
        }
        continue;
      }
      const nm = /^[^\p{L}]*((?:\p{Lu}\p{Ll}+)(?:\s+\p{Lu}\p{Ll}+){1,4})\s*$/u.exec(t);
      if (nm && titles.length) name = nm[1];
    }
    if (titles.length || name) signer = { name, title: titles.length ? [...new Set(titles)].join(' / ') : null, line: titleLine };
  }

  // no header (a scan that starts at the title): the body that writes it, named as a sentence's
  // subject ("UBND xã X đã triển khai ..."), preferring the body of the signature ("TM. ỦY BAN NHÂN DÂN");
  // never a body named as the author of a cited document ("... của Ban Chỉ đạo Trung ương")
  if (!issuer) issuer = issuerFromBody(s, matcher, signer?.title ?? null);

  const addressees: string[] = [];
  const recipientsTo: string[] = [];
  for (const l of s.addresseeLines) {
    const t = l.text.replace(/[;,.]\s*$/, '').trim();
    if (!t) continue;
    // persons: "Bà Huỳnh Thị Gái, ông Trần Ngọc Vinh"
    recipientsTo.push(...t.split(/(?:,\s*|\s+và\s+)(?=(?:ông|bà|anh|chị)\s+\p{Lu})/iu).map((x) => x.trim()));
    const sectors = matcher.expandSectorList(t);
    if (sectors) { addressees.push(...sectors); continue; }
    const ms = matcher.find(t);
    if (ms.length) addressees.push(...ms.map((m) => m.name));
    else addressees.push(t);
  }

  return { doc_type: kind, title, issuer, date, number, number_handwritten: numberHandwritten, place, issued_date: issued, issued_day_handwritten: dayHandwritten, subject, signer, recipients, recipients_to: recipientsTo, addressees };
}
