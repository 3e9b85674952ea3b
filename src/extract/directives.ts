// Directives: tasks that a party must carry out, one per item of a task block, with the section
// path, the lead and cooperating agencies and the deadline (own, or from the block's heading or
// closing sentence). Results and findings are left out: only units inside a task zone count.
// A task zone is the content of a heading such as "Nhiệm vụ", "Kiến nghị", "Tổ chức thực hiện",
// or what follows a sentence that announces tasks ("... đề nghị UBND xã ... thực hiện các nhiệm vụ sau:").
import type { AssigneeT, DeadlineT, DirectiveT } from '../record.js';
import type { AgencyMatcher, Mention } from './agencies.js';
import { type DateContext, pickDeadline } from './deadlines.js';
import {
  ACTOR_LIST_END, ADDRESSEE_FILLER, ANNOUNCE, ANSWER_ITEM, ASSIGNS_AT_OPEN, ARTICLE_ASSIGN, ASSIGN_IN_SENTENCE, CLOSING, COOP_CUE,
  DESCRIPTIVE_HEADINGS, DETAIL_ITEM, DIRECTIVE_HEADINGS, DUTY_VERB, FACT_MARK, HEADING_SUBJECT_END, OPEN_HEADS, PERSON_TITLE_START, LEAD_CUE, LEAD_LABEL, NOT_TRIGGER, PROPOSAL, REQUEST_OPEN, REQUEST_TO_ADDRESSEES,
  TASK_START, TRIGGER,
} from './directives.data.js';
import type { Unit } from './structure.js';
import { capitalizeFirst, lineAt } from './text.js';

export interface DirectiveContext extends DateContext {
  matcher: AgencyMatcher;
  docType?: string | null;
  /** addressees of a công văn ("Kính gửi: ...") */
  addressees?: string[];
  /** the "Kính gửi:" addressees as printed: names of this document, also those the gazetteer lacks */
  recipientsTo?: string[];
  /** the addressees that take a letter's requests (none for a report: they only receive it) */
  letterAddressees?: string[];
}

const isHeadingKind = (u: Unit) => u.kind !== 'para' && u.kind !== 'dash' && u.kind !== 'plus';
const words = (s: string) => s.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

export function isTrigger(text: string): boolean {
  const t = text.trim();
  return (TRIGGER.test(t) || ANNOUNCE.test(t)) && !NOT_TRIGGER.test(t);
}

/** Agencies named just before "cần"/"phải" in an announcing sentence ("..., Sở X cần thực hiện ... sau:"). */
function actorsBeforeNeed(text: string, matcher: AgencyMatcher): string[] {
  const at = text.search(/(?<![\p{L}])(?:cần|phải)\s/u);
  if (at < 0) return [];
  const span = text.slice(0, at);
  const ms = matcher.find(span);
  const out: Mention[] = [];
  // the chain of names that ends right before the verb
  let end = span.replace(/\s+$/, '').length;
  for (let k = ms.length - 1; k >= 0; k--) {
    if (!/^[\s,;]*(?:và\s+)?$/u.test(span.slice(ms[k].end, end))) break;
    out.unshift(ms[k]);
    end = ms[k].start;
  }
  return [...new Set(out.map((x) => x.name))];
}

export function isClosing(text: string): boolean {
  return CLOSING.test(text.trim());
}

/**
 * Agencies named by a heading such as "2. Sở Khoa học và Công nghệ:", "Thủ trưởng các Sở, ban
 * ngành, Chủ tịch UBND cấp huyện", "Các thành viên Ban Chỉ đạo ..."; null when the heading says more
 * than who (then it is a topic, not an addressee).
 */
