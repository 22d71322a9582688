import { resolvePaper, searchPapers } from '../catalog/catalog-store.ts';
import type { Paper } from '../catalog/types.ts';
import { signableMeetings } from '../club/sign-ups.ts';
import { papersSuggestedByUser } from '../club/suggestions.ts';
import type { Club } from '../club/types.ts';
import { localDate, truncate } from '../render/format.ts';
import type { Db } from '../store/db.ts';
import type { SuggestionSource } from './types.ts';
import { allLists, communityOf } from '../store/catalog.ts';

/** Platforms cap choices at 25 and choice names at 100 characters. */
const MAX = 25;
const name = (s: string) => truncate(s, 100);

const COMMON_ZONES = [
  'UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Paris', 'America/New_York', 'America/Chicago', 'America/Denver',
  'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Tokyo', 'Asia/Shanghai', 'Australia/Sydney',
];

function paperChoice(p: Paper) {
  // A key that is a number ('1984') would name meeting 1984: quoted, it names the paper (commands/arguments.ts).
  const value = /^#?\d+$/.test(p.key) ? `"${p.key}"` : p.key;
  return { name: name(p.nickname && !p.title.startsWith(p.nickname) ? `${p.nickname} — ${p.title}` : p.title), value };
}

/**
 * Autocomplete choices for a source and what the user typed so far. `asker`: who asks (their platform user id) and
 * from which community (papers are offered among those it may find); without it, every paper of the catalog.
 */
export async function suggest(
  db: Db,
  club: Club | null,
  source: SuggestionSource,
  query: string,
  now: number,
  asker?: { userId: string; community: string },
): Promise<Array<{ name: string; value: string }>> {
  const q = query.trim().slice(0, 100);
  switch (source) {
    case 'paper': {
      if (!q && club) {
        return (await signableMeetings(db, club, now)).slice(0, MAX).flatMap((m) => (m.paper ? [paperChoice(m.paper)] : []));
      }
      // Search ranks exact ids, nicknames and titles first; the fuzzy scan (typos) runs only when it finds little.
      const out = q ? await searchPapers(db, q, MAX, asker?.community) : [];
      if (q && out.length < 5) {
        const res = await resolvePaper(db, q, asker?.community);
        const seen = new Set(out.map((p) => p.id));
        for (const p of res.paper ? [res.paper] : res.suggestions) if (!seen.has(p.id)) seen.add(p.id), out.push(p);
      }
      return out.slice(0, MAX).map(paperChoice);
    }
    case 'list':
      return (await allLists(db, club ? communityOf(club) : undefined))
        .filter((l) => !q || l.slug.includes(q.toLowerCase()) || l.title.toLowerCase().includes(q.toLowerCase()))
        .slice(0, MAX)
        .map((l) => ({ name: name(`${l.title} (${l.slug})`), value: l.slug }));
    case 'week':
    case 'my-week': {
      if (!club) return [];
      return (await signableMeetings(db, club, now))
        .filter((m) => m.paper && m.number)
        .filter((m) => source === 'week' || m.presenters.length > 0)
        .filter((m) => !q || String(m.number).startsWith(q) || localDate(m.slotAt, club.timezone).startsWith(q) || m.paper!.title.toLowerCase().includes(q.toLowerCase()))
        .slice(0, MAX)
        .map((m) => ({
          name: name(`Meeting ${m.number} · ${localDate(m.slotAt, club.timezone)} · ${m.paper!.title}${m.presenters.length ? ` (${m.presenters.map((p) => p.displayName).join(', ')})` : ''}`),
          // The date, not the number: a date names the same meeting even after a skip renumbers those after it.
          value: localDate(m.slotAt, club.timezone),
        }));
    }
    case 'my-suggestion': {
      if (!club || !asker) return [];
      const typed = q.toLowerCase();
      return (await papersSuggestedByUser(db, club, asker.userId))
        .filter((p) => !typed || p.title.toLowerCase().includes(typed) || (p.nickname?.toLowerCase().includes(typed) ?? false))
        .slice(0, MAX)
        .map(paperChoice);
    }
    case 'timezone': {
      // ICU may list old canonical names (Asia/Calcutta), so the common modern ones come first.
      const all = [...new Set([...COMMON_ZONES, ...(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [])])];
      const pool = q ? all.filter((z) => z.toLowerCase().includes(q.toLowerCase())) : COMMON_ZONES;
      return pool.slice(0, MAX).map((z) => ({ name: z, value: z }));
    }
  }
}
