import { MetadataService } from '../../catalog/metadata/metadata-service.ts';
import { allPaperIds, cachedLookup, keysOfPaper, paperIdsOfList, s2Answer } from '../../catalog/metadata/metadata-store.ts';
import { loadConfig } from '../../config.ts';
import { UserError } from '../../errors.ts';
import { createLogger } from '../../logger.ts';
import type { Db } from '../../store/db.ts';
import type { CliCommand, CliContext } from '../cli-command.ts';
import { getList } from '../../store/catalog.ts';
import { OPERATOR } from '../../store/catalog.ts';

/** What became of one paper's look-ups. */
type Outcome = 'found' | 'not found' | 'failed' | 'no id';

/**
 * `paperclub enrich [--list SLUG]`: looks up every paper of a list (or the catalog) that lacks its details, at the
 * sources' pace, with a progress bar. Resumable: answers are stored batch by batch, and papers already answered
 * are skipped, so a run stopped half-way (Ctrl-C) goes on where it stopped; failed look-ups are tried again.
 */
export default {
  name: 'enrich',
  usage: 'enrich [--list SLUG] [--json]',
  summary: 'fetch titles, authors and one-liners from arXiv and Semantic Scholar',
  options: { list: { type: 'string' } },
  async run(ctx) {
    const config = loadConfig(ctx.env);
    if (config.PAPERCLUB_METADATA === 'off') throw new UserError('metadata-off', 'look-ups are off (PAPERCLUB_METADATA=off); unset it to enrich.');
    const db = (await ctx.db());
    const slug = (ctx.options['list'] as string | undefined) ?? ctx.positionals[0];
    const list = slug ? await getList(db, slug, OPERATOR) : null;
    if (slug && !list) throw new UserError('unknown-list', `no list "${slug}"; see \`paperclub lists\``);
    const ids = [...new Set(list ? await paperIdsOfList(db, list.id) : await allPaperIds(db))];
    const what = list ? `"${list.slug}"` : 'the catalog';
    // Errors of the sources are counted in the summary; the log says only what an operator must act on.
    const logger = createLogger({ level: 'warn', write: (line) => ctx.err(`${JSON.parse(line).msg}\n`) });
    const service = new MetadataService(db, logger, {
      ...(config.PAPERCLUB_ARXIV_URL ? { arxivUrl: config.PAPERCLUB_ARXIV_URL } : {}),
      ...(config.PAPERCLUB_S2_URL ? { s2Url: config.PAPERCLUB_S2_URL } : {}),
      ...(config.SEMANTIC_SCHOLAR_API_KEY ? { s2ApiKey: config.SEMANTIC_SCHOLAR_API_KEY } : {}),
    });
    const started = Date.now();
    const bar = progressBar(ctx, ids.length);
    let done = 0;
    let stopped = false;
    const stop = () => {
      stopped = true;
      service.stop();
    };
    process.once('SIGINT', stop);
    try {
      bar.update(0);
      await Promise.all(
        ids.map(async (id) =>
          (await service.request([id], { retryFailed: true })).settled.then(() => {
            if (!stopped) bar.update(++done);
          }),
        ),
      );
    } finally {
      process.removeListener('SIGINT', stop);
      service.stop();
    }
    const counts: Record<Outcome, number> = { found: 0, 'not found': 0, failed: 0, 'no id': 0 };
    for (const id of ids) counts[(await outcomeOf(db, id))]++;
    const requests = service.requestCounts();
    const seconds = (Date.now() - started) / 1000;
    if (ctx.json) {
      ctx.out(JSON.stringify({ list: list?.slug ?? null, papers: ids.length, ...counts, interrupted: stopped, requests, seconds }, null, 2));
    } else {
      bar.end();
      ctx.out(
        `${stopped ? 'Interrupted: ' : ''}${ids.length} papers of ${what}: ${counts.found} found, ${counts['not found']} not found, ${counts.failed} failed` +
          `${counts['no id'] ? `, ${counts['no id']} with no id to look up` : ''}. ${requests.arxiv + requests.s2} requests (arXiv ${requests.arxiv}, Semantic Scholar ${requests.s2}) in ${seconds.toFixed(1)} s.` +
          (stopped || counts.failed ? ' Run it again to go on.' : ''),
      );
    }
    return stopped ? 130 : 0;
  },
} satisfies CliCommand;

/** Found by either source, unknown to all it was asked of, or failed (asked again by the next run). */
async function outcomeOf(db: Db, paperId: number): Promise<Outcome> {
  const keys = await keysOfPaper(db, paperId);
  const arxiv = keys?.arxiv ? [(await cachedLookup(db, 'arxiv', keys.arxiv))?.state ?? 'failed'] : [];
  const s2 = keys?.s2.length ? [(await s2Answer(db, keys))?.state ?? 'failed'] : [];
  const states = [...arxiv, ...s2];
  if (!states.length) return 'no id';
  if (states.includes('found')) return 'found';
  return states.every((s) => s === 'not-found') ? 'not found' : 'failed';
}

/** A bar on a terminal, redrawn in place; elsewhere (a log, a pipe) a line at every tenth. */
function progressBar(ctx: CliContext, total: number): { update(done: number): void; end(): void } {
  const tty = Boolean((process.stderr as { isTTY?: boolean }).isTTY);
  let lastTenth = -1;
  const end = () => {
    if (tty) ctx.err('\n');
  };
  const update = (done: number) => {
    const share = total ? done / total : 1;
    if (tty) {
      const width = 30;
      const full = Math.round(share * width);
      ctx.err(`\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done}/${total} papers`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      ctx.err(`enrich: ${done}/${total} papers\n`);
    }
  };
  return { update, end };
}
