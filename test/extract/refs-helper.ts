import type { AgencyMatcher } from '../../src/extract/agencies.js';
import { findReferences } from '../../src/extract/references.js';
import { makeFlow } from '../../src/extract/text.js';

/** References of the given lines (line numbers from 1), as one notice, without their spans. */
export function referencesOf(matcher: AgencyMatcher, lines: string[]) {
  return findReferences(makeFlow(lines.map((text, i) => ({ line: i + 1, page: 1, text }))), { matcher, docText: lines.join('\n') }).map(
    ({ start: _s, end: _e, page: _p, ...r }) => r,
  );
}
