import { importList, isSameImport } from '../../catalog/catalog-store.ts';
import { paperIdsOfList } from '../../catalog/metadata/metadata-store.ts';
import { UserError } from '../../errors.ts';
import { listSizeText } from '../../render/format.ts';
import describeUnplaced from '../../catalog/unplaced-report.ts';
import { publicReply, privateReply } from '../../render/replies.ts';
import { str } from '../shared.ts';
import type { Command } from '../types.ts';
import { communityOf, ownList, getList } from '../../store/catalog.ts';
/**
 * One size limit for importing a reading list, on every platform (a Discord attachment, a file shared on Slack): a
 * markdown list is a few tens of kB. Adapters check it before downloading (the size the platform reports), the
 * command on what arrived.
 */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** What the admin reads when the file is over the limit. */
export function importTooLarge(name: string, bytes: number): string {
  return `${name} is ${Math.ceil(bytes / 1024).toLocaleString('en-US')} kB; a reading list import takes a markdown file of at most 1 MB (1,024 kB).`;
}

/** The list's short name from the file's own name: `lists/x.md` (a path typed in the playground) → `x`. */
function slugFromName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name;
  const base = file.replace(/\.[a-z0-9]+$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return base.slice(0, 40) || 'imported-list';
}

/**
 * `/club import` — import a markdown reading list (a .md file) as this server's / workspace's own list.
 * The shared lists are never changed: a taken slug makes the community's own list of that name, and replacing the
 * community's own list with different content needs `confirm:yes`. The same file again changes nothing.
 */
export default {
  group: 'club',
  name: 'import',
  description: 'Import a markdown reading list (a .md file) as this community’s own list',
  options: [
    { name: 'file', description: 'The markdown file', type: 'attachment', required: true },
    { name: 'slug', description: 'Short name for the list (default: from the file name)', type: 'string', kind: 'slug', maxLength: 64 },
    { name: 'confirm', description: 'Replace this community’s own list of that name', type: 'string', choices: [{ name: 'yes', value: 'yes' }] },
  ],
  admin: true,
  async handle(ctx, args) {
    const file = args.file as { name: string; content: string } | undefined;
    if (!file || typeof file !== 'object') throw new UserError('no-file', 'Attach a markdown file to import.');
    const bytes = Buffer.byteLength(file.content);
    if (bytes > MAX_IMPORT_BYTES) throw new UserError('file-too-large', importTooLarge(file.name, bytes));
    const slug = str(args.slug) ?? slugFromName(file.name);
    const owner = communityOf(ctx.where);
    const mine = await ownList(ctx.db, owner, slug);
    const confirmed = str(args.confirm)?.toLowerCase() === 'yes';
    if (mine && !confirmed) {
      // The same file again is a no-op, so it needs no confirmation.
      if (!(await isSameImport(ctx.db, { slug, markdown: file.content, source: file.name, owner }))) {
        return privateReply(
          `This community already has its own list \`${slug}\` (${listSizeText(mine)}). Importing ${file.name} replaces it for every club here that follows it. Run /club import again with confirm:yes to replace it, or pick another slug.`,
        );
      }
      return publicReply(`\`${slug}\` is already up to date: ${listSizeText(mine)}, nothing changed.`);
    }
    const shadows = !mine && !!(await getList(ctx.db, slug));
    const res = await importList(ctx.db, { slug, markdown: file.content, source: file.name, owner });
    // Papers new to the catalog (a list of bare links) get their titles and one-liners behind commands' look-ups.
    ctx.lookups?.request(await paperIdsOfList(ctx.db, res.list.id), { background: true }).catch(() => {
      // Behind the answer: a look-up that cannot start now is asked again when these papers are next shown.
    });
    const note = shadows ? ` The shared list \`${slug}\` is unchanged; here, \`${slug}\` now means your own list.` : '';
    const unplaced = describeUnplaced(res.unplaced, 3);
    return publicReply(
      `Imported **${res.list.title}** as \`${res.list.slug}\`: ${listSizeText(res.list)}; ${res.added} new, ${res.updated} updated, ${res.removed} removed.${note} Follow it with /club setup list:${res.list.slug}.${unplaced ? `\n${unplaced}` : ''}`,
    );
  },
} satisfies Command;
