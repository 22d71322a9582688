/**
 * Importing a reading list on Slack: an admin shares a markdown file in the club channel with `import [slug]`
 * (or `/paperclub club import [slug]`) as its message. The file is fetched with the bot token (`files:read`) and
 * handed to the core's `club import`, so the checks and messages are the same as on Discord; the answer is private.
 */
import type { App } from '@slack/bolt';
import { importTooLarge, MAX_IMPORT_BYTES } from '../../../commands/club/import.ts';
import { toMrkdwn } from '../mrkdwn.ts';
import type { ListenerDeps } from './deps.ts';

/** What the admin reads when Slack served its sign-in page instead of the file. */
export const SIGN_IN_PAGE_ANSWER =
  "Slack sent me its sign-in page instead of your file, so I may not read shared files. An admin should check SLACK_BOT_TOKEN and reinstall the app from slack/manifest.yml (it needs the files:read scope), then share the file again.";

/**
 * A download Slack would not serve (wrong or missing token, no files:read, the Authorization header lost on a
 * redirect) still answers 200, with its HTML sign-in page (https://api.slack.com/types/file#auth; bolt-js #2585).
 */
export function isSignInPage(contentType: string | null, body: string): boolean {
  return /^text\/html\b/i.test(contentType ?? '') || /^\uFEFF?\s*<(?:!doctype\s+html|html)[\s>]/i.test(body.slice(0, 512));
}

const IMPORT_TEXT = /^\s*(?:\/paperclub\s+)?(?:club\s+)?import(?:\s+([a-z0-9][a-z0-9-]{0,62}))?(?:\s+(confirm:yes))?\s*$/i;

interface SharedFile {
  id: string;
  name?: string;
  size?: number;
}
interface FileShareEvent {
  subtype?: string;
  user?: string;
  channel?: string;
  text?: string;
  files?: SharedFile[];
}

/** Registers the file-share listener. */
export function register(app: App, deps: ListenerDeps): void {
  const logger = deps.logger.child({ listener: 'file-import' });

  app.event('message', async ({ event, body, client }) => {
    const e = event as FileShareEvent;
    if (e.subtype !== 'file_share' || !e.user || !e.channel || !e.files?.length) return;
    const asked = IMPORT_TEXT.exec(e.text ?? '');
    if (!asked) return; // files shared for other reasons are not ours
    const workspace = (body as { team_id?: string }).team_id ?? '';
    const say = async (text: string) => {
      try {
        await client.chat.postEphemeral({ channel: e.channel!, user: e.user!, text: toMrkdwn(text) });
      } catch (err) {
        logger.warn('import answer not delivered', { channel: e.channel, user: e.user, err });
      }
    };
    const file = e.files[0]!;
    if ((file.size ?? 0) > MAX_IMPORT_BYTES) return say(importTooLarge(file.name ?? 'That file', file.size ?? 0));
    try {
      const who = await deps.users.lookup(e.user, undefined, client);
      const info = (await client.files.info({ file: file.id })) as { file?: { name?: string; size?: number; url_private_download?: string } };
      const url = info.file?.url_private_download;
      if (!url) return say("I couldn't read that file. Share it again, or use the CLI: npx paperclub import FILE.");
      const res = await fetch(url, { headers: { authorization: `Bearer ${client.token ?? ''}` } });
      if (!res.ok) return say("I couldn't download that file (Slack refused). Share it again in a minute.");
      const content = await res.text();
      if (isSignInPage(res.headers.get('content-type'), content)) {
        logger.warn('file download answered with the sign-in page: token or files:read scope wrong', { channel: e.channel, file: file.id });
        return say(SIGN_IN_PAGE_ANSWER);
      }
      const reply = await deps.core.execute({
        where: { platform: 'slack', workspace, channel: e.channel },
        user: { userId: e.user, displayName: who.displayName, isPlatformAdmin: who.isPlatformAdmin },
        command: 'club import',
        args: { file: { name: info.file?.name ?? file.name ?? 'list.md', content }, ...(asked[1] ? { slug: asked[1].toLowerCase() } : {}), ...(asked[2] ? { confirm: 'yes' } : {}) },
      });
      await say(reply.text);
    } catch (err) {
      logger.error('import from a shared file failed', { channel: e.channel, user: e.user, err });
      await say('Something went wrong reading that file; it has been logged. Please try again.');
    }
  });
}