export function addresseesOf(text: string, matcher: AgencyMatcher): string[] | null {
  const t = text.replace(/[:.;]\s*$/, '').trim();
  if (!t || words(t) > 30) return null;
  const mentions = matcher.find(t);
  if (!mentions.length) return null;
  const forms = matcher.gaz.forms;
  const titles = [...forms.titles, ...forms.member_groups].sort((a, b) => b.length - a.length);
  let rest = t;
  for (const m of [...mentions].reverse()) rest = rest.slice(0, m.start) + ' ' + rest.slice(m.end);
  for (const ti of titles) rest = rest.replace(new RegExp(`(?<![\\p{L}])${ti}(?![\\p{L}])`, 'giu'), ' ');
  rest = rest.replace(ADDRESSEE_FILLER, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (words(rest) > 1) return null;
  const out: string[] = [];
  let prevEnd = 0;
  for (const m of mentions) {
    // "Các thành viên Ban Chỉ đạo ...": the members are the addressee
    const before = t.slice(prevEnd, m.start).replace(/^[\s,;]+|[\s,;]+$/g, '').replace(/^(?:và|,)\s+/u, '');
    const member = forms.member_groups.find((g) => before.toLowerCase().endsWith(g));
    out.push(member ? capitalizeFirst(`${before.slice(before.length - member.length).toLowerCase()} ${m.surface}`) : m.name);
    prevEnd = m.end;
  }
  return [...new Set(out)];
}

/** Normalised printed name: abbreviations spelled out, capital first, no trailing punctuation. */
function printedName(s: string, matcher: AgencyMatcher): string {
  return capitalizeFirst(matcher.expand(s.replace(/^(?:đối\s+với|giao)\s+/iu, '').replace(/[\s,;:.]+$/u, '').trim()));
}

/**
 * Who a heading over items names, as printed: the heading up to its verb or colon, cut at ";" (or at
 * "," before another title), when it opens with a body or a person's title; null otherwise.
 */
export function headingLeads(text: string, matcher: AgencyMatcher): string[] | null {
  const colon = /:\s*$/.test(text);
  const t = text.replace(/[:.]\s*$/, '').trim();
  const verb = HEADING_SUBJECT_END.exec(t);
  // without a colon: a short name ("7. Báo và Phát thanh, Truyền hình thành phố") or a name and "có trách nhiệm"
  if (!colon && !/^(?:giao|đề\s+nghị|yêu\s+cầu)\s/iu.test(t) && !(verb ? /^(?:có|chịu)\s+trách\s+nhiệm$/u.test(t.slice(verb.index).trim()) : words(t) <= 16)) return null;
  const assigns = /^(?:giao|đề\s+nghị|yêu\s+cầu)\s/iu.test(t);
  const subject = capitalizeFirst((verb ? t.slice(0, verb.index) : t).replace(/^(?:đối\s+với|giao|đề\s+nghị|yêu\s+cầu)\s+/iu, '').trim());
  if (!subject || words(subject) > 40 || !OPEN_HEADS.test(subject)) return null;
  // a heading without verb must be a name, not a topic ("Công tác tuyên truyền:")
  if (!verb && !assigns && words(subject) > 16) return null;
  const parts = subject.split(/\s*;\s*/u).filter((x) => x.trim());
  const out: string[] = [];
  for (const p of parts) {
    const ms = matcher.find(p);
    // a name the gazetteer knows whole: its canonical form; a person's title or an unknown body: as printed
    if (!PERSON_TITLE_START.test(p) && ms.length === 1 && ms[0].start === 0 && ms[0].end >= p.replace(/[\s,;:.]+$/u, '').length - 1) out.push(ms[0].name);
    else out.push(printedName(p, matcher));
  }
  return out.length ? out : null;
}

/** Person titles of the gazetteer, longest first, and one pattern for them all ("Giám đốc các"). */
const TITLES = new WeakMap<AgencyMatcher, { list: string[]; re: RegExp }>();
function titlesOf(matcher: AgencyMatcher): { list: string[]; re: RegExp } {
  let t = TITLES.get(matcher);
  if (!t) {
    const list = [...matcher.gaz.forms.titles].sort((a, b) => b.length - a.length);
    TITLES.set(matcher, (t = { list, re: new RegExp(`(?<![\\p{L}])(?:${list.join('|')})(?:\\s+các)?(?![\\p{L}])`, 'giu') }));
  }
  return t;
}

/** Agencies named right after an assigning verb ("đề nghị UBND xã Ia Ko tiếp tục ..."). */
export function assigneesAfterVerb(text: string, matcher: AgencyMatcher): string[] {
  const re = new RegExp(ASSIGN_IN_SENTENCE.source, 'giu');
  let m: RegExpExecArray | null;
  let best: string[] = [];
  while ((m = re.exec(text))) {
    const from = m.index + m[0].length;
    const tail = text.slice(from);
    const stop = tail.search(TASK_START);
    const span = stop >= 0 ? tail.slice(0, stop) : tail.slice(0, 200);
    const ms = matcher.find(span).filter((x) => x.start < 3 || /^[\s,;và]*$/u.test(span.slice(0, x.start)) || true);
    const list = chain(span, ms, 0, titlesOf(matcher).re);
    // persons named by their title ("yêu cầu Giám đốc, Thủ trưởng các sở, ..."): as printed
    // and a list of bodies the gazetteer partly lacks ("Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng, ..., Thuế tỉnh, ...")
    const startsTitled = new RegExp(`^(?:${titlesOf(matcher).list.join('|')})(?![\\p{L}])`, 'iu').test(span);
    const printed = list.length || startsTitled ? printedActors(tail, matcher) : [];
    const titled = startsTitled || printed.length > list.length + 1 ? printed : [];
    if (titled.length) best = titled;
    else if (list.length) best = list.map((x) => x.name);
  }
  return best;
}

/**
 * An item whose first sentence opens with a short subject and an assigning verb followed right away by
 * the bodies it assigns ("Tỉnh X yêu cầu các sở, ban, ngành tiếp tục ..."); not an account of what was
 * done ("Sở Tài chính đã ... đề nghị ..."), not a demand without a body ("Yêu cầu bố trí ...").
 */
export function opensWithAssignment(text: string, matcher: AgencyMatcher): boolean {
  const m = ASSIGNS_AT_OPEN.exec(text);
  if (!m || words(m[1] ?? '') > 10 || /(?<![\p{L}])(?:đã|đang|được)(?![\p{L}])/iu.test(m[1] ?? '')) return false;
  const rest = text.slice(m[0].length, m[0].length + 200);
  const ms = matcher.find(rest);
  return chain(rest, ms, 0, titlesOf(matcher).re).length > 0;
}

/**
 * An item whose first sentence opens with a named body or official as its subject, followed by an
 * obligation ("Công chức Tư pháp - Hộ tịch có trách nhiệm hướng dẫn ...") or by an action with a
 * deadline ("Văn phòng Ủy ban nhân dân xã niêm yết ... trước ngày 25 tháng 3 năm 2025"): a task in any
 * kind of document. Not an account ("Sở X đã ...") nor a schedule without a deadline ("Bộ phận một cửa
 * làm việc từ thứ Hai ...", "Chủ tịch ... tiếp công dân vào ngày thứ Năm ...").
 */
export function opensWithDuty(text: string, ctx: DirectiveContext): boolean {
  const { matcher } = ctx;
  const first = text.split(/[.;]\s+(?=\p{Lu})/u)[0];
  const ms = matcher.find(first.slice(0, 300));
  let end = -1;
  const title = new RegExp(`^(?:${titlesOf(matcher).list.join('|')})(?:\\s+các)?\\s+`, 'iu').exec(first);
  const from = title ? title[0].length : 0;
  const named = chain(first, ms, from);
  if (named.length && named[0].start === from) end = named[named.length - 1].end;
  else if (!title && namedSubject(first, matcher).length) end = first.slice(0, 200).search(ACTOR_LIST_END);
  if (end <= 0) return false;
  const rest = first.slice(end);
  // the subject's verb follows at once, lowercase; an account or a negation is no task
  if (!/^\s+\p{Ll}/u.test(rest) || FACT_MARK.test(rest.trimStart().split(/\s+/)[0] ?? '')) return false;
  if (DUTY_VERB.test(rest)) return true;
  const due = pickDeadline(first, ctx);
  return !!due && (due.kind === 'before' || due.kind === 'no_later_than');
}

/** Mentions that follow each other from offset `from`, joined only by commas and "và"; a person's
 *  title may stand before a name ("giao Giám đốc Công an tỉnh ..."). */
function chain(text: string, mentions: Mention[], from: number, titles?: RegExp): Mention[] {
  const out: Mention[] = [];
  let at = from;
  for (const m of mentions) {
    if (m.start < at) continue;
    const gap = text.slice(at, m.start);
    const bare = titles ? gap.replace(titles, ' ').replace(/\s+/g, ' ') : gap;
    if (out.length === 0 ? bare.trim().length > 2 : !/^[\s,;]*(?:và\s+|cùng\s+)?$/u.test(bare)) break;
    out.push(m);
    at = m.end;
  }
  return out;
}

function underArticle(u: Unit, units: Unit[]): boolean {
  for (let a: Unit | undefined = u; a; a = a.parent >= 0 ? units[a.parent] : undefined) if (a.kind === 'article') return true;
  return false;
}

/** Lead override and cooperating agencies named inside a directive's text. */
export function rolesInText(text: string, matcher: AgencyMatcher): { lead: string[]; cooperate: string[] } {
  const mentions = matcher.find(text);
  const lead: string[] = [];
  for (const m of text.matchAll(LEAD_CUE)) {
    const before = mentions.filter((x) => x.end <= m.index!);
    const last = before[before.length - 1];
    if (last && /^[\s,]*$/.test(text.slice(last.end, m.index!))) lead.push(last.name);
  }
  for (const m of text.matchAll(LEAD_LABEL)) {
    for (const x of chain(text, mentions, m.index! + m[0].length, titlesOf(matcher).re)) lead.push(x.name);
  }
  const cooperate: string[] = [];
  for (const m of text.matchAll(COOP_CUE)) {
    for (const x of chain(text, mentions, m.index! + m[0].length, titlesOf(matcher).re)) cooperate.push(x.name);
  }
  return { lead: [...new Set(lead)], cooperate: [...new Set(cooperate)] };
}

function cleanText(s: string): string {
  // superscript footnote marks that OCR reads as symbols ("liên quan®.")
  return s.replace(/(?<=\p{L})[®©™¹²³⁴⁵⁶⁷⁸⁹]+/gu, '').replace(/\s+/g, ' ').trim();
}

interface Roles {
  zone: boolean[];
  defaults: Array<string[] | null>;
  addressee: Array<string[] | null>;
}

export function extractDirectives(units: Unit[], ctx: DirectiveContext): DirectiveT[] {
  const { matcher } = ctx;
  const n = units.length;
  const zone = new Array<boolean>(n).fill(false);
  const blocked = new Array<boolean>(n).fill(false);
  const root = new Array<boolean>(n).fill(false);
  const trigger = new Array<boolean>(n).fill(false);
  const closing = new Array<boolean>(n).fill(false);
  const addressee = new Array<string[] | null>(n).fill(null);
  const defaults = new Array<string[] | null>(n).fill(null);
  // the trigger active among the children of each parent (-1 = top level)
  const activeTrigger = new Map<number, number>();
  // instruments made of articles: decisions, resolutions, decrees, circulars
  const isDecision = /quyết định|nghị quyết|nghị định|thông tư/.test(ctx.docType ?? '');
  const isLetter = /công văn|chỉ thị|công điện/.test(ctx.docType ?? '');
  // a submission proposes, it does not assign: its directives are its "kính trình" sentences
  if (/tờ trình/.test(ctx.docType ?? '')) return proposals(units, ctx);
  // items that only detail the request above them ("1. Thời gian đăng tải: từ ngày ...")
  const detail = new Array<boolean>(n).fill(false);
  for (const u of units) {
    if (u.kind !== 'para' || !isTrigger(u.text)) continue;
    const sibs = (u.parent >= 0 ? units[u.parent].children : units.filter((x) => x.parent === -1).map((x) => x.index)).filter((x) => x > u.index);
    const items: number[] = [];
    for (const x of sibs) {
      if (units[x].kind === 'para') break;
      items.push(x);
    }
    const isDetail = (x: number) => {
      const m = DETAIL_ITEM.exec(units[x].text);
      return !!m && words(units[x].text.slice(0, units[x].text.indexOf(':'))) <= 6 && !units[x].children.length && !ASSIGN_IN_SENTENCE.test(units[x].text.slice(0, units[x].text.indexOf(':')));
    };
    if (items.length && items.every((x) => { ASSIGN_IN_SENTENCE.lastIndex = 0; return isDetail(x); })) {
      ASSIGN_IN_SENTENCE.lastIndex = 0;
      for (const x of items) detail[x] = true;
      detail[u.index] = false;
      (u as Unit & { request?: boolean }).request = true;
    }
  }
  // the letter's addressees stand for "các cơ quan, đơn vị" and take what names no one (a report's
  // addressees only receive it)
  const toAddressees = /công văn|công điện|chỉ thị/.test(ctx.docType ?? '') ? ctx.addressees ?? [] : [];
  ctx = { ...ctx, letterAddressees: toAddressees };

  for (const u of units) {
    const head = u.text.replace(/^[\s"“]+/, '');
    if (isHeadingKind(u)) {
      if (DIRECTIVE_HEADINGS.test(head)) root[u.index] = true;
      else if (DESCRIPTIVE_HEADINGS.test(head) && words(head) < 25) blocked[u.index] = true;
    }
    if (u.kind === 'article' && isDecision && (ARTICLE_ASSIGN.test(u.text) || subjectOf(u.text, matcher).length)) root[u.index] = true;
    closing[u.index] = u.kind === 'para' && isClosing(u.text) && !(isLetter && (REQUEST_OPEN.test(u.text.trim()) || closingAssigns(u.text, matcher)));
    // zone membership: self or an ancestor is a root, or follows an active trigger among its siblings
    let inZone = false;
    let def: string[] | null = null;
    for (let a: Unit | undefined = u; a; a = a.parent >= 0 ? units[a.parent] : undefined) {
      if (blocked[a.index]) break;
      if (a !== u && (root[a.index] || trigger[a.index])) {
        inZone = true;
        def ??= defaults[a.index];
        break;
      }
      const t = activeTrigger.get(a.parent);
      if (t !== undefined && t < a.index) {
        inZone = true;
        def ??= defaults[t];
        break;
      }
      if (a.kind === 'article' && root[a.index] && a === u) {
        inZone = true;
        break;
      }
    }
    // a letter has no articles of its own: "Điều 8. ..." and its clauses quote a law
    if (isLetter && !blocked[u.index]) inZone = !underArticle(u, units);
    zone[u.index] = inZone && !blocked[u.index];
    // an item that opens by assigning to named bodies is a task wherever it stands, also among a
    // report's results ("b) Tỉnh X yêu cầu các sở, ban, ngành tiếp tục ...")
    if (!zone[u.index] && !blocked[u.index] && u.kind !== 'para' && !u.children.some((c) => units[c].kind !== 'para') && opensWithAssignment(u.text, matcher)) zone[u.index] = true;
    // so is an item that opens with a named body or official and its duty ("Văn phòng X có trách nhiệm ...",
    // "Văn phòng X niêm yết ... trước ngày ..."), also in a notice that announces no tasks
    if (!zone[u.index] && !blocked[u.index] && u.kind !== 'para' && !u.children.some((c) => units[c].kind !== 'para') && opensWithDuty(u.text, ctx)) zone[u.index] = true;
    if (!closing[u.index] && isTrigger(u.text) && !blocked[u.index] && !(u as Unit & { request?: boolean }).request) {
      trigger[u.index] = true;
      activeTrigger.set(u.parent, u.index);
      let who = assigneesAfterVerb(u.text, matcher);
      if (!who.length && ANNOUNCE.test(u.text.trim())) who = actorsBeforeNeed(u.text, matcher);
      defaults[u.index] = who.length ? who : def;
    }
    defaults[u.index] ??= def;
    if (isHeadingKind(u) || (u.kind === 'dash' && u.children.length && /:\s*$/.test(u.text))) {
      addressee[u.index] = addresseesOf(u.text, matcher);
      // a heading over items that names who does them, as printed: person titles ("Chủ tịch UBND các
      // huyện, thị xã, thành phố:"), bodies the gazetteer lacks ("Ban Chỉ đạo ... huyện X:"), or a
      // subject before its verb ("Sở X chịu trách nhiệm ..., trực tiếp thực hiện các khâu:")
      // (also over paragraphs, when the heading is a bare name without punctuation: "9. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố")
      const overItems = u.children.some((c) => units[c].kind !== 'para');
      const overParas = !overItems && u.children.length > 0 && !/[.:;,]\s*$/.test(u.text) && words(u.text) <= 16;
      if ((overItems || overParas) && (!root[u.index] || (overParas && /^(?:đề\s+nghị|yêu\s+cầu|giao)\s/iu.test(u.text))) && !blocked[u.index]) {
        // (a heading the gazetteer reads whole keeps its bodies: "Giám đốc Sở Nội vụ:" -> Sở Nội vụ)
        // "Giao người đứng đầu ...; Chủ tịch ..." over dashes: the persons named, as printed
        if (/^Giao\s/u.test(u.text)) addressee[u.index] = headingLeads(u.text, matcher) ?? addressee[u.index];
        addressee[u.index] ??= headingLeads(u.text, matcher);
      }
    }
  }

  const out: DirectiveT[] = [];
  const roles: Roles = { zone, defaults, addressee };
  const table = taskTableRows(units, ctx);
  for (const u of units) {
    // the recipients' list closes the document: nothing after it is a task
    if (RECIPIENTS.test(u.text)) break;
    // a task table flattened to items: its task row gives the tasks, with the bodies and time of its other rows
    const row = table.get(u.index);
    if (row) {
      out.push(...row);
      continue;
    }
    if (table.has(-u.index - 1)) continue;
    if (!zone[u.index] || trigger[u.index] || closing[u.index] || addressee[u.index] || detail[u.index]) continue;
    const hasKids = u.children.some((c) => units[c].kind !== 'para');
    const endsColon = /:\s*$/.test(u.text);
    if (u.kind === 'para') {
      // a paragraph is a task when it opens an addressee's block or assigns in its own words
      const parent = u.parent >= 0 ? units[u.parent] : null;
      const siblings = parent ? parent.children : units.filter((x) => x.parent === -1).map((x) => x.index);
      const afterMarked = siblings.some((s) => s < u.index && units[s].kind !== 'para');
      const underAddressee = parent && addressee[parent.index];
      const assigns = ASSIGN_IN_SENTENCE.test(u.text) || LEAD_CUE.test(u.text);
      ASSIGN_IN_SENTENCE.lastIndex = 0;
      LEAD_CUE.lastIndex = 0;
      // (a letter's closing request to its addressees comes after its items: "Đề nghị các cơ quan, đơn vị ...")
      const closingRequest = isLetter && ((REQUEST_OPEN.test(u.text.trim()) && REQUEST_TO_ADDRESSEES.test(u.text)) || (isClosing(u.text) && closingAssigns(u.text, matcher)));
      if (!closingRequest && (afterMarked || !(underAddressee || (assigns && (isLetter || isDecision))))) continue;
    } else if (u.kind === 'article') {
      if (!(ARTICLE_ASSIGN.test(u.text) || subjectOf(u.text, matcher).length) || endsColon) continue;
      // "Điều 4. Tổ chức thực hiện" over its clauses: a heading, the clauses are the tasks
      if (hasKids && words(u.text) <= 12) continue;
    } else if (hasKids && (endsColon || words(u.text) <= 12)) {
      continue; // a group heading ("đ) ... cụ thể:", "a) Về nhân lực"): its items are the tasks
    } else if (words(u.text) < 3) {
      continue;
    }
    const d = buildDirective(u, units, roles, ctx);
    // a decision's clauses under an article: a task only with someone to do it (the rest describe a
    // regulation: scope, procedures, duties listed without a subject)
    if (isDecision && u.kind !== 'article' && !d.assignees.some((a) => a.role === 'lead')) continue;
    // (nor with one named only by a request deep inside a duty: "c) Phối hợp ...; đề nghị các cơ quan có thẩm quyền ...")
    if (isDecision && u.kind !== 'article' && d.assignee_confidence?.[0]?.found_by === 'assigning verb' && !opensWithAssignment(u.text, matcher)) continue;
    out.push(d);
  }
  return out;
}

function buildDirective(u: Unit, units: Unit[], roles: Roles, ctx: DirectiveContext): DirectiveT {
  const { matcher } = ctx;
  const text = cleanText(u.text);
  // base lead: nearest addressee heading, else the announcing sentence's assignees, else Kính gửi
  let base: string[] | null = null;
  for (let p = u.parent; p >= 0 && !base; p = units[p].parent) base = roles.addressee[p];
  const fromHeading = !!base;
  // "Về đề nghị Bộ X ...: giao Bộ Y ...": the proposal names who asked, the answer who acts (no lead
  // rather than one carried over from an announcing sentence when the answer names none we know)
  const answer = ANSWER_ITEM.exec(text);
  const toAddr = ctx.letterAddressees ?? ctx.addressees ?? [];
  if (!answer) base ??= roles.defaults[u.index] ?? (toAddr.length ? toAddr : null);
  const scope = answer ? text.slice(answer[0].length) : text;
  const { lead: textLead, cooperate } = rolesInText(scope, matcher);
  let lead = textLead.length ? textLead : base ?? [];
  // how the lead was found, for the reviewer: the rule and a confidence
  let how: [string, number] = textLead.length ? ['lead cue', 0.9] : fromHeading ? ['heading', 0.85] : roles.defaults[u.index] ? ['intro', 0.7] : ['addressee fallback', 0.5];
  // an item under a heading that opens with its own subject ("Kho bạc Nhà nước tỉnh thực hiện ...") names its lead
  const ownSubject = fromHeading && !textLead.length ? subjectOf(scope, matcher) : [];
  if (ownSubject.length && matcher.find(scope.slice(0, 120))[0]?.start === 0) {
    lead = ownSubject;
    how = ['sentence subject', 0.8];
  }
  else if (!textLead.length && (!fromHeading || u.kind === 'article' || answer)) {
    // "Sở Tài chính tham mưu ...", "Chánh Văn phòng ..., Giám đốc các Sở ... chịu trách nhiệm thi hành"
    const subj = subjectOf(scope, matcher);
    const named = subj.length ? [] : namedSubject(scope, matcher);
    if (subj.length || named.length) {
      lead = subj.length ? subj : named;
      how = ['sentence subject', 0.8];
    } else if (!base || answer) {
      const named = assigneesAfterVerb(scope, matcher);
      if (named.length || !base) {
        lead = named;
        how = ['assigning verb', 0.85];
      }
    }
  }
  // an item that opens by assigning ("Giao Thanh tra thành phố ...") names its own lead
  if (!textLead.length && OPENS_WITH_ASSIGN.test(scope)) {
    const named = assigneesAfterVerb(scope.slice(0, 300), matcher);
    if (named.length) {
      lead = named;
      how = ['assigning verb', 0.85];
    }
  }
  // "X đề nghị Y ...": the subject asks, Y acts; "đề nghị các cơ quan, đơn vị ...": the addressees
  const asks = /^[^.;:]{0,160}?(?<![\p{L}])(?:kính\s+)?(?:đề\s+nghị|yêu\s+cầu|kiến\s+nghị)\s/iu.exec(scope);
  if (!textLead.length && asks) {
    const named = assigneesAfterVerb(scope.slice(0, 400), matcher);
    const printed = namedAddressees(scope.slice(asks.index + asks[0].length, asks.index + asks[0].length + 600), ctx.recipientsTo ?? []);
    if (printed.length) {
      lead = printed;
      how = ['addressee', 0.85];
    } else if (REQUEST_TO_ADDRESSEES.test(scope) && toAddr.length) {
      lead = ctx.recipientsTo?.length ? ctx.recipientsTo : toAddr;
      how = ['addressee fallback', 0.6];
    } else if (named.length && subjectOf(scope, matcher).some((x) => lead.includes(x))) {
      lead = named;
      how = ['assigning verb', 0.85];
    }
  }
  const context = [...(base ?? []), ...lead];
  lead = lead.map((a) => matcher.completeLocality(a, context));
  const leadSet = new Set(lead.map((a) => a.toLowerCase()));
  const assignees: AssigneeT[] = lead.map((agency) => ({ agency, role: 'lead' }));
  const assigneeConfidence = lead.map((agency) => ({ agency, found_by: how[0], confidence: how[1] }));
  for (const c of cooperate) {
    const name = matcher.completeLocality(c, context);
    if (leadSet.has(name.toLowerCase())) continue;
    leadSet.add(name.toLowerCase());
    assignees.push({ agency: name, role: 'cooperate' });
    assigneeConfidence.push({ agency: name, found_by: 'cooperation cue', confidence: 0.85 });
  }
  const marked = u.kind !== 'para';
  const foundBy = asks ? 'request' : marked ? 'list item' : 'paragraph';
  // a listed item in a task block is surer than a paragraph; a task with no one to do it is doubtful
  const confidence = Math.round(((marked ? 0.9 : 0.75) - (lead.length ? 0 : 0.2)) * 100) / 100;
  return {
    page: u.page,
    line: u.line,
    section: u.path,
    text,
    assignees,
    deadline: pickDeadline(text, ctx) ?? inheritedDeadline(u, units, ctx),
    confidence,
    found_by: foundBy,
    assignee_confidence: assigneeConfidence,
  };
}

/** The printed addressees named one after another at the start of a span ("Cổng thông tin điện tử X, Cổng ..."). */
function namedAddressees(span: string, printed: string[]): string[] {
  const norm = (x: string) => x.toLowerCase().replace(/\s+/g, ' ').trim();
  let rest = norm(span);
  const out: string[] = [];
  for (;;) {
    const hit = printed.filter((p) => rest.startsWith(norm(p))).sort((a, b) => b.length - a.length)[0];
    if (!hit) break;
    out.push(hit);
    rest = rest.slice(norm(hit).length).replace(/^\s*(?:,|;|và)\s*/u, '');
  }
  return out;
}

const TASK_ROW = /^Nhiệm\s+vụ\s*:\s*/iu;
const AGENCY_ROW = /^(?:Cơ\s+quan|Đơn\s+vị)\s+(?:thực\s+hiện|chủ\s+trì)\s*:\s*/iu;
const TIME_ROW = /^Thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:\s*/iu;

/**
 * Task tables flattened to lettered rows ("a) Nhiệm vụ: ...", "b) Cơ quan thực hiện: Đơn vị chủ trì: ...
 * Đơn vị phối hợp: ...", "c) Thời gian thực hiện: ..."): one directive per task (each paragraph of the
 * task row), under the row group's heading, led by the bodies of its agency row, due at its time row.
 * Keyed by the task row's index; the other rows are keyed by -index-1 (skipped).
 */
function taskTableRows(units: Unit[], ctx: DirectiveContext): Map<number, DirectiveT[]> {
  const out = new Map<number, DirectiveT[]>();
  for (const p of units) {
    const kids = p.children.map((c) => units[c]);
    const task = kids.find((k) => TASK_ROW.test(k.text));
    const agency = kids.find((k) => AGENCY_ROW.test(k.text));
    if (!task || !agency) continue;
    const time = kids.find((k) => TIME_ROW.test(k.text));
    const { lead, cooperate } = rolesInText(agency.text.replace(AGENCY_ROW, ''), ctx.matcher);
    const dueText = time ? time.text.replace(TIME_ROW, '') : '';
    const label = TASK_ROW.exec(task.text)![0].length;
    // the task row's paragraphs: a line that opens a sentence after an ended one is a task of its own
    const cuts = [label];
    for (let k = 1; k < task.flow.starts.length; k++) {
      const at = task.flow.starts[k];
      if (at > label + 1 && /[.;]\s*$/.test(task.text.slice(0, at)) && /^\p{Lu}/u.test(task.text.slice(at))) cuts.push(at);
    }
    const directives: DirectiveT[] = [];
    cuts.forEach((from, k) => {
      const text = cleanText(task.text.slice(from, cuts[k + 1]));
      if (words(text) < 3) return;
      const where = lineAt(task.flow, from);
      const leadSet = new Set(lead.map((x) => x.toLowerCase()));
      const coop = cooperate.filter((c) => !leadSet.has(c.toLowerCase()));
      directives.push({
        page: where.page,
        line: where.line,
        section: p.path,
        text,
        assignees: [...lead.map((agency) => ({ agency, role: 'lead' as const })), ...coop.map((agency) => ({ agency, role: 'cooperate' as const }))],
        deadline: pickDeadline(dueText, ctx) ?? pickDeadline(text, ctx),
        confidence: 0.85,
        found_by: 'task table',
        assignee_confidence: [...lead, ...coop].map((agency, i) => ({ agency, found_by: i < lead.length ? 'lead cue' : 'cooperation cue', confidence: 0.9 })),
      });
    });
    out.set(task.index, directives);
    for (const k of kids) if (k !== task && (k === agency || k === time || AGENCY_ROW.test(k.text) || TIME_ROW.test(k.text))) out.set(-k.index - 1, []);
  }
  return out;
}

/** A submission's proposals: the clause from its subject to the end of the unit ("UBND tỉnh kính trình HĐND tỉnh xem xét, ..."). */
function proposals(units: Unit[], ctx: DirectiveContext): DirectiveT[] {
  const out: DirectiveT[] = [];
  for (const u of units) {
    if (RECIPIENTS.test(u.text)) break;
    const m = PROPOSAL.exec(u.text);
    if (!m) continue;
    // "Kính trình HĐND tỉnh xem xét, quyết định./." closes the submission
    if (m.index === 0 && isClosing(u.text)) continue;
    const before = u.text.slice(0, m.index);
    const start = Math.max(before.lastIndexOf(';'), before.lastIndexOf(','), before.lastIndexOf('. ')) + 1;
    // to the end of its sentence (the closing "Kính trình ... xem xét, quyết định./." may follow on)
    const endAt = /\.\s+(?=\p{Lu})/u.exec(u.text.slice(m.index));
    const text = cleanText(u.text.slice(start, endAt ? m.index + endAt.index + 1 : undefined));
    if (/^Kính\s+trình/u.test(text) && isClosing(text)) continue;
    const at = lineAt(u.flow, start + (u.text.slice(start).length - u.text.slice(start).trimStart().length));
    const named = assigneesAfterVerb(text.replace(PROPOSAL, 'đề nghị '), ctx.matcher);
    const lead = named.length ? named : ctx.addressees ?? [];
    out.push({
      page: at.page,
      line: at.line,
      section: u.path,
      text,
      assignees: lead.map((agency) => ({ agency, role: 'lead' as const })),
      deadline: pickDeadline(text, ctx),
      confidence: 0.85,
      found_by: 'proposal',
      assignee_confidence: lead.map((agency) => ({ agency, found_by: named.length ? 'assigning verb' : 'addressee fallback', confidence: named.length ? 0.85 : 0.5 })),
    });
  }
  return out;
}

const RECIPIENTS = /^[\s*•·-]*nơi\s+nhận\s*:/iu;
const OPENS_WITH_ASSIGN = /^(?:giao|đề\s+nghị|yêu\s+cầu)\s/iu;

/** Verbs that end a sentence's subject ("Sở Tài chính tham mưu ..."). */
const SUBJECT_VERB =
  /(?<![\p{L}])(?:chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|tham\s+mưu|thực\s+hiện|triển\s+khai|tổ\s+chức|chủ\s+trì|hướng\s+dẫn|rà\s+soát|xây\s+dựng|báo\s+cáo)(?![\p{L}])/iu;

/**
 * Who a list that names persons by their title stands for, as printed: "Giám đốc, Thủ trưởng các sở, ban
 * ngành, Chủ tịch UBND xã, phường và các đơn vị liên quan" -> "Giám đốc, Thủ trưởng các sở, ban ngành",
 * "Chủ tịch Ủy ban nhân dân xã, phường", "Các đơn vị liên quan". The list is cut at ",", ";" and "và"
 * where a title or a body begins (a bare title before another title stays with it: "Giám đốc, Thủ
 * trưởng ..."), and ends at the first verb or preposition outside a name. [] when it opens with neither
 * a title nor a body.
 */
export function printedActors(text: string, matcher: AgencyMatcher): string[] {
  const head = text.slice(0, 800);
  const ms = matcher.find(head);
  const inName = (i: number) => ms.some((x) => i > x.start && i < x.end);
  let end = head.length;
  for (const m of head.matchAll(ACTOR_LIST_END)) {
    if (!inName(m.index! + 1)) {
      end = m.index!;
      break;
    }
  }
  const span = head.slice(0, end);
  // pieces between separators outside names
  const pieces: Array<{ text: string; start: number; sep: string }> = [];
  let from = 0;
  let sep = '';
  for (const m of span.matchAll(/\s*[,;]\s*|\s+và\s+/gu)) {
    if (inName(m.index!) || ms.some((x) => m.index! >= x.start && m.index! < x.end)) continue;
    pieces.push({ text: span.slice(from, m.index!), start: from, sep });
    sep = m[0].trim();
    from = m.index! + m[0].length;
  }
  pieces.push({ text: span.slice(from), start: from, sep });
  const titleAt = new RegExp(`^(?:${titlesOf(matcher).list.join('|')})(?![\\p{L}])`, 'iu');
  const bareTitle = new RegExp(`^(?:${titlesOf(matcher).list.join('|')})$`, 'iu');
  const segs: Array<{ text: string; start: number; end: number }> = [];
  for (const p of pieces) {
    const t = p.text.trim();
    if (!t) continue;
    const lead = p.start + p.text.indexOf(t);
    const isTitle = titleAt.test(t);
    // a body: a name found, or a capitalised name ("Thuế tỉnh", "các Ban Xây dựng Đảng"); lowercase pieces go on the one before ("cơ quan, ban, ngành")
    const isBody = ms.some((x) => x.start === lead || (x.start === lead + 4 && /^các\s/iu.test(t))) || /^(?:các\s+)?\p{Lu}/u.test(t);
    const cur = segs[segs.length - 1];
    if (!cur) {
      if (!isTitle && !isBody) return [];
      segs.push({ text: t, start: lead, end: lead + t.length });
    } else if ((isTitle || isBody || p.sep === 'và' || p.sep === ';') && !bareTitle.test(cur.text)) {
      segs.push({ text: t, start: lead, end: lead + t.length });
    } else {
      cur.text = span.slice(cur.start, lead + t.length);
      cur.end = lead + t.length;
    }
  }
  const out: string[] = [];
  const titlesOnly = new RegExp(`^(?:\\s|,|(?:${titlesOf(matcher).list.join('|')})(?![\\p{L}]))*$`, 'iu');
  for (const g of segs) {
    // a body, or a person's title before a body the gazetteer knows (the body stands for its head:
    // "Giám đốc Sở Nội vụ" -> Sở Nội vụ); else the person as printed ("Giám đốc sở", "Chủ tịch UBND xã, phường")
    const body = ms.find((x) => x.end === g.end && x.start >= g.start && (x.start === g.start || (x.source === 'gazetteer' && titlesOnly.test(span.slice(g.start, x.start)))));
    out.push(body ? body.name : capitalizeFirst(matcher.expand(g.text)));
  }
  return [...new Set(out)];
}

/**
 * A letter's or directive's closing that still assigns, to persons or bodies it names: "Trên đây là Chỉ
 * thị ..., yêu cầu Giám đốc sở, ... có trách nhiệm tổ chức triển khai ...", "Căn cứ Chỉ thị này, Thủ
 * trưởng các sở, ... xây dựng kế hoạch ...".
 */
function closingAssigns(text: string, matcher: AgencyMatcher): boolean {
  const first = text.split(/\.\s+(?=\p{Lu})/u)[0];
  if (/^trên\s+đây\s+là/iu.test(first)) return assigneesAfterVerb(first, matcher).length > 0;
  return LEAD_IN.test(first) && afterLeadIn(first, matcher) > 0 && subjectOf(first, matcher).length > 0;
}

/**
 * A subject the gazetteer lacks, as printed: a body's head word and a proper name before the verb
 * ("Công ty Điện lực Quảng Ngãi bảo đảm ..."); not a verb that begins like a head word ("Ban hành ...").
 */
function namedSubject(text: string, matcher: AgencyMatcher): string[] {
  if (!OPEN_HEADS.test(text)) return [];
  const end = text.slice(0, 200).search(ACTOR_LIST_END);
  if (end < 0) return [];
  const subject = text.slice(0, end);
  if (words(subject) > 10 || (subject.match(/(?<![\p{L}])\p{Lu}/gu) ?? []).length < 3 || /[,;]/.test(subject)) return [];
  return [printedName(subject, matcher)];
}

/** Words that open an adverbial clause before a sentence's subject ("Căn cứ kế hoạch này, Giám đốc các Sở ..."). */
const LEAD_IN = /^(?:căn\s+cứ|trong\s+quá\s+trình|trên\s+cơ\s+sở|sau\s+khi|khi|nếu|trường\s+hợp|để|nhằm)\s/iu;

/** The subject after a lead-in clause: the first ", " behind which a person's title or a body begins. */
function afterLeadIn(text: string, matcher: AgencyMatcher): number {
  if (!LEAD_IN.test(text)) return -1;
  const first = text.slice(0, 300).split(/[.:]/u)[0];
  const titleAt = new RegExp(`^(?:${titlesOf(matcher).list.join('|')})(?![\\p{L}])`, 'iu');
  for (const m of first.matchAll(/,\s+/gu)) {
    const at = m.index! + m[0].length;
    const rest = text.slice(at);
    if (titleAt.test(rest) || matcher.find(rest.slice(0, 120))[0]?.start === 0) return at;
  }
  return -1;
}

/** Agencies that open the sentence as its subject, up to the first verb. */
function subjectOf(text: string, matcher: AgencyMatcher): string[] {
  // "Căn cứ kế hoạch này, Giám đốc các Sở ...", "Trong quá trình thực hiện, ..., Giám đốc Trung tâm X ..."
  const lead = afterLeadIn(text, matcher);
  if (lead > 0) return subjectOf(text.slice(lead), matcher);
  // a list that names persons by their title: as printed
  if (new RegExp(`^(?:${titlesOf(matcher).list.join('|')})(?![\\p{L}])`, 'iu').test(text)) {
    const who = printedActors(text, matcher);
    if (who.length) return who;
  }
  const titles = titlesOf(matcher).list;
  // the first verb outside a name: "Bộ Xây dựng", "Ban Tổ chức" hold words that are verbs elsewhere
  const names = matcher.find(text.slice(0, 300));
  const firstVerb = (re: RegExp): number => {
    for (const m of text.slice(0, 300).matchAll(new RegExp(re.source, 'giu'))) {
      if (!names.some((x) => m.index! >= x.start && m.index! < x.end)) return m.index!;
    }
    return -1;
  };
  const stop = firstVerb(TASK_START);
  const verbAt = firstVerb(SUBJECT_VERB);
  const end = Math.min(...[stop, verbAt].filter((x) => x >= 0), 300);
  const span = text.slice(0, end);
  const ms = names.filter((x) => x.end <= end);
  if (!ms.length) return [];
  const first = span.slice(0, ms[0].start).trim();
  if (first && !titles.some((t) => first.toLowerCase().endsWith(t.toLowerCase()))) return [];
  const out: string[] = [];
  let at = 0;
  for (const m of ms) {
    const gap = span.slice(at, m.start).replace(/[\s,;]|và/gu, ' ');
    const gapWords = gap.trim() ? gap.trim().split(/\s+/) : [];
    if (at > 0 && gapWords.length && !titles.some((t) => gap.toLowerCase().includes(t.toLowerCase()))) break;
    out.push(m.name);
    at = m.end;
  }
  return [...new Set(out)];
}

/** Deadline of the nearest enclosing block: its heading, its closing sentence, its announcing sentence. */
function inheritedDeadline(u: Unit, units: Unit[], ctx: DirectiveContext): DeadlineT | null {
  let child = u;
  for (let p = u.parent; ; p = units[p].parent) {
    const siblings = p >= 0 ? units[p].children : units.filter((x) => x.parent === -1).map((x) => x.index);
    for (const s of siblings) {
      const su = units[s];
      if (su.kind !== 'para' || isClosing(su.text)) continue;
      const governs = (s > child.index && siblings.some((x) => x < s && units[x].kind !== 'para')) || (s < child.index && isTrigger(su.text));
      if (!governs) continue;
      const d = pickDeadline(su.text, ctx);
      if (d) return d;
    }
    if (p < 0) return null;
    const d = pickDeadline(units[p].text, ctx);
    if (d) return d;
    child = units[p];
  }
}
