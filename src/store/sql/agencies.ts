// Agencies: names and aliases shared by all notices, the per-agency directive counts (kept by the
// writes), and resolving the user's words to agency ids.
import { fold } from '../../text/fold.js';
import { resolveAgencies, type AgencyName } from '../search.js';
import type { AgencySummary, Page } from '../shapes.js';
import { emptyPage, type Param, type SqlExecutor, type Statement } from './executor.js';

/**
 * Adds (sign 1) or removes (sign -1) a document's directives to the per-agency counts. Runs in the
 * document's write batch: after its assignees are inserted, or before the document is deleted.
 */
export function agencyStatsStatement(documentId: string, sign: 1 | -1): Statement {
  return {
    sql: `INSERT INTO agency_stats (agency_id, directives, lead, open)
      SELECT s.agency_id, ${sign} * count(DISTINCT s.directive_id),
             ${sign} * count(DISTINCT CASE WHEN s.role = 'lead' THEN s.directive_id END),
             ${sign} * count(DISTINCT CASE WHEN d.status <> 'done' THEN s.directive_id END)
      FROM directives d JOIN assignees s ON s.directive_id = d.id
      WHERE d.document_id = ?
      GROUP BY s.agency_id
      ON CONFLICT (agency_id) DO UPDATE SET directives = directives + excluded.directives,
        lead = lead + excluded.lead, open = open + excluded.open`,
    params: [documentId],
  };
}

export class SqlAgencies {
  constructor(readonly db: SqlExecutor) {}

  // Agency names and resolved queries, kept while the agency and alias counts stay the same (names are
  // never renamed or removed), so that an agency filter costs one tiny query instead of a scan and a match.
  private agencyCache: { version: string; names: AgencyName[]; resolved: Map<string, string[]> } | null = null;

  private async agencyNames(): Promise<{ names: AgencyName[]; resolved: Map<string, string[]> }> {
    const [v] = await this.db.all<{ a: number; b: number }>(
      'SELECT (SELECT count(*) FROM agencies) AS a, (SELECT count(*) FROM agency_aliases) AS b');
    const version = `${v.a}/${v.b}`;
    if (this.agencyCache?.version === version) return this.agencyCache;
    const rows = await this.db.all<{ id: string; name: string }>('SELECT id, name FROM agencies');
    const aliases = await this.db.all<{ alias: string; agency_id: string }>('SELECT alias, agency_id FROM agency_aliases');
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, aliases: [] as string[] }]));
    for (const a of aliases) byId.get(a.agency_id)?.aliases.push(a.alias);
    this.agencyCache = { version, names: [...byId.values()], resolved: new Map() };
    return this.agencyCache;
  }

  async resolveAgency(query: string): Promise<string[]> {
    const { names, resolved } = await this.agencyNames();
    let ids = resolved.get(query);
    if (!ids) {
      ids = resolveAgencies(query, names);
      if (resolved.size >= 1000) resolved.clear();
      resolved.set(query, ids);
    }
    return [...ids];
  }

  async addAgencyAlias(agencyId: string, alias: string): Promise<boolean> {
    const a = fold(alias).trim();
    if (!a || !(await this.db.all('SELECT 1 FROM agencies WHERE id = ?', [agencyId])).length) return false;
    await this.db.run('INSERT OR IGNORE INTO agency_aliases (alias, agency_id) VALUES (?, ?)', [a, agencyId]);
    return true;
  }

  private async agencySummaries(where: string, params: Param[], limit: number, offset: number): Promise<AgencySummary[]> {
    // Counts come from agency_stats, kept by the writes; an agency without directives has no row there.
    const rows = await this.db.all<Omit<AgencySummary, 'aliases'> & { aliases: string | null }>(
      `SELECT a.id, a.name, (SELECT group_concat(alias, char(31)) FROM agency_aliases al WHERE al.agency_id = a.id) AS aliases,
              coalesce(st.directives, 0) AS directives, coalesce(st.lead, 0) AS lead, coalesce(st.open, 0) AS open
       FROM agencies a LEFT JOIN agency_stats st ON st.agency_id = a.id ${where}
       ORDER BY directives DESC, a.name LIMIT ? OFFSET ?`, [...params, limit, offset]);
    return rows.map((r) => ({ ...r, aliases: r.aliases ? r.aliases.split('\u001f') : [] }));
  }

  async listAgencies({ limit, offset, q }: { limit: number; offset: number; q?: string }): Promise<Page<AgencySummary>> {
    let where = '';
    const params: Param[] = [];
    if (q !== undefined) {
      const ids = await this.resolveAgency(q);
      if (!ids.length) return emptyPage(limit, offset);
      where = 'WHERE a.id IN (SELECT value FROM json_each(?))';
      params.push(JSON.stringify(ids));
    }
    const total = (await this.db.all<{ n: number }>(`SELECT count(*) AS n FROM agencies a ${where}`, params))[0].n;
    return { items: await this.agencySummaries(where, params, limit, offset), total, limit, offset };
  }

  async getAgency(id: string): Promise<AgencySummary | null> {
    const [a] = await this.agencySummaries('WHERE a.id = ?', [id], 1, 0);
    return a ?? null;
  }
}
